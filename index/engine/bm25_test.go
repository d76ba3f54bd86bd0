package engine

import (
	"context"
	"math"
	"testing"
)

// bm25Model weighs the fixture's title three times its body, each field
// with its own length normalisation.
var bm25Model = Model{BM25: true, K1: 1.2, Fields: map[string]Field{
	"title": {Weight: 3, B: 0.3, Floor: 0.5},
	"body":  {Weight: 1, B: 0.75},
}}

// want is the BM25F score of a term held by df records, from its
// occurrences (freq, length) in each field of one record.
func bm25Want(t *testing.T, f *fixture, n, df float64, occ map[string][2]uint64) float64 {
	t.Helper()
	tf := 0.0
	for field, o := range occ {
		st, err := f.snap.FieldStats(context.Background(), field)
		if err != nil {
			t.Fatal(err)
		}
		fm := bm25Model.Fields[field]
		mean := st.AvgLength()
		tf += fm.Weight * float64(o[0]) / (1 - fm.B + fm.B*math.Max(float64(o[1]), fm.Floor*mean)/mean)
	}
	idf := math.Log(1 + (n-df+0.5)/(df+0.5))
	return idf * tf * 2.2 / (1.2 + tf)
}

// TestBM25F checks the engine's BM25F against the formula: a term's
// occurrences in the title and the body add up before they saturate, each
// field normalised by its own mean length, and a term counts as rare as
// its most frequent field says.
func TestBM25F(t *testing.T) {
	f := newFixture(t)
	e := New(testSchema, bm25Model, 1)
	got := f.scores(t, e, Leaf{Field: "body", Term: []byte("disk"), Boost: 1}, Leaf{Field: "title", Term: []byte("disk"), Boost: 1})
	n, err := f.snap.Reader().DocCount()
	if err != nil {
		t.Fatal(err)
	}
	bodyDF, titleDF := 0.0, 0.0
	occ := map[string]map[string][2]uint64{}
	for _, field := range []string{"body", "title"} {
		tp, err := f.snap.Postings(field, []byte("disk"))
		if err != nil {
			t.Fatal(err)
		}
		if field == "body" {
			bodyDF = float64(tp.DocFreq())
		} else {
			titleDF = float64(tp.DocFreq())
		}
		err = tp.Each(context.Background(), func(d uint32, freq, length uint64) bool {
			id, _ := f.snap.ID(d)
			if occ[id] == nil {
				occ[id] = map[string][2]uint64{}
			}
			occ[id][field] = [2]uint64{freq, length}
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	delete(occ, "h") // hidden
	if len(got) != len(occ) || len(got) < 10 {
		t.Fatalf("disk in body or title: the engine found %d records, want %d", len(got), len(occ))
	}
	both := 0
	for id, o := range occ {
		if len(o) == 2 {
			both++
		}
		want := bm25Want(t, f, float64(n), math.Max(bodyDF, titleDF), o)
		if !near(got[id], want) {
			t.Errorf("%s (%v): engine score %g, want %g", id, o, got[id], want)
		}
	}
	if both == 0 {
		t.Error("no record holds disk in both fields: the test checks nothing of their sum")
	}
}
