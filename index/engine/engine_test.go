package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/internal/testutil"
	"github.com/pmkb/pmkb/index/segment"
)

// testSchema is the schema of the fixture index.
var testSchema = Schema{
	Facets:   []Facet{{Name: "cat", Field: "cat", Size: 10}},
	DayField: "day",
	Hidden:   termQuery("dup", "1"),
	Lengths:  "len",
}

func termQuery(field, term string) bq.Query {
	q := bq.NewTermQuery(term)
	q.SetField(field)
	return q
}

// fixture is a small index: texts of many lengths and term frequencies in
// body and title, a category, a day, and one hidden record (h).
type fixture struct {
	b    bleve.Index
	m    mapping.IndexMapping
	snap *segment.Snapshot
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"body", "title"} {
		tf := bleve.NewTextFieldMapping()
		tf.Analyzer = en.AnalyzerName
		dm.AddFieldMappingsAt(f, tf)
	}
	for _, f := range []string{"cat", "day", "dup", "len"} {
		dm.AddFieldMappingsAt(f, bleve.NewKeywordFieldMapping())
	}
	m.DefaultMapping = dm
	b, err := segment.New("", m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	batch := b.NewBatch()
	for i := range 30 {
		d := map[string]any{
			"body":  strings.Repeat("the disk filled up. ", 1+i%3) + strings.Repeat("other words pad the record. ", i%7),
			"title": fmt.Sprintf("incident %d", i),
			"cat":   []string{"storage", "network", "database"}[i%3],
			"day":   fmt.Sprintf("2020-01-%02d", 1+i%28),
		}
		if i%4 == 0 {
			d["title"] = "disk failure"
		}
		if i%5 == 0 {
			d["body"] = "a replica lagged while the database failed over"
		}
		d["len"] = lengthTerms(m, d)
		if err := batch.Index(fmt.Sprintf("r%02d", i), d); err != nil {
			t.Fatal(err)
		}
	}
	hidden := map[string]any{"body": "disk disk", "dup": "1"}
	hidden["len"] = lengthTerms(m, hidden)
	if err := batch.Index("h", hidden); err != nil {
		t.Fatal(err)
	}
	if err := b.Batch(batch); err != nil {
		t.Fatal(err)
	}
	r := testutil.Reader(t, b)
	snap, err := segment.Of(r)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{b: b, m: b.Mapping(), snap: snap}
}

// lengthTerms are the "field:tokens" terms of a fixture record's text
// fields, as pmkb's document builder indexes them.
func lengthTerms(m *mapping.IndexMappingImpl, d map[string]any) []string {
	an := m.AnalyzerNamed(en.AnalyzerName)
	var out []string
	for _, f := range []string{"body", "title"} {
		if text, ok := d[f].(string); ok {
			out = append(out, fmt.Sprintf("%s:%d", f, len(an.Analyze([]byte(text)))))
		}
	}
	return out
}

