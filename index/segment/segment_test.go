package segment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/pmkb/pmkb/index/internal/testutil"
)

// doc is a fixture record: an id and its fields' texts.
type doc struct {
	id     string
	fields map[string]string
}

// fixture indexes each batch as one segment of an in-memory index, deletes
// the records of deleted, and returns a snapshot of it with its reader.
func fixture(t *testing.T, deleted []string, batches ...[]doc) (*Snapshot, bleve.Index) {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	b, err := New("", m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	for _, batch := range batches {
		bb := b.NewBatch()
		for _, d := range batch {
			if err := bb.Index(d.id, d.fields); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Batch(bb); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range deleted {
		if err := b.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	r := testutil.Reader(t, b)
	snap, err := Of(r)
	if err != nil {
		t.Fatalf("Of: %v (scorch's snapshot type changed: segment reads *scorch.IndexSnapshot)", err)
	}
	return snap, b
}

// docs makes n records with ids prefix0, prefix1..., whose field holds
// text(i).
func docs(prefix, field string, n int, text func(i int) string) []doc {
	out := make([]doc, n)
	for i := range out {
		out[i] = doc{id: fmt.Sprintf("%s%02d", prefix, i), fields: map[string]string{field: text(i)}}
	}
	return out
}

// tokens is how many tokens bleve's English analyzer makes of text.
func tokens(t *testing.T, text string) uint64 {
	t.Helper()
	an := bleve.NewIndexMapping().AnalyzerNamed(en.AnalyzerName)
	return uint64(len(an.Analyze([]byte(text))))
}

// TestEngineContract fails when a bleve upgrade changes what this package
// relies on: that an index reader is a *scorch.IndexSnapshot, that its
// record numbers are segment offsets plus numbers within segments (as
// bleve's term readers number them), that the default segment format's
// postings give the field length (NormUint64) and the norm bleve scores
// with (float32(1/sqrt(length))), and that its postings iterators expose
// their bitmap (OptimizablePostingsIterator).
func TestEngineContract(t *testing.T) {
	ctx := context.Background()
	body := func(i int) string { return strings.Repeat("quiet words here ", i%4) + "the disk filled up" }
	snap, _ := fixture(t, []string{"b03"}, docs("a", "body", 6, body), docs("b", "body", 7, body))
	if snap.Segments() != 2 || snap.Size() != 13 {
		t.Fatalf("got %d segments and %d record numbers, want 2 and 13", snap.Segments(), snap.Size())
	}
	p, err := snap.Postings("body", []byte("disk"))
	if err != nil {
		t.Fatal(err)
	}
	if p.DocFreq() != 12 {
		t.Errorf("doc freq of disk: got %d, want 12 (13 records, one deleted)", p.DocFreq())
	}
	var got []uint32
	err = p.Each(ctx, func(d uint32, freq, length uint64) bool {
		got = append(got, d)
		id, err := snap.ID(d)
		if err != nil {
			t.Fatal(err)
		}
		var i int
		if _, err := fmt.Sscanf(id[1:], "%d", &i); err != nil {
			t.Fatal(err)
		}
		if want := tokens(t, body(i)); freq != 1 || length != want {
			t.Errorf("record %d (%s): got freq %d, length %d; want 1 and %d", d, id, freq, length, want)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := bleveNumbers(t, snap, "body", "disk"); !slices.Equal(got, want) {
		t.Errorf("record numbers: got %v, bleve's term reader has %v", got, want)
	}
	checkPostingFormat(t, snap, "body", "disk")
}

// bleveNumbers returns the record numbers bleve's own term reader gives
// the postings of term in field.
func bleveNumbers(t *testing.T, snap *Snapshot, field, term string) []uint32 {
	t.Helper()
	tfr, err := snap.Reader().TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var out []uint32
	for {
		p, err := tfr.Next(&bindex.TermFieldDoc{})
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return out
		}
		out = append(out, Num(p.ID))
	}
}

// checkPostingFormat reads the first segment's postings of term as the
// default segment format gives them.
func checkPostingFormat(t *testing.T, snap *Snapshot, field, term string) {
	t.Helper()
	dict, err := snap.segs[0].Segment().Dictionary(field)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	it := pl.Iterator(true, true, false, nil)
	po, err := it.Next()
	if err != nil || po == nil {
		t.Fatalf("first posting of %s: %v, %v", term, po, err)
	}
	lp, ok := po.(lengthPosting)
	if !ok {
		t.Fatalf("posting %T has no NormUint64: the segment format no longer gives field lengths", po)
	}
	n := lp.NormUint64()
	if want := float64(float32(1 / math.Sqrt(float64(n)))); n == 0 || po.Norm() != want {
		t.Errorf("posting of length %d: Norm() is %g, want float32(1/sqrt(length)) = %g: the norm encoding changed", n, po.Norm(), want)
	}
	o, ok := pl.Iterator(false, false, false, nil).(segment.OptimizablePostingsIterator)
	if !ok || o.ActualBitmap() == nil {
		t.Errorf("postings iterator %T: no bitmap (OptimizablePostingsIterator.ActualBitmap): DocsFrom and Holding would read every posting", it)
	}
}

// TestPostingsAt checks that visiting candidates finds every posting among
// them, in particular a posting the iterator lands on while advancing to
// an earlier candidate that the term lacks (a record once went missing
// that way, and a search found nothing holding all its words).
func TestPostingsAt(t *testing.T) {
	ctx := context.Background()
	snap, _ := fixture(t, nil, docs("r", "body", 12, func(i int) string {
		if i%3 == 1 {
			return "a zebra crossed the datacenter"
		}
		return "an ordinary outage"
	}))
	p, err := snap.Postings("body", []byte("zebra"))
	if err != nil {
		t.Fatal(err)
	}
	want := records(t, p)
	if len(want) != 4 {
		t.Fatalf("postings of zebra: got %v, want 4 records", want)
	}
	// Candidates: every posting, and the record just before each, which
	// the term lacks whenever it is not a posting itself.
	var cands []uint32
	for _, d := range want {
		if d > 0 {
			cands = append(cands, d-1)
		}
		cands = append(cands, d)
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var at, holding []uint32
	err = p.At(ctx, cands, func(d uint32, freq, length uint64) {
		at = append(at, d)
		if freq != 1 || length == 0 {
			t.Errorf("At %d: got freq %d length %d, want 1 and > 0", d, freq, length)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Holding(ctx, cands, func(d uint32) { holding = append(holding, d) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(at, want) || !slices.Equal(holding, want) {
		t.Errorf("over %v: At got %v, Holding got %v, want %v", cands, at, holding, want)
	}
	var from []uint32
	if err := p.DocsFrom(ctx, want[1], func(ds []uint32) { from = append(from, ds...) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(from, want[1:]) {
		t.Errorf("DocsFrom(%d): got %v, want %v", want[1], from, want[1:])
	}
}

// records returns the record numbers of p.
func records(t *testing.T, p Postings) []uint32 {
	t.Helper()
	var out []uint32
	err := p.Each(context.Background(), func(d uint32, _, _ uint64) bool {
		out = append(out, d)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDicts checks that lookups through Dicts find what lookups opening
// each dictionary find, again and again, over several segments, some of
// which lack the field.
func TestDicts(t *testing.T) {
	snap, _ := fixture(t, nil,
		docs("a", "body", 5, func(int) string { return "the zebra crossed the datacenter" }),
		docs("b", "title", 5, func(int) string { return "a zebra in the title" }),
		docs("c", "body", 5, func(int) string { return "a zebra again" }))
	c := snap.Dicts()
	found := 0
	for range 2 {
		for _, ft := range []struct{ field, term string }{{"body", "zebra"}, {"title", "zebra"}, {"body", "datacent"}, {"body", "absent"}} {
			want, err := snap.Postings(ft.field, []byte(ft.term))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Postings(ft.field, []byte(ft.term))
			if err != nil {
				t.Fatal(err)
			}
			if got.DocFreq() != want.DocFreq() || !slices.Equal(records(t, got), records(t, want)) {
				t.Errorf("%s:%s: cached lookup found %v (df %d), want %v (df %d)", ft.field, ft.term, records(t, got), got.DocFreq(), records(t, want), want.DocFreq())
			}
			found += int(want.DocFreq())
		}
	}
	if snap.Segments() < 3 || found == 0 {
		t.Errorf("%d segments, %d postings: the test needs several segments and matches", snap.Segments(), found)
	}
}

// TestFieldStats checks a field's record count and summed length against
// the fixture's texts, deleted records left out.
func TestFieldStats(t *testing.T) {
	texts := []string{"Disk full on the primary", "", "the database stopped accepting writes after the disk filled", "one", "Replication lag grew for hours"}
	all := docs("r", "body", len(texts), func(i int) string { return texts[i] })
	snap, _ := fixture(t, []string{"r04"}, all[:2], all[2:])
	var want FieldStats
	for _, text := range texts[:4] {
		if n := tokens(t, text); n > 0 {
			want.Docs++
			want.Length += n
		}
	}
	got, err := snap.FieldStats(context.Background(), "body")
	if err != nil {
		t.Fatal(err)
	}
	if got != want || got.AvgLength() != float64(want.Length)/float64(want.Docs) {
		t.Errorf("field stats: got %+v (mean %g), want %+v", got, got.AvgLength(), want)
	}
}

// TestReleaseMapped: releasing the mappings of an open index's segment
// files loses nothing: its records still read back afterwards.
func TestReleaseMapped(t *testing.T) {
	dir := t.TempDir()
	b, err := New(dir, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	batch := b.NewBatch()
	for i := range 500 {
		if err := batch.Index(fmt.Sprintf("doc%03d", i), map[string]any{"body": fmt.Sprintf("word%d common text", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := Batch(b, batch); err != nil {
		t.Fatal(err)
	}
	if err := Compact(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if n := ReleaseMapped(); n <= 0 {
		t.Errorf("ReleaseMapped: released %d bytes, want the segment's mapping", n)
	}
	res, err := b.Search(bleve.NewSearchRequest(bleve.NewMatchQuery("word42")))
	if err != nil || res.Total != 1 {
		t.Errorf("search after release: got %v hits, %v; want 1", res, err)
	}
	if n, err := b.DocCount(); err != nil || n != 500 {
		t.Errorf("count after release: got %d, %v; want 500", n, err)
	}
}

// TestIntersect checks the AND of several terms' postings against their
// records, over several segments, one record deleted and one term held by
// a single record (which zap keeps without a bitmap).
func TestIntersect(t *testing.T) {
	ctx := context.Background()
	text := func(i int) string {
		s := "outage"
		if i%2 == 0 {
			s += " disk"
		}
		if i%3 == 0 {
			s += " full"
		}
		if i == 6 {
			s += " zebra"
		}
		return s
	}
	all := docs("r", "body", 30, text)
	snap, _ := fixture(t, []string{"r12"}, all[:10], all[10:20], all[20:])
	for _, terms := range [][]string{{"disk", "full"}, {"disk", "full", "zebra"}, {"outage", "disk"}, {"full", "absent"}} {
		var ps []Postings
		want := map[uint32]int{}
		for _, term := range terms {
			p, err := snap.Postings("body", []byte(term))
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
			for _, d := range records(t, p) {
				want[d]++
			}
		}
		var wantDocs []uint32
		for d, n := range want {
			if n == len(terms) {
				wantDocs = append(wantDocs, d)
			}
		}
		slices.Sort(wantDocs)
		var got []uint32
		if err := Intersect(ctx, ps, func(ds []uint32) { got = append(got, ds...) }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, wantDocs) {
			t.Errorf("Intersect(%v): got %v, want %v", terms, got, wantDocs)
		}
	}
}
