package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestKnobSweep varies one classifier knob at a time around the defaults and
// prints category micro-F1 on the tuning half, the check half and the whole
// labelled set, for tuning by hand. Set PMKB_KNOBS=corpus-labels.yaml.
func TestKnobSweep(t *testing.T) {
	file := os.Getenv("PMKB_KNOBS")
	if file == "" {
		t.Skip("set PMKB_KNOBS=corpus-labels.yaml to print micro-F1 per half for each knob value")
	}
	ctx := context.Background()
	all, err := LoadLabels(ctx, filepath.Join("testdata", file))
	if err != nil {
		t.Skip(err)
	}
	ex := mustDefault(t)
	score := func() string {
		line := ""
		for i := range 2 {
			l, _ := all.Part(i, 2)
			r, _ := Evaluate(ctx, ex, l)
			line += fmt.Sprintf(" %.3f", r.MicroF1())
		}
		r, _ := Evaluate(ctx, ex, all)
		return line + fmt.Sprintf(" all %.3f", r.MicroF1())
	}
	t.Logf("defaults:%s", score())
	knobs := []struct {
		name string
		ptr  *float64
		vals []float64
	}{
		{"code", &ex.classifier.tune.code, []float64{0.36, 0.5, 1}},
		{"background", &ex.classifier.tune.background, []float64{0.3, 0.5, 0.6, 1.2}},
		{"rcDecay", &ex.classifier.tune.rcDecay, []float64{0.95, 0.9, 0.85, 0.8, 0.7}},
		{"causalStrong", &ex.classifier.tune.causalStrong, []float64{1.5, 2.5, 3}},
		{"relCutoff", &ex.classifier.relCutoff, []float64{0, 0.15, 0.2, 0.25, 0.35, 0.4}},
		{"summary", &ex.classifier.tune.summary, []float64{0.8, 1, 1.5, 2}},
		{"timeline", &ex.classifier.tune.timeline, []float64{0.36, 0.7, 0.9}},
		{"side", &ex.classifier.tune.side, []float64{0.36, 0.7, 0.9}},
		{"body", &ex.classifier.tune.body, []float64{0.4, 0.5, 0.8, 1}},
		{"causalBoost", &ex.classifier.tune.causalBoost, []float64{1, 1.25, 2}},
		{"causalCue", &ex.classifier.tune.causalCue, []float64{2, 3, 3.5}},
		{"hypoFactor", &ex.classifier.tune.hypoFactor, []float64{0.2, 0.6, 1}},
		{"weakOnly", &ex.classifier.tune.weakOnly, []float64{1.5, 1.75, 2.5, 3}},
		{"strongOnly", &ex.classifier.tune.strongOnly, []float64{0.8, 1.2, 1.5}},
	}
	for _, keep := range []int{} {
		for _, d := range []float64{0.9, 0.8, 0.7} {
			ex.classifier.tune.rcKeep, ex.classifier.tune.rcDecay = keep, d
			t.Logf("rcKeep=%d rcDecay=%.2f:%s", keep, d, score())
		}
	}
	ex.classifier.tune.rcKeep, ex.classifier.tune.rcDecay = defaultTuning.rcKeep, defaultTuning.rcDecay
	for _, k := range knobs {
		old := *k.ptr
		for _, v := range k.vals {
			*k.ptr = v
			t.Logf("%s=%.2f:%s", k.name, v, score())
		}
		*k.ptr = old
	}
}

// TestMatchSentence prints which taxonomy patterns vote on one sentence and
// whether a negation cancels them. Set PMKB_MATCH to the sentence.
func TestMatchSentence(t *testing.T) {
	s := os.Getenv("PMKB_MATCH")
	if s == "" {
		t.Skip("set PMKB_MATCH to a sentence to print the patterns that match it")
	}
	c := mustDefault(t).classifier
	units := []unit{{text: s, weight: 1}}
	for _, h := range c.match(units, "en") {
		p := c.set.pats[h.pat]
		t.Logf("%s %.1f %s", c.cats[p.cat].slug, p.weight, truncate(p.re.String(), 100))
	}
	for i := range c.set.pats {
		p := &c.set.pats[i]
		if m := p.re.FindStringIndex(s); m != nil {
			t.Logf("regexp alone: %s %.1f %q negated=%v", c.cats[p.cat].slug, p.weight, s[m[0]:m[1]], c.isNegated(&units[0], m, "en"))
		}
	}
}

