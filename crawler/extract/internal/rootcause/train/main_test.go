package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
)

// TestWeightsReproducible retrains the model as the command does and
// checks that weights.go holds what it gives: the shipped weights come from
// the synthetic posts, the tuning posts (in the shared corpus: the test
// skips without it), the real development posts' sentences committed in
// testdata and this code, nothing else.
func TestWeightsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model: seconds")
	}
	root := filepath.Join("..", "..", "..", "..", "..")
	corpus := filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "manifest.tsv")); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	t.Chdir(root)
	ctx := context.Background()
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	exs, err := trainingSet(ctx, ex, sources{synth: "crawler/extract/testdata/synth", parts: "2,3,4",
		tune: "crawler/extract/testdata/tune-labels.tsv", corpus: "../shared/corpus", real: realFile, weight: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := rootcause.Train(exs, 0, 400, 0.002)
	shipped := rootcause.Default()
	for i, w := range m.Weights {
		if math.Abs(w-shipped.Weights[i]) > 1e-3 {
			t.Errorf("weight %s: got %.4f retrained, %.4f in weights.go (run go run ./crawler/extract/internal/rootcause/train)", rootcause.Names[i], w, shipped.Weights[i])
		}
	}
}

// TestRealSentencesCurrent checks that the committed sentences of the real
// development posts are what the extractor reads of them today. The posts
// are not in the repository: set PMKB_REAL_DIR to a directory where
// fetch-real.sh laid out the sets (DIR/real3/docs...); without it the test
// skips.
func TestRealSentencesCurrent(t *testing.T) {
	dir := os.Getenv("PMKB_REAL_DIR")
	if dir == "" {
		t.Skip("PMKB_REAL_DIR not set: the real posts are fetched, not committed")
	}
	if testing.Short() {
		t.Skip("extracts about 160 posts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join("..", "..", "..", "..", ".."))
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	got, err := exportReal(context.Background(), ex, dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(realFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the real posts' sentences changed: run go run ./crawler/extract/internal/rootcause/train -export-real %s, then retrain", dir)
	}
}

// TestDecodeRejectsBadLines checks that a damaged line of the sentences
// file is an error, not an example trained on.
func TestDecodeRejectsBadLines(t *testing.T) {
	for _, line := range []string{
		`{"set":"real3","post":"a.md","pos":[0],"rules":[1],"x":[[0,1,2]]}`,
		`{"set":"real3","post":"a.md","pos":[3],"rules":[1],"x":[[0,1]]}`,
		`{"set":"real3","post":"a.md","pos":[0],"rules":[1,2],"x":[[0,1]]}`,
		`{"set":"real3","post":"a.md","pos":[],"rules":[1],"x":[[0,1]]}`,
		`{"set":"real3","post":"a.md","pos":[0],"rules":[1],"x":[[999,1]]}`,
	} {
		if _, err := decode([]byte(line)); err == nil {
			t.Errorf("decode(%s): got no error", line)
		}
	}
	e, err := decode([]byte(`{"set":"real3","post":"a.md","pos":[1],"rules":[0.5,2],"x":[[0,1],[3,0.25]]}`))
	if err != nil || !e.Pos[1] || e.Pos[0] || e.X[1][3] != 0.25 || e.Rules[1] != 2 {
		t.Errorf("decode: got %+v, %v", e, err)
	}
}

func TestSyntheticRefusesTheHeldOutPart(t *testing.T) {
	if _, err := synthetic(context.Background(), nil, "unused", "1"); err == nil {
		t.Error("got no error for part 1, want the held-out part refused")
	}
}