// scores runs one clause of leaves on the engine and returns each match's
// score by id.
func (f *fixture) scores(t *testing.T, e *Engine, leaves ...Leaf) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	err := e.Collect(context.Background(), f.snap, f.m, Request{Clauses: [][]Leaf{leaves}, Min: 1, Keep: 100}, func(c *Collection) error {
		for _, m := range c.Best() {
			id, err := f.snap.ID(m.Doc)
			if err != nil {
				return err
			}
			out[id] = m.Score
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bleveScores runs q with bleve's own searcher and returns each hit's
// score by id, the hidden record left out.
func (f *fixture) bleveScores(t *testing.T, q bq.Query) map[string]float64 {
	t.Helper()
	res, err := f.b.Search(bleve.NewSearchRequestOptions(q, 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		if h.ID != "h" {
			out[h.ID] = h.Score
		}
	}
	return out
}

// idf is bleve's tf-idf idf of term in field: 1 + ln(N/(df+1)).
func (f *fixture) idf(t *testing.T, field, term string) float64 {
	t.Helper()
	r := f.snap.Reader()
	n, err := r.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	return 1 + math.Log(float64(n)/float64(tfr.Count()+1))
}

// holds reports whether record id holds term in field.
func (f *fixture) holds(t *testing.T, id, field, term string) bool {
	t.Helper()
	return f.bleveScores(t, bq.NewConjunctionQuery([]bq.Query{bq.NewDocIDQuery([]string{id}), termQuery(field, term)}))[id] > 0
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// TestScoresAgreeWithBleve holds the engine's scores to bleve's tf-idf on
// simple term queries: the same records, and scores that differ only by
// what bleve applies by design. A term query alone, bleve scores
// sqrt(tf) * norm * idf: it multiplies in the query weight (boost * idf)
// only inside a conjunction or disjunction, where it also divides by
// queryNorm (1/sqrt of the sum of the squared weights) and, in a
// disjunction, multiplies by coord (the share of the clauses matched). The
// engine's share of a term is boost * sqrt(tf) * norm * idf², without
// queryNorm and coord: so engine = bleve * idf for a term alone, and
// engine = bleve / (queryNorm * coord) for a disjunction of terms.
func TestScoresAgreeWithBleve(t *testing.T) {
	f := newFixture(t)
	e := New(testSchema, Model{}, 1)
	for _, term := range []string{"disk", "replica", "databas", "pad", "absent"} {
		got := f.scores(t, e, Leaf{Field: "body", Term: []byte(term), Boost: 1})
		want := f.bleveScores(t, termQuery("body", term))
		if len(got) != len(want) {
			t.Errorf("%s: the engine found %d records, bleve %d", term, len(got), len(want))
		}
		idf := f.idf(t, "body", term)
		for id, w := range want {
			if g, ok := got[id]; !ok || !near(g, w*idf) {
				t.Errorf("%s in %s: engine score %g, want bleve's %g times idf %g = %g", term, id, g, w, idf, w*idf)
			}
		}
	}
	// A word in two fields with their boosts, as a search's clause.
	body, title := bq.NewTermQuery("disk"), bq.NewTermQuery("disk")
	body.SetField("body")
	title.SetField("title")
	title.SetBoost(3)
	got := f.scores(t, e, Leaf{Field: "body", Term: []byte("disk"), Boost: 1}, Leaf{Field: "title", Term: []byte("disk"), Boost: 3})
	want := f.bleveScores(t, bq.NewDisjunctionQuery([]bq.Query{body, title}))
	wb, wt := f.idf(t, "body", "disk"), 3*f.idf(t, "title", "disk")
	queryNorm := 1 / math.Sqrt(wb*wb+wt*wt)
	if len(got) != len(want) || len(want) < 10 {
		t.Errorf("disk in body or title: the engine found %d records, bleve %d", len(got), len(want))
	}
	for id, w := range want {
		matched := 0.0
		for _, field := range []string{"body", "title"} {
			if f.holds(t, id, field, "disk") {
				matched++
			}
		}
		if g := got[id]; !near(g, w/(queryNorm*matched/2)) {
			t.Errorf("disk in %s (%g fields): engine score %g, want bleve's %g / (queryNorm %g * coord) = %g", id, matched, g, w, queryNorm, w/(queryNorm*matched/2))
		}
	}
}

// TestWarm checks that warming builds the columns a search then reuses.
func TestWarm(t *testing.T) {
	f := newFixture(t)
	e := New(testSchema, Model{}, 1)
	if err := e.Warm(context.Background(), f.snap, f.m); err != nil {
		t.Fatal(err)
	}
	e.snaps.mu.Lock()
	cols := e.snaps.cols
	e.snaps.mu.Unlock()
	if cols == nil {
		t.Fatal("after Warm: no columns")
	}
	shown := 0
	cols.primary.each(func(d uint32) {
		shown++
		if id, _ := f.snap.ID(d); id == "h" {
			t.Error("the hidden record is among the records searches show")
		}
	})
	if shown != 30 {
		t.Errorf("after Warm: %d records shown, want 30", shown)
	}
	f.scores(t, e, Leaf{Field: "body", Term: []byte("disk"), Boost: 1})
	e.snaps.mu.Lock()
	defer e.snaps.mu.Unlock()
	if e.snaps.cols != cols {
		t.Error("the search after Warm built its own columns, want the warmed ones")
	}
}

// TestTooManyTerms checks that a leaf expanding past the context's bound
// on term searchers fails with ErrTooManyTerms (bleve's own error has no
// type: bleveError knows its text).
func TestTooManyTerms(t *testing.T) {
	f := newFixture(t)
	e := New(testSchema, Model{}, 1)
	prefix := bq.NewPrefixQuery("d")
	prefix.SetField("body")
	ctx := context.WithValue(context.Background(), search.MaxTermSearchersKey, 1)
	req := Request{Clauses: [][]Leaf{{{Field: "body", Query: prefix, Boost: 1}}}, Min: 1, Keep: 10}
	err := e.Collect(ctx, f.snap, f.m, req, func(*Collection) error { return nil })
	if !errors.Is(err, ErrTooManyTerms) {
		t.Errorf("prefix d* with room for one term: got %v, want ErrTooManyTerms", err)
	}
	if err := e.Collect(context.Background(), f.snap, f.m, req, func(*Collection) error { return nil }); err != nil {
		t.Errorf("without a bound: %v", err)
	}
}

// TestAllTermsLeaf checks that a leaf of several terms matches exactly the
// records holding them all in its field, as bleve's conjunction does,
// under both models.
func TestAllTermsLeaf(t *testing.T) {
	f := newFixture(t)
	want := f.bleveScores(t, bq.NewConjunctionQuery([]bq.Query{termQuery("body", "disk"), termQuery("body", "fill")}))
	if len(want) == 0 {
		t.Fatal("no record holds both words: the test checks nothing")
	}
	for _, m := range []Model{{}, bm25Model} {
		got := f.scores(t, New(testSchema, m, 1), Leaf{Field: "body", Terms: [][]byte{[]byte("disk"), []byte("fill")}, Boost: 1})
		if len(got) != len(want) {
			t.Errorf("BM25 %v: the engine found %d records, bleve %d", m.BM25, len(got), len(want))
		}
		for id := range want {
			if got[id] <= 0 {
				t.Errorf("BM25 %v: %s holds both words, engine score %g", m.BM25, id, got[id])
			}
		}
	}
}
