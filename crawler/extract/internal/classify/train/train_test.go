package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the module root, seen from this package.
var root = filepath.Join("..", "..", "..", "..", "..")

// TestRetrainReproducesModel checks that the committed model is what the
// training command gives on the committed data: same data, same bytes. The
// tuning posts live in the shared corpus, so the test skips when it is
// absent.
func TestRetrainReproducesModel(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts about 400 posts")
	}
	corpus := filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "manifest.tsv")); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	o := options{
		synth:      filepath.Join(root, "crawler", "extract", "testdata", "synth"),
		tune:       filepath.Join(root, "crawler", "extract", "testdata", "tune-labels.tsv"),
		corpus:     corpus,
		tuneWeight: defaultTuneWeight,
		real:       filepath.Join(root, realFeaturesFile),
	}
	got, _, err := train(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"model.json": got.layer, "words.json": got.words} {
		want, err := os.ReadFile(filepath.Join(root, "crawler", "extract", "internal", "classify", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("retraining gives a different %s (%d bytes, committed %d): run go run ./crawler/extract/internal/classify/train", name, len(b), len(want))
		}
	}
}

// TestRealFeaturesCurrent checks that the committed features of the real
// development posts are what the rules read of them today. The posts are
// not in the repository: set PMKB_REAL_DIR to a directory where
// fetch-real.sh laid out real2, real3, real6 and real7 (DIR/real3/docs...);
// without it the test skips.
func TestRealFeaturesCurrent(t *testing.T) {
	dir := os.Getenv("PMKB_REAL_DIR")
	if dir == "" {
		t.Skip("PMKB_REAL_DIR not set: the real posts are fetched, not committed")
	}
	if testing.Short() {
		t.Skip("extracts about 120 posts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	got, err := exportReal(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(realFeaturesFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the real posts' features changed: run go run ./crawler/extract/internal/classify/train -export-real %s, then retrain", dir)
	}
}

// TestReadRealRejectsBadLines checks that a damaged features file is an
// error that names its line, not a model trained on less.
func TestReadRealRejectsBadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "real.jsonl")
	good := `{"set":"real3","post":"a.md","labels":["dns"],"features":{"dns":[1,0,1,0,0,1,0,0,0,0.69,0.69,1,1,1,0,0]}}`
	if err := os.WriteFile(path, []byte(good+"\n{\"set\": \"real3\", \"post\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readReal(path, 2); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("readReal = %v, want an error naming line 2", err)
	}
	if err := os.WriteFile(path, []byte(good+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exs, err := readReal(path, 2)
	if err != nil || len(exs) != 1 || exs[0].Weight != 2 || exs[0].Labels[0] != "dns" {
		t.Errorf("readReal = %+v, %v; want one example of weight 2 labelled dns", exs, err)
	}
}
