package classify

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
)

// toyExamples are posts whose labelled category has a strong vote in the
// body and whose other category has a weak one.
func toyExamples() []Example {
	var exs []Example
	for i := range 40 {
		strong := make([]float64, nFeatures)
		strong[fScore], strong[fStrong], strong[fBody], strong[fUnits] = math.Log1p(4+float64(i%5)), 1, 0.9, math.Log1p(2)
		strong[fShare], strong[fFirst], strong[fTop3] = 1, 1, 1
		weak := make([]float64, nFeatures)
		weak[fScore], weak[fBody], weak[fUnits], weak[fShare], weak[fTop3] = math.Log1p(0.6+float64(i%3)/10), 0.25, math.Log1p(1), 0.2, 1
		a, b := "dns", "network"
		if i%2 == 1 {
			a, b = b, a
		}
		ex := Example{Features: map[string][]float64{a: strong, b: weak}, Labels: []string{a}}
		if i%7 == 0 { // a few posts whose weak category is labelled too
			ex.Labels = append(ex.Labels, b)
		}
		exs = append(exs, ex)
	}
	return exs
}

func TestFitDeterministic(t *testing.T) {
	slugs := []string{"dns", "network"}
	m1, err := Fit(slugs, toyExamples(), FitOptions{About: "toy"})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Fit(slugs, toyExamples(), FitOptions{About: "toy"})
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := json.Marshal(m1)
	b2, _ := json.Marshal(m2)
	if string(b1) != string(b2) {
		t.Errorf("two fits of the same data differ:\n%s\n%s", b1, b2)
	}
}

func TestFitSeparates(t *testing.T) {
	slugs := []string{"dns", "network"}
	m, err := Fit(slugs, toyExamples(), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := ParseModel(b)
	if err != nil {
		t.Fatal(err)
	}
	cm := pm.compile([]category{{slug: "dns"}, {slug: "network"}})
	ex := toyExamples()[0]
	feats := [][]float64{ex.Features["dns"], ex.Features["network"]}
	got := cm.decide(feats, []bool{true, true}, nil)
	want := []int{0}
	var cats []int
	for _, s := range got {
		cats = append(cats, s.cat)
	}
	if !reflect.DeepEqual(cats, want) {
		t.Errorf("got categories %v (threshold %.2f), want %v", cats, pm.Threshold, want)
	}
}

func TestParseModelErrors(t *testing.T) {
	good, err := json.Marshal(&Model{Features: FeatureNames, Weights: make([]float64, nFeatures), Threshold: 0.4, MaxTags: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseModel(good); err != nil {
		t.Fatalf("ParseModel(good): %v", err)
	}
	for name, m := range map[string]Model{
		"too few weights":  {Features: FeatureNames, Weights: make([]float64, 2), Threshold: 0.4, MaxTags: 4},
		"other features":   {Features: append([]string{"x"}, FeatureNames[1:]...), Weights: make([]float64, nFeatures), Threshold: 0.4, MaxTags: 4},
		"threshold of one": {Features: FeatureNames, Weights: make([]float64, nFeatures), Threshold: 1, MaxTags: 4},
		"no tags":          {Features: FeatureNames, Weights: make([]float64, nFeatures), Threshold: 0.4},
	} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseModel(b); err == nil {
			t.Errorf("%s: got no error, want one", name)
		}
	}
}

// TestDefaultModel checks that the embedded model reads this package's
// features.
func TestDefaultModel(t *testing.T) {
	if _, err := ParseModel(DefaultModel()); err != nil {
		t.Fatal(err)
	}
}

// TestFitThresholdFromRealPosts checks that the threshold is chosen on the
// real posts: where their readers also gave the weakly voted category half
// the time, tagging it pays, so the threshold is lower than the one chosen
// on all posts alike.
func TestFitThresholdFromRealPosts(t *testing.T) {
	slugs := []string{"dns", "network"}
	exs := toyExamples()
	for i, ex := range toyExamples() {
		ex.Name, ex.Group, ex.Real = fmt.Sprintf("org%d/post%d", i%8, i), fmt.Sprintf("org%d", i%8), true
		if i%2 == 0 && len(ex.Labels) == 1 {
			ex.Labels = []string{"dns", "network"}
		}
		exs = append(exs, ex)
	}
	real, err := Fit(slugs, exs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	alike := slices.Clone(exs)
	for i := range alike {
		alike[i].Real = false
	}
	all, err := Fit(slugs, alike, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if real.Threshold >= all.Threshold {
		t.Errorf("threshold %.2f chosen on the real posts, want below %.2f (all posts alike)", real.Threshold, all.Threshold)
	}
	folds := groupFolds(exs, 5)
	for i := 40; i < len(exs); i++ {
		if j := 40 + (i-40)%8; folds[i] != folds[j] {
			t.Fatalf("%s and %s, of one organisation, are in folds %d and %d", exs[i].Name, exs[j].Name, folds[i], folds[j])
		}
	}
}
