// Package testutil holds what the index packages' tests share.
//
// That is the -update flag and a readable diff for golden files, a quiet
// logger, a reader of a bleve index, the fixture records and a synthetic
// corpus for benchmarks.
package testutil

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Golden compares got with the golden file at path, or rewrites the file
// when the test runs with -update. A difference fails the test and shows
// the blocks (paragraphs) that differ.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update if the change is intended):\n%s", path, LineDiff(string(want), string(got)))
	}
}

// LineDiff shows the blocks, separated by blank lines, that differ
// between two texts.
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n\n"), strings.Split(got, "\n\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wb, gb string
		if i < len(w) {
			wb = w[i]
		}
		if i < len(g) {
			gb = g[i]
		}
		if wb != gb {
			b.WriteString("want:\n" + wb + "\ngot:\n" + gb + "\n\n")
		}
	}
	return b.String()
}

// Logger returns a logger that discards everything.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Testdata returns the path of a file in index/testdata.
func Testdata(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", name)
}

// Corpus returns the path of the shared corpus of real post-mortems
// (../shared/corpus beside the repository), which may be absent.
func Corpus() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "corpus")
}

// Reader opens a reader of b's current snapshot, closed when the test
// ends.
func Reader(tb testing.TB, b bleve.Index) bindex.IndexReader {
	tb.Helper()
	adv, err := b.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = r.Close() })
	return r
}
