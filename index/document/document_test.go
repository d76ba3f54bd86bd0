package document

import (
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/pmkb/pmkb/index/analyze"
)

// TestTextValuesSize checks the size Analyze counts against bleve's own
// count of the token frequencies, for single values and arrays, with and
// without term vectors.
func TestTextValuesSize(t *testing.T) {
	m := bleve.NewIndexMapping()
	dm := bleve.NewDocumentStaticMapping()
	for name, vectors := range map[string]bool{"body": true, "plain": false} {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.IncludeTermVectors = vectors
		dm.AddFieldMappingsAt(name, f)
	}
	m.DefaultMapping = dm
	db, err := New(m, Config{Text: []string{"body", "plain"}, Kinds: map[string]analyze.Kind{en.AnalyzerName: analyze.English}})
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range db.specs {
		for _, values := range [][]string{{"Disk full: the primary database stopped accepting writes."}, {"one value", "two values, two", ""}, nil} {
			f := &textValues{fieldValues: fieldValues{name: spec.name, opts: spec.opts, values: values}, an: spec.an, arenas: &db.arenas, arrays: len(values) > 1}
			f.Analyze()
			want := 64 + len(f.name) + int(f.NumPlainTextBytes()) + f.freqs.Size()
			if got := f.Size(); got != want {
				t.Errorf("%s %q: Size got %d, want %d", spec.name, values, got, want)
			}
		}
	}
}
