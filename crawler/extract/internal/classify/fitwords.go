package classify

import (
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/pmkb/pmkb/crawler/extract/internal/lexical"
)

// wordFolds is how many folds give each training post the word model's
// out-of-fold probabilities.
const wordFolds = 5

// FitLayers trains the word model on the examples' words (Example.Terms)
// and the learned layer on their features with the word model's
// probabilities added (see addLexical). A post's probabilities come from a
// word model trained without its fold: posts of one Group share a fold, so
// the layer learns how far the word model is worth trusting on posts of an
// organisation it has not read, as every post it will meet.
func FitLayers(slugs []string, exs []Example, wo lexical.FitOptions, o FitOptions) (*Model, *lexical.Model, error) {
	docs := make([]lexical.Doc, len(exs))
	for i, ex := range exs {
		docs[i] = lexical.Doc{Counts: ex.Terms, Labels: ex.Labels}
	}
	fold := groupFolds(exs, wordFolds)
	words, err := lexical.Fit(slugs, docs, wo)
	if err != nil {
		return nil, nil, fmt.Errorf("classify: %w", err)
	}
	withWords := slices.Clone(exs)
	for k := range wordFolds {
		var train []lexical.Doc
		for i, d := range docs {
			if fold[i] != k {
				train = append(train, d)
			}
		}
		m, err := lexical.Fit(slugs, train, wo)
		if err != nil {
			return nil, nil, fmt.Errorf("classify: fold %d: %w", k+1, err)
		}
		c, err := m.Compile(slugs)
		if err != nil {
			return nil, nil, fmt.Errorf("classify: fold %d: %w", k+1, err)
		}
		for i, ex := range exs {
			if fold[i] == k {
				withWords[i].Features = lexicalFeatures(slugs, ex.Features, c.Probs(ex.Terms))
			}
		}
	}
	layer, err := Fit(slugs, withWords, o)
	if err != nil {
		return nil, nil, err
	}
	return layer, words, nil
}

// groupFolds assigns each example one of n folds by a hash of its Group
// (its Name when it has none): an organisation's posts share a fold.
func groupFolds(exs []Example, n int) []int {
	fold := make([]int, len(exs))
	for i, ex := range exs {
		g := ex.Group
		if g == "" {
			g = ex.Name
		}
		h := fnv.New32a()
		h.Write([]byte(g))
		fold[i] = int(h.Sum32() % uint32(n))
	}
	return fold
}

// lexicalFeatures returns the features of one post (per slug, every
// category some pattern voted for, see Doc.Features) with the word model's
// probabilities lex added, for the categories the layer may tag, as the
// classifier adds them.
func lexicalFeatures(slugs []string, feats map[string][]float64, lex []float64) map[string][]float64 {
	rows := make([][]float64, len(slugs))
	eligible := make([]bool, len(slugs))
	for ci, s := range slugs {
		rows[ci] = make([]float64, nFeatures)
		copy(rows[ci], feats[s])
		eligible[ci] = votedInStory(rows[ci])
	}
	addLexical(rows, eligible, lex)
	out := map[string][]float64{}
	for ci, s := range slugs {
		if eligible[ci] {
			out[s] = rows[ci]
		}
	}
	return out
}