// TestUnitHits prints, for one corpus document, every unit whose text
// contains PMKB_GREP with its weight and flags, and the patterns that hit
// it. Set PMKB_UNITS to part of the document's slug.
func TestUnitHits(t *testing.T) {
	slug := os.Getenv("PMKB_UNITS")
	if slug == "" {
		t.Skip("set PMKB_UNITS=slug (and PMKB_GREP=word) to print a document's units and their hits")
	}
	ex := mustDefault(t)
	grep := strings.ToLower(os.Getenv("PMKB_GREP"))
	ex.trace = func(units []unit, hits []hit, c classification) {
		for i, u := range units {
			if !strings.Contains(strings.ToLower(u.text), grep) {
				continue
			}
			t.Logf("unit %d w=%.2f causal=%v hypo=%v %q", i, u.weight, u.causal, u.hypo, truncate(u.text, 150))
			for _, h := range hits {
				if int(h.unit) == i {
					p := ex.classifier.set.pats[h.pat]
					t.Logf("   hit %s %.1f", ex.classifier.cats[p.cat].slug, p.weight)
				}
			}
		}
	}
	for _, r := range readManifest(t) {
		if strings.Contains(r.slug, slug) {
			if _, err := ex.Extract(corpusInput(t, r)); err != nil {
				t.Errorf("%s: %v", r.slug, err)
			}
		}
	}
}

// TestTagFeatures prints, for every labelled document and every category
// that reached its threshold, the features the final cut looks at and
// whether the label has the tag: for studying the cut rules. Set
// PMKB_FEATURES=corpus-labels.yaml.
func TestTagFeatures(t *testing.T) {
	file := os.Getenv("PMKB_FEATURES")
	if file == "" {
		t.Skip("set PMKB_FEATURES=corpus-labels.yaml to print the features of every candidate tag")
	}
	ctx := context.Background()
	all, err := LoadLabels(ctx, filepath.Join("testdata", file))
	if err != nil {
		t.Skip(err)
	}
	ex := mustDefault(t)
	ex.classifier.relCutoff = 0
	for _, d := range all.Docs {
		in, err := all.Input(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		a, cls, err := ex.extract(in)
		if err != nil {
			t.Fatal(err)
		}
		top := 0.0
		for _, s := range a.Categories {
			top = max(top, cls.raw[s])
		}
		for i, s := range a.Categories {
			t.Logf("F %s %d %s %.2f %.2f %v", d.Path, i, s, cls.raw[s], cls.raw[s]/top, slices.Contains(d.Categories, s))
		}
	}
}

// TestEvalReport prints the harness report for PMKB_EVAL (a labels file
// under testdata), part PMKB_PART (I/N, 1-based) when set: the same as
// `pmkb eval extract --verbose` without building the binary.
func TestEvalReport(t *testing.T) {
	file := os.Getenv("PMKB_EVAL")
	if file == "" {
		t.Skip("set PMKB_EVAL=corpus-labels.yaml (and PMKB_PART=1/2) to print the eval report")
	}
	ctx := context.Background()
	l, err := LoadLabels(ctx, filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	if part := os.Getenv("PMKB_PART"); part != "" {
		var i, n int
		if _, err := fmt.Sscanf(part, "%d/%d", &i, &n); err != nil {
			t.Fatalf("PMKB_PART %q: %v", part, err)
		}
		if l, err = l.Part(i-1, n); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Evaluate(ctx, mustDefault(t), l)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Fprint(os.Stdout, true); err != nil {
		t.Fatal(err)
	}
}
