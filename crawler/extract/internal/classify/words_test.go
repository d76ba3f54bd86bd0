package classify

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/page"
	"github.com/pmkb/pmkb/data"
)

func TestAddLexical(t *testing.T) {
	voted := make([]float64, nFeatures)
	voted[fScore], voted[fBody] = 1.5, 0.5
	aside := make([]float64, nFeatures)
	aside[fAside] = 0.5
	feats := [][]float64{voted, aside, make([]float64, nFeatures), make([]float64, nFeatures)}
	eligible := []bool{true, false, false, false}
	addLexical(feats, eligible, []float64{0.05, 0.6, lexFloor, 0.1})
	if want := []bool{true, true, true, false}; !slices.Equal(eligible, want) {
		t.Errorf("eligible %v, want %v: a voted category stays, the words make one at the floor eligible", eligible, want)
	}
	if feats[0][fScore] != 1.5 || feats[0][fLexical] != 0.05 {
		t.Errorf("voted category's features %v: want its votes kept and the words' 0.05 added", feats[0])
	}
	if feats[1][fAside] != 0.5 || feats[1][fLexical] != 0.6 {
		t.Errorf("category eligible by its words, voted for in an aside: features %v, want the aside's vote kept and the words' 0.6", feats[1])
	}
	if votedInStory(feats[1]) || !votedInStory(feats[0]) {
		t.Error("votedInStory does not tell a vote in the story from one in an aside")
	}
}

// TestWordsAloneTagWithEvidence checks that a category only the word model
// reads (its word is in no pattern) is tagged when the layer trusts the
// words, with the sentence that uses the word behind it.
func TestWordsAloneTagWithEvidence(t *testing.T) {
	tax, err := data.DefaultTaxonomy()
	if err != nil {
		t.Fatal(err)
	}
	layer := Model{Features: FeatureNames, Weights: make([]float64, nFeatures), Bias: -5, Threshold: 0.5, MaxTags: 4}
	layer.Weights[fLexical] = 10
	lb, err := json.Marshal(layer)
	if err != nil {
		t.Fatal(err)
	}
	words := `{"terms": ["zorblax", "the"], "idf": [3, 1], "categories": {"hardware": {"bias": -2, "weights": {"zorblax": 12}}}}`
	c, err := New(tax, lb, []byte(words))
	if err != nil {
		t.Fatal(err)
	}
	sents := []page.Sentence{{Text: "We were paged at noon."}, {Text: "The zorblax on rack 4 gave up."}, {Text: "Service came back."}}
	r := c.Read("Outage", "", sents, make([]float64, len(sents)), "en").Classify()
	if !slices.Contains(r.Slugs, "hardware") {
		t.Fatalf("tags %v, want hardware from the word model", r.Slugs)
	}
	if got := r.Evidence["hardware"]; got != sents[1].Text {
		t.Errorf("hardware's evidence %q, want %q", got, sents[1].Text)
	}
	d := c.Read("Outage", "", sents[:1], make([]float64, 1), "en")
	if slices.Contains(d.Classify().Slugs, "hardware") {
		t.Error("hardware tagged on a post without its word")
	}
}
