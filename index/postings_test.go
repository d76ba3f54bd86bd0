package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
)

// TestPostingsAt checks that visiting candidates finds every posting among
// them, in particular a posting the reader lands on while advancing to an
// earlier candidate that the term lacks (a record once went missing that
// way, and a search found nothing holding all its words).
func TestPostingsAt(t *testing.T) {
	var pms []data.Postmortem
	for i := range 12 {
		body := "an ordinary outage"
		if i%3 == 1 {
			body = "a zebra crossed the datacenter"
		}
		url := fmt.Sprintf("https://example.test/%d", i)
		pms = append(pms, data.Postmortem{ID: data.IDFor(url), URL: url, Title: fmt.Sprintf("Incident %d", i), Company: fmt.Sprintf("Co %d", i), Body: body, Language: "en"})
	}
	ix := newTestIndex(t, pms)
	ctx := context.Background()
	err := ix.withReader(func(r bindex.IndexReader) error {
		v, ok := segmentsOf(r)
		if !ok {
			t.Skip("not a scorch snapshot")
		}
		tp, err := v.lookup(fBody, []byte("zebra"))
		if err != nil {
			return err
		}
		var want []uint32
		if err := tp.each(ctx, func(d uint32, _ uint64, _ float64) { want = append(want, d) }); err != nil {
			return err
		}
		if len(want) != 4 {
			t.Fatalf("postings of zebra: got %v, want 4 records", want)
		}
		// Candidates: every posting, and the record just before each,
		// which the term lacks whenever it is not a posting itself.
		var cands []uint32
		for _, d := range want {
			if d > 0 {
				cands = append(cands, d-1)
			}
			cands = append(cands, d)
		}
		slices.Sort(cands)
		cands = slices.Compact(cands)
		for _, exact := range []bool{true, false} {
			var got []uint32
			err := tp.at(ctx, cands, exact, func(d uint32, freq uint64, norm float64) {
				got = append(got, d)
				if exact && (freq != 1 || norm <= 0) {
					t.Errorf("exact posting %d: got freq %d norm %g, want 1 and > 0", d, freq, norm)
				}
			})
			if err != nil {
				return err
			}
			if !slices.Equal(got, want) {
				t.Errorf("at(exact=%v) over %v: got %v, want %v", exact, cands, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLookupIn checks that lookups through a dictCache find what lookups
// opening each dictionary find, again and again, over several segments,
// some of which lack the field.
func TestLookupIn(t *testing.T) {
	ctx := context.Background()
	batch := func(lang, body string, from int) []data.Postmortem {
		var pms []data.Postmortem
		for i := from; i < from+5; i++ {
			url := fmt.Sprintf("https://example.test/%d", i)
			pms = append(pms, data.Postmortem{ID: data.IDFor(url), URL: url, Title: fmt.Sprintf("Incident %d", i), Company: fmt.Sprintf("Co %d", i), Body: body, Language: lang})
		}
		return pms
	}
	ix := newTestIndex(t, batch("en", "the zebra crossed the datacenter", 0))
	for i, b := range [][]data.Postmortem{batch("fr", "le zèbre a traversé le centre de données", 10), batch("en", "a zebra again", 20)} {
		if err := ix.PutBatch(ctx, b); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
	}
	err := ix.withReader(func(r bindex.IndexReader) error {
		v, ok := segmentsOf(r)
		if !ok {
			t.Skip("not a scorch snapshot")
		}
		records := func(tp termPostings) []uint32 {
			var out []uint32
			if err := tp.each(ctx, func(d uint32, _ uint64, _ float64) { out = append(out, d) }); err != nil {
				t.Fatal(err)
			}
			return out
		}
		c := dictCache{}
		found := 0
		for range 2 {
			for _, ft := range []struct{ field, term string }{{fBody, "zebra"}, {fBody + frSuffix, "zebr"}, {fBody, "datacent"}, {fBody, "absent"}} {
				want, err := v.lookup(ft.field, []byte(ft.term))
				if err != nil {
					return err
				}
				got, err := v.lookupIn(c, ft.field, []byte(ft.term))
				if err != nil {
					return err
				}
				if got.df != want.df || !slices.Equal(records(got), records(want)) {
					t.Errorf("%s:%s: cached lookup found %v (df %d), want %v (df %d)", ft.field, ft.term, records(got), got.df, records(want), want.df)
				}
				found += int(want.df)
			}
		}
		if len(v.segs) < 2 || found == 0 {
			t.Errorf("%d segments, %d postings: the test needs several segments and matches", len(v.segs), found)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
