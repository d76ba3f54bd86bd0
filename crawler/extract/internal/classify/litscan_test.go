package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/page"
	"github.com/pmkb/pmkb/data"
)

// mustClassifier returns the classifier of the embedded taxonomy.
func mustClassifier(tb testing.TB) *Classifier {
	tb.Helper()
	tax, err := data.DefaultTaxonomy()
	if err != nil {
		tb.Fatal(err)
	}
	c, err := New(tax, modelJSON, wordsJSON)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// testdata is the extraction test data, shared with crawler/extract.
var testdata = filepath.Join("..", "..", "testdata")

// BenchmarkLitScan measures the classifier's literal automaton over the
// article text of the HTML cases, lower-cased as the classifier reads it.
func BenchmarkLitScan(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(testdata, "cases", "html-*.html"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no HTML cases: %v", err)
	}
	var text strings.Builder
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		p, err := page.Read(body, "text/html", nil)
		if err != nil {
			b.Fatal(err)
		}
		text.WriteString(strings.ToLower(page.JoinBlocks(p.Blocks)))
	}
	m := mustClassifier(b).set.lits
	b.SetBytes(int64(text.Len()))
	n := 0
	for b.Loop() {
		m.Scan(text.String(), func(int32, int) { n++ })
	}
	if n == 0 {
		b.Fatal("no literal found in the cases")
	}
}
