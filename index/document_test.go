package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/document"
	"github.com/pmkb/pmkb/index/internal/testutil"
	"github.com/pmkb/pmkb/index/segment"
)

// TestDocBuilder indexes the same records through bleve's mapping and
// through index/document and requires the same index: every field's terms, and
// each term's documents with frequency, norm and term vectors.
func TestDocBuilder(t *testing.T) {
	ctx := context.Background()
	pms := append(testutil.SynthBase(t), testutil.SynthCorpus(t, 300)...)
	fr := smallCorpus()[0]
	fr.ID, fr.Language = "fr-record", "fr"
	fr.Title, fr.RootCause = "Panne de l'hyperviseur : la base de données saturée", "Le disque était plein à 100 %."
	pms = append(pms, fr)

	db := newTestDocBuilder(t)
	co, err := data.DefaultCompanies()
	if err != nil {
		t.Fatal(err)
	}
	want, got := dumpIndex(ctx, t, indexOf(t, pms, co, nil)), dumpIndex(ctx, t, indexOf(t, pms, co, db))
	if len(want) < 10 {
		t.Fatalf("the reference index has %d fields: the dump is broken", len(want))
	}
	terms := 0
	for field, wt := range want {
		gt := got[field]
		if len(gt) != len(wt) {
			t.Errorf("field %s: %d terms, want %d", field, len(gt), len(wt))
		}
		for term, wp := range wt {
			terms++
			if gp := gt[term]; gp != wp {
				t.Fatalf("field %s, term %q:\n got %s\nwant %s", field, term, gp, wp)
			}
		}
	}
	for field := range got {
		if _, ok := want[field]; !ok && field != fLengths {
			t.Errorf("field %s: not in the reference index", field)
		}
	}
	checkLengths(ctx, t, indexOf(t, pms, co, db))
	if terms < 10_000 {
		t.Errorf("compared %d terms: want a large sample", terms)
	}
}

// indexOf indexes pms into a new in-memory index, through bleve's mapping
// when db is nil and through db otherwise, every fiftieth record with the
// one before as its duplicate (array values from two records).
func indexOf(t *testing.T, pms []data.Postmortem, co data.Companies, db *document.Builder) bindex.IndexReader {
	t.Helper()
	m, err := newMapping("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := segment.New("", m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	batch := b.NewBatch()
	for i, pm := range pms {
		raw, err := json.Marshal(pm)
		if err != nil {
			t.Fatal(err)
		}
		var dups []data.Postmortem
		if i%50 == 1 {
			dups = pms[i-1 : i] // a primary with a duplicate: array values from two records
		}
		d := buildDoc(co, pm, raw, "", dups)
		if db == nil {
			err = batch.Index(pm.ID, d)
		} else {
			doc, berr := db.Build(pm.ID, d)
			if berr != nil {
				t.Fatal(berr)
			}
			err = batch.IndexAdvanced(doc)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Batch(batch); err != nil {
		t.Fatal(err)
	}
	r := testutil.Reader(t, b)
	return r
}

// dumpIndex renders every field's postings: field -> term -> the documents
// (by external id) with frequency, norm and term vectors.
func dumpIndex(ctx context.Context, t *testing.T, r bindex.IndexReader) map[string]map[string]string {
	t.Helper()
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, field := range fields {
		if field == "_id" {
			continue
		}
		d, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		out[field] = map[string]string{}
		for {
			e, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			out[field][e.Term] = postingsOf(ctx, t, r, field, e.Term)
		}
		_ = d.Close()
	}
	return out
}

func postingsOf(ctx context.Context, t *testing.T, r bindex.IndexReader, field, term string) string {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var docs []string
	for {
		p, err := tfr.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			break
		}
		id, err := r.ExternalID(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var vecs []string
		for _, v := range p.Vectors {
			vecs = append(vecs, fmt.Sprintf("%s@%d[%d:%d]%v", v.Field, v.Pos, v.Start, v.End, v.ArrayPositions))
		}
		slices.Sort(vecs)
		docs = append(docs, fmt.Sprintf("%s f%d n%.4f %v", id, p.Freq, p.Norm, vecs))
	}
	slices.Sort(docs)
	return fmt.Sprint(docs)
}

// newTestDocBuilder returns the document builder of the default mapping.
func newTestDocBuilder(t testing.TB) *document.Builder {
	t.Helper()
	m, err := newMapping("")
	if err != nil {
		t.Fatal(err)
	}
	db, err := newDocBuilder(m)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// BenchmarkDocAnalyze times what a bulk load spends per record before the
// segment builder: buildDoc, Builder.Build and every field's analysis.
func BenchmarkDocAnalyze(b *testing.B) {
	defer withPmkbGC()()
	pms := testutil.SynthCorpus(b, 2000)
	co, err := data.DefaultCompanies()
	if err != nil {
		b.Fatal(err)
	}
	raws := make([][]byte, len(pms))
	for i, pm := range pms {
		if raws[i], err = json.Marshal(pm); err != nil {
			b.Fatal(err)
		}
	}
	db := newTestDocBuilder(b)
	n := 0
	for b.Loop() {
		i := n % len(pms)
		n++
		doc, err := db.Build(pms[i].ID, buildDoc(co, pms[i], raws[i], "", nil))
		if err != nil {
			b.Fatal(err)
		}
		doc.VisitFields(func(f bindex.Field) {
			if f.Options().IsIndexed() { // as scorch does
				f.Analyze()
			}
		})
	}
}

// checkLengths holds the lengths field the builder adds (bleve's mapping
// has nothing like it) to the postings: for each text field, as many
// records and as many tokens in all as the field's postings say.
func checkLengths(ctx context.Context, t *testing.T, r bindex.IndexReader) {
	t.Helper()
	d, err := r.FieldDict(fLengths)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got := map[string]segment.FieldStats{}
	for {
		e, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		field, num, _ := strings.Cut(e.Term, ":")
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			t.Fatalf("lengths term %q: %v", e.Term, err)
		}
		st := got[field]
		st.Docs += e.Count
		st.Length += e.Count * n
		got[field] = st
	}
	snap, err := segment.Of(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range append(textFieldNames(), fCompanyWd) {
		want, err := snap.FieldStats(ctx, field)
		if err != nil {
			t.Fatal(err)
		}
		if got[field] != want {
			t.Errorf("field %s: lengths field says %+v, postings %+v", field, got[field], want)
		}
	}
}
