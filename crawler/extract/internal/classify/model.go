package classify

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// modelJSON is the learned layer, written by the training command
// (go run ./crawler/extract/internal/classify/train); see Model.
//
//go:embed model.json
var modelJSON []byte

// DefaultModel returns the embedded learned layer, as the training command
// wrote it.
func DefaultModel() []byte { return modelJSON }

// Model is the learned layer over the rules: a logistic regression per
// category whose inputs are the features (FeatureNames) of how the rules
// voted. Weights are shared by every category; each category adds its own
// bias and its own slope on the rules' score, so that a category whose
// rules fire on incidental words can ask more of them.
type Model struct {
	About      string              `json:"about"`
	Features   []string            `json:"features"`
	Bias       float64             `json:"bias"`
	Weights    []float64           `json:"weights"`
	Categories map[string]CatParam `json:"categories"`
	// Threshold is the probability a tag needs; MaxTags caps how many a
	// post gets.
	Threshold float64 `json:"threshold"`
	MaxTags   int     `json:"max_tags"`
}

// CatParam is one category's own part of the model.
type CatParam struct {
	Bias  float64 `json:"bias"`
	Score float64 `json:"score"`
}

// model is a Model ready to apply, per category index.
type model struct {
	bias      float64
	weights   []float64
	catBias   []float64
	catScore  []float64
	threshold float64
	maxTags   int
}

// ParseModel reads a Model and checks that it reads the features this
// package computes.
func ParseModel(b []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("classify: parse model: %w", err)
	}
	if len(m.Features) != nFeatures || len(m.Weights) != nFeatures {
		return nil, fmt.Errorf("classify: model has %d features and %d weights, want %d", len(m.Features), len(m.Weights), nFeatures)
	}
	for i, name := range m.Features {
		if name != FeatureNames[i] {
			return nil, fmt.Errorf("classify: model feature %d is %q, want %q", i+1, name, FeatureNames[i])
		}
	}
	if m.Threshold <= 0 || m.Threshold >= 1 || m.MaxTags < 1 {
		return nil, fmt.Errorf("classify: model threshold %v, max tags %d: want 0 < threshold < 1 and max tags >= 1", m.Threshold, m.MaxTags)
	}
	return &m, nil
}

// compile lays a Model out for the categories cats.
func (m *Model) compile(cats []category) *model {
	out := &model{bias: m.Bias, weights: m.Weights, threshold: m.Threshold, maxTags: m.MaxTags,
		catBias: make([]float64, len(cats)), catScore: make([]float64, len(cats))}
	for i, c := range cats {
		p := m.Categories[c.slug]
		out.catBias[i], out.catScore[i] = p.Bias, p.Score
	}
	return out
}

// prob is the model's probability that category ci applies, given its
// features f.
func (m *model) prob(ci int, f []float64) float64 {
	z := m.bias + m.catBias[ci] + m.catScore[ci]*f[fScore]
	for k, w := range m.weights {
		z += w * f[k]
	}
	return sigmoid(z)
}

type scoredCat struct {
	cat int
	p   float64
}

// decide returns the categories whose probability reaches the threshold,
// most probable first, at most maxTags. A category no pattern voted for is
// never assigned (its tag would have no evidence), nor one voted for only
// in asides (see features). When none reaches the
// threshold, the most probable of those the rules assign (rules) stands: a
// short post the rules read clearly still gets its tag.
func (m *model) decide(feats [][]float64, eligible []bool, rules []int) []scoredCat {
	var out []scoredCat
	for ci, f := range feats {
		if !eligible[ci] {
			continue
		}
		if p := m.prob(ci, f); p >= m.threshold {
			out = append(out, scoredCat{ci, p})
		}
	}
	if len(out) == 0 {
		for _, ci := range rules {
			if p := m.prob(ci, feats[ci]); len(out) == 0 || p > out[0].p {
				out = []scoredCat{{ci, p}}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].p > out[j].p })
	if len(out) > m.maxTags {
		out = out[:m.maxTags]
	}
	return out
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// planNeeded tells the categories whose plan feature can change what decide
// returns: those eligible that would reach the threshold with the plan
// feature at the heaviest any of their patterns gives, and the rules'
// categories, which decide may fall back on. The others are left unread:
// reading the action items costs. feats have the plan feature at 0.
func (m *model) planNeeded(feats [][]float64, eligible []bool, rules []int, cats []category) []bool {
	need := make([]bool, len(feats))
	for _, ci := range rules {
		need[ci] = true
	}
	for ci, f := range feats {
		if !eligible[ci] || need[ci] {
			continue
		}
		p := m.prob(ci, f)
		f[fPlan] = cats[ci].heaviest / 4
		p = max(p, m.prob(ci, f))
		f[fPlan] = 0
		need[ci] = p >= m.threshold
	}
	return need
}
