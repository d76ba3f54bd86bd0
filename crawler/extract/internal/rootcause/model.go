package rootcause

import (
	"math"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// Model is a linear score over the features: the higher, the more a
// sentence reads as the statement of the root cause. Within one post the
// scores compete through a softmax, so only their differences matter.
type Model struct {
	Weights [numFeatures]float64
	// Rules is the weight of the rules' score (Context.Rules), fixed before
	// training: the model learns what to add to the rules, which know the
	// cue phrases of real posts that our synthetic ones avoid.
	Rules float64
}

// Default is the model trained on our synthetic post-mortems (weights.go,
// written by go run ./crawler/extract/internal/rootcause/train).
func Default() *Model { return &trained }

// Score is a sentence's score from its features.
func (m *Model) Score(x *[numFeatures]float64) float64 {
	s := 0.0
	for i, v := range x {
		if v != 0 {
			s += m.Weights[i] * v
		}
	}
	return s
}

// Scores scores every sentence of a post; those that cannot state a cause
// (see Eligible) get -Inf.
func (m *Model) Scores(sents []page.Sentence, ctx Context) []float64 {
	fs, ok := Features(sents, ctx)
	out := make([]float64, len(sents))
	for i := range sents {
		if !ok[i] {
			out[i] = math.Inf(-1)
			continue
		}
		out[i] = m.Score(&fs[i])
		if i < len(ctx.Rules) {
			out[i] += m.Rules * ctx.Rules[i]
		}
	}
	return out
}

// Example is one post for training: its eligible sentences' features,
// their rules' scores and which of them state the root cause.
type Example struct {
	X     [][numFeatures]float64
	Rules []float64
	Pos   []bool
}

// score is sentence i's score in training: the features plus the rules.
func (m *Model) score(ex Example, i int) float64 {
	return m.Score(&ex.X[i]) + m.Rules*ex.Rules[i]
}

// Train fits a model that puts the probability of a post's softmax over
// its sentences on the ones that state the root cause (a listwise
// objective: what counts is the ranking within each post), with an L2
// penalty lambda, by full-batch gradient descent with Adam steps. It is
// deterministic: the same examples give the same weights.
func Train(exs []Example, rules float64, epochs int, lambda float64) Model {
	m := Model{Rules: rules}
	var mom, vel [numFeatures]float64
	const lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
	for t := 1; t <= epochs; t++ {
		var grad [numFeatures]float64
		for _, ex := range exs {
			addGradient(&grad, &m, ex)
		}
		for j := range grad {
			grad[j] = grad[j]/float64(len(exs)) + lambda*m.Weights[j]
			mom[j] = b1*mom[j] + (1-b1)*grad[j]
			vel[j] = b2*vel[j] + (1-b2)*grad[j]*grad[j]
			mh := mom[j] / (1 - math.Pow(b1, float64(t)))
			vh := vel[j] / (1 - math.Pow(b2, float64(t)))
			m.Weights[j] -= lr * mh / (math.Sqrt(vh) + eps)
		}
	}
	return m
}

// addGradient adds the gradient of -log P(a positive sentence) for one post.
func addGradient(grad *[numFeatures]float64, m *Model, ex Example) {
	scores := make([]float64, len(ex.X))
	top := math.Inf(-1)
	for i := range ex.X {
		scores[i] = m.score(ex, i)
		top = max(top, scores[i])
	}
	z, zPos := 0.0, 0.0
	for i, s := range scores {
		scores[i] = math.Exp(s - top)
		z += scores[i]
		if ex.Pos[i] {
			zPos += scores[i]
		}
	}
	if zPos == 0 {
		return
	}
	for i, x := range ex.X {
		w := scores[i] / z
		if ex.Pos[i] {
			w -= scores[i] / zPos
		}
		if w == 0 {
			continue
		}
		for j, v := range x {
			grad[j] += w * v
		}
	}
}

// Loss is the mean -log P(a positive sentence) over the posts, for the
// trainer's report.
func Loss(m *Model, exs []Example) float64 {
	total := 0.0
	for _, ex := range exs {
		top := math.Inf(-1)
		scores := make([]float64, len(ex.X))
		for i := range ex.X {
			scores[i] = m.score(ex, i)
			top = max(top, scores[i])
		}
		z, zPos := 0.0, 0.0
		for i, s := range scores {
			e := math.Exp(s - top)
			z += e
			if ex.Pos[i] {
				zPos += e
			}
		}
		total += -math.Log(zPos/z + 1e-12)
	}
	return total / float64(len(exs))
}
