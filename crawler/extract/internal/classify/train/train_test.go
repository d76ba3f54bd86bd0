package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
	}
	got, _, err := train(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(root, "crawler", "extract", "internal", "classify", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("retraining gives a different model (%d bytes, committed %d): run go run ./crawler/extract/internal/classify/train", len(got), len(want))
	}
}
