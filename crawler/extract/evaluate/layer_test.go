package evaluate

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestLearnedLayerOnHoldout checks what the classifier's learned layer is
// for: on synthetic posts it was not trained on (part 1/4 of each file),
// it tags better than the taxonomy's thresholds alone, recall rising
// without precision falling.
func TestLearnedLayerOnHoldout(t *testing.T) {
	ctx := context.Background()
	var held Labels
	for _, f := range []string{"posts-a.jsonl", "posts-b.jsonl", "posts-c.jsonl"} {
		l, err := LoadLabelsFrom(ctx, filepath.Join("..", "testdata", "synth", f), Sources{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := l.Part(0, 4)
		if err != nil {
			t.Fatal(err)
		}
		held.Docs = append(held.Docs, p.Docs...)
	}
	opts, err := extract.DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	score := func(o extract.Options) (f1, p, r float64) {
		ex, err := extract.New(o)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Evaluate(ctx, ex, held)
		if err != nil {
			t.Fatal(err)
		}
		p, r = rep.MicroPR()
		return rep.MicroF1(), p, r
	}
	f1, p, r := score(opts)
	rules := opts
	rules.Model = nil
	rf1, rp, rr := score(rules)
	t.Logf("%d held-out posts: layer F1 %.3f (P %.3f, R %.3f), rules alone F1 %.3f (P %.3f, R %.3f)", len(held.Docs), f1, p, r, rf1, rp, rr)
	if f1 < rf1+0.01 {
		t.Errorf("layer F1 %.3f, want at least the rules' %.3f + 0.01", f1, rf1)
	}
	if p < rp-0.02 {
		t.Errorf("layer precision %.3f, want at least the rules' %.3f - 0.02", p, rp)
	}
}
