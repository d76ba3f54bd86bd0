package main

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
)

// TestWeightsReproducible retrains the model as the command does and
// checks that weights.go holds what it gives: the shipped weights come from
// the synthetic posts and this code, nothing else.
func TestWeightsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model: seconds")
	}
	ctx := context.Background()
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	exs, err := synthetic(ctx, ex, filepath.Join("..", "..", "..", "testdata", "synth"), "2,3,4")
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

func TestSyntheticRefusesTheHeldOutPart(t *testing.T) {
	if _, err := synthetic(context.Background(), nil, "unused", "1"); err == nil {
		t.Error("got no error for part 1, want the held-out part refused")
	}
}
