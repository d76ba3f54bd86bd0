package lexical

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Model is the word model as the training command writes it: the
// vocabulary with each term's inverse document frequency, and per category
// a bias and the weights of the terms that count most (the others weigh 0).
type Model struct {
	About      string              `json:"about"`
	Terms      []string            `json:"terms"`
	IDF        []float64           `json:"idf"`
	Categories map[string]Category `json:"categories"`
	// Shrink is how many known terms a post needs for its words to count
	// half: a post of n distinct known terms gets n/(n+Shrink) of their
	// weight, so a short text (a paragraph, a golden case) speaks weakly
	// and one word cannot make a category (see FitOptions.Shrink).
	Shrink float64 `json:"shrink,omitempty"`
}

// Category is one category's regression.
type Category struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
}

// Compiled is a Model laid out for a list of categories, ready to score
// posts. It is safe for concurrent use.
type Compiled struct {
	table   vocabTable // the vocabulary: a term's index
	idf     []float64
	shrink  float64       // Model.Shrink
	bias    []float64     // per category; -Inf for one the model lacks
	weights [][]catWeight // per term, its nonzero weights, by category
}

type catWeight struct {
	cat int
	w   float64
}

// Parse reads a Model and lays it out for the categories slugs, in this
// order (Probs' order). A category the model lacks gets probability 0; a
// category or term the model names that slugs or its vocabulary lack is an
// error.
func Parse(b []byte, slugs []string) (*Compiled, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("lexical: parse model: %w", err)
	}
	return m.Compile(slugs)
}

// Compile lays m out for the categories slugs (see Parse).
func (m *Model) Compile(slugs []string) (*Compiled, error) {
	if len(m.Terms) != len(m.IDF) {
		return nil, fmt.Errorf("lexical: model has %d terms and %d idf values", len(m.Terms), len(m.IDF))
	}
	if m.Shrink < 0 {
		return nil, fmt.Errorf("lexical: model shrink %v is negative", m.Shrink)
	}
	table, err := newVocabTable(m.Terms)
	if err != nil {
		return nil, err
	}
	c := &Compiled{table: table, idf: m.IDF, shrink: m.Shrink, bias: make([]float64, len(slugs)), weights: make([][]catWeight, len(m.Terms))}
	for ci := range slugs {
		c.bias[ci] = math.Inf(-1)
	}
	for slug, cat := range m.Categories {
		ci := slices.Index(slugs, slug)
		if ci < 0 {
			return nil, fmt.Errorf("lexical: model category %q is not in the taxonomy", slug)
		}
		c.bias[ci] = cat.Bias
		for t, w := range cat.Weights {
			ti := c.table.find(t)
			if ti < 0 {
				return nil, fmt.Errorf("lexical: model category %s weighs %q, which is not in its vocabulary", slug, t)
			}
			c.weights[ti] = append(c.weights[ti], catWeight{ci, w})
		}
	}
	for _, ws := range c.weights {
		slices.SortFunc(ws, func(a, b catWeight) int { return a.cat - b.cat })
	}
	return c, nil
}

// Terms is a post's words as a Compiled model counts them: only those of
// its vocabulary, by index (NewTerms, Add).
type Terms struct {
	n    []int32 // per term of the vocabulary
	seen []int32 // the terms counted, in the order first met
}

// NewTerms returns an empty count of the model's terms.
func (c *Compiled) NewTerms() *Terms { return &Terms{n: make([]int32, len(c.idf))} }

// Add counts the words of text (see Count) that the model knows.
func (c *Compiled) Add(t *Terms, text string) {
	eachWord(text, func(w string) {
		if ti := c.table.find(w); ti >= 0 {
			if t.n[ti] == 0 {
				t.seen = append(t.seen, ti)
			}
			t.n[ti]++
		}
	})
}

// Probs returns, per category, the probability the model gives a post
// whose words are counts (see Count).
func (c *Compiled) Probs(counts map[string]int) []float64 {
	t := c.NewTerms()
	for w, n := range counts {
		if ti := c.table.find(w); ti >= 0 {
			if t.n[ti] == 0 {
				t.seen = append(t.seen, ti)
			}
			t.n[ti] += int32(n)
		}
	}
	return c.ProbsOf(t)
}

// ProbsOf returns, per category, the probability the model gives a post
// whose words are t (see Add): the bias plus the weights of its term
// vector of length 1, shrunk by n/(n+Shrink) for n distinct terms.
func (c *Compiled) ProbsOf(t *Terms) []float64 {
	z := slices.Clone(c.bias)
	type tx struct {
		t int32
		x float64
	}
	// in term order: the same sums, to the bit, whatever order the words came in
	slices.Sort(t.seen)
	xs := make([]tx, 0, len(t.seen))
	for _, ti := range t.seen {
		xs = append(xs, tx{ti, (1 + math.Log(float64(t.n[ti]))) * c.idf[ti]})
	}
	norm := 0.0
	for _, e := range xs {
		norm += e.x * e.x
	}
	if norm > 0 {
		n := float64(len(xs))
		norm = math.Sqrt(norm) * (n + c.shrink) / n
		for _, e := range xs {
			x := e.x / norm
			for _, cw := range c.weights[e.t] {
				z[cw.cat] += cw.w * x
			}
		}
	}
	for i := range z {
		z[i] = sigmoid(z[i])
	}
	return z
}

// Weigh is how strongly text speaks for category ci: the sum of the
// weights of its words, each times its idf. The classifier picks the
// sentence behind a tag this model gave with it.
func (c *Compiled) Weigh(ci int, text string) float64 {
	s := 0.0
	eachWord(text, func(w string) {
		ti := c.table.find(w)
		if ti < 0 {
			return
		}
		for _, cw := range c.weights[ti] {
			if cw.cat == ci {
				s += cw.w * c.idf[ti]
			}
		}
	})
	return s
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
