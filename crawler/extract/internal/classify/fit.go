package classify

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Example is one labelled post as the learned layer sees it: per category
// slug, the features of how the rules voted (Doc.Features), and the
// categories a reader gave it. Weight scales how much the post counts.
type Example struct {
	Name     string // the post, for messages
	Features map[string][]float64
	Labels   []string
	Weight   float64
	// Terms are the post's words (Doc.Terms), for the word model; Group
	// names the posts that must share a fold (an organisation's), "" for
	// the post alone.
	Terms map[string]int
	Group string
	// Real marks a post someone else wrote (a tuning or real development
	// post, not one of our synthetic ones): the threshold is chosen on
	// these, the posts pmkb meets (all posts when none is).
	Real bool
}

// FitOptions are the training's settings. The zero value means the
// defaults.
type FitOptions struct {
	L2     float64 // penalty on the shared weights (default 1)
	CatL2  float64 // penalty on each category's own bias and slope (default 4)
	Folds  int     // cross-validation folds that choose the threshold (default 5)
	Rounds int     // Newton steps (default 25)
	About  string  // what the model was trained on, kept in the file
}

func (o FitOptions) withDefaults() FitOptions {
	if o.L2 <= 0 {
		o.L2 = 1
	}
	if o.CatL2 <= 0 {
		o.CatL2 = 4
	}
	if o.Folds < 2 {
		o.Folds = 5
	}
	if o.Rounds <= 0 {
		o.Rounds = 25
	}
	return o
}

// row is one category of one example: its design vector's parts.
type row struct {
	doc, cat int
	f        []float64
	y, w     float64
}

// Fit trains the learned layer: a logistic regression over the features
// of every category some pattern voted for, with shared weights plus a bias
// and a score slope per category (slugs, in this order), by Newton's method
// with an L2 penalty. The threshold is the one that maximises micro-F1 over
// the real posts' out-of-fold probabilities (see Example.Real; the posts
// of a Group share a fold, as for the word model): on posts of an
// organisation it has not read, the layer is less sure than on its own,
// and less still than on our synthetic posts. Same examples, same
// options: same model, to the bit.
func Fit(slugs []string, exs []Example, o FitOptions) (*Model, error) {
	o = o.withDefaults()
	rows, labels := rowsOf(slugs, exs)
	if len(rows) == 0 {
		return nil, errors.New("classify: fit: no category got a vote in any example")
	}
	const maxTags = 5
	fold := groupFolds(exs, o.Folds)
	oof := make([]float64, len(rows))
	for k := 0; k < o.Folds; k++ {
		var train []row
		for _, r := range rows {
			if fold[r.doc] != k {
				train = append(train, r)
			}
		}
		th := newton(len(slugs), train, o)
		for i, r := range rows {
			if fold[r.doc] == k {
				oof[i] = sigmoid(dot(th, len(slugs), r))
			}
		}
	}
	rr, pr, lr := realRows(exs, rows, oof, labels)
	m := &Model{About: o.About, Features: slices.Clone(FeatureNames), Weights: make([]float64, nFeatures),
		Categories: map[string]CatParam{}, Threshold: chooseThreshold(rr, pr, lr, maxTags), MaxTags: maxTags}
	th := newton(len(slugs), rows, o)
	m.Bias = round4(th[0])
	for k := range nFeatures {
		m.Weights[k] = round4(th[1+k])
	}
	for ci, s := range slugs {
		m.Categories[s] = CatParam{Bias: round4(th[1+nFeatures+ci]), Score: round4(th[1+nFeatures+len(slugs)+ci])}
	}
	return m, nil
}

// realRows keeps the rows, out-of-fold probabilities and label counts of
// the real posts (Example.Real), or all of them when none is real.
func realRows(exs []Example, rows []row, p []float64, labels []int) ([]row, []float64, []int) {
	if !slices.ContainsFunc(exs, func(ex Example) bool { return ex.Real }) {
		return rows, p, labels
	}
	var rr []row
	var pr []float64
	lr := make([]int, len(labels))
	for i, r := range rows {
		if exs[r.doc].Real {
			rr, pr = append(rr, r), append(pr, p[i])
		}
	}
	for d, n := range labels {
		if exs[d].Real {
			lr[d] = n
		}
	}
	return rr, pr, lr
}

// rowsOf turns examples into rows (Features leaves out the categories
// the layer never assigns) and counts each post's labels.
func rowsOf(slugs []string, exs []Example) ([]row, []int) {
	var rows []row
	labels := make([]int, len(exs))
	for d, ex := range exs {
		w := ex.Weight
		if w <= 0 {
			w = 1
		}
		labels[d] = len(ex.Labels)
		for ci, s := range slugs {
			f := ex.Features[s]
			if len(f) != nFeatures {
				continue
			}
			rows = append(rows, row{doc: d, cat: ci, f: f, y: b2f(slices.Contains(ex.Labels, s)), w: w})
		}
	}
	return rows, labels
}

// dim is the length of the parameter vector: bias, shared weights, then
// per category a bias and a score slope.
func dim(nCats int) int { return 1 + nFeatures + 2*nCats }

// dot is the logit of row r under parameters th.
func dot(th []float64, nCats int, r row) float64 {
	z := th[0] + th[1+nFeatures+r.cat] + th[1+nFeatures+nCats+r.cat]*r.f[fScore]
	for k, v := range r.f {
		z += th[1+k] * v
	}
	return z
}

// design calls fn with each nonzero entry of row r's design vector.
func design(nCats int, r row, fn func(j int, x float64)) {
	fn(0, 1)
	for k, v := range r.f {
		if v != 0 {
			fn(1+k, v)
		}
	}
	fn(1+nFeatures+r.cat, 1)
	if r.f[fScore] != 0 {
		fn(1+nFeatures+nCats+r.cat, r.f[fScore])
	}
}

// newton fits the parameters to rows by Newton's method.
func newton(nCats int, rows []row, o FitOptions) []float64 {
	n := dim(nCats)
	th := make([]float64, n)
	pen := make([]float64, n)
	for j := 1; j < n; j++ {
		pen[j] = o.L2
		if j > nFeatures {
			pen[j] = o.CatL2
		}
	}
	for range o.Rounds {
		g := make([]float64, n)
		h := make([]float64, n*n)
		for _, r := range rows {
			p := sigmoid(dot(th, nCats, r))
			gr, hw := r.w*(p-r.y), r.w*p*(1-p)
			var idx [nFeatures + 3]int
			var val [nFeatures + 3]float64
			m := 0
			design(nCats, r, func(j int, x float64) { idx[m], val[m] = j, x; m++ })
			for a := range m {
				g[idx[a]] += gr * val[a]
				for b := range m {
					h[idx[a]*n+idx[b]] += hw * val[a] * val[b]
				}
			}
		}
		for j := range n {
			g[j] += pen[j] * th[j]
			h[j*n+j] += pen[j] + 1e-9
		}
		step, err := cholSolve(h, g, n)
		if err != nil {
			break
		}
		for j := range n {
			th[j] -= step[j]
		}
	}
	return th
}

// cholSolve solves a x = b for a symmetric positive definite n×n.
func cholSolve(a, b []float64, n int) ([]float64, error) {
	l := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if s <= 0 {
					return nil, fmt.Errorf("classify: fit: matrix not positive definite at %d", i)
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	y := make([]float64, n)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= l[i*n+k] * y[k]
		}
		y[i] = s / l[i*n+i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	return x, nil
}

// chooseThreshold picks the probability a tag needs from out-of-fold
// probabilities p: micro-F1 is flat near its best, so each threshold is
// scored by the mean F1 over its neighbours (±0.04), and of those within
// 0.005 of the best score the highest wins: fewer, surer tags.
func chooseThreshold(rows []row, p []float64, labels []int, maxTags int) float64 {
	const lo, hi, half = 20, 80, 4 // in hundredths
	f := make([]float64, hi+half+1)
	for t := lo - half; t <= hi+half; t++ {
		f[t] = microF1(rows, p, labels, float64(t)/100, maxTags)
	}
	smooth := make([]float64, hi+1)
	bestS := -1.0
	for t := lo; t <= hi; t++ {
		for d := -half; d <= half; d++ {
			smooth[t] += f[t+d] / (2*half + 1)
		}
		bestS = max(bestS, smooth[t])
	}
	best := lo
	for t := lo; t <= hi; t++ {
		if smooth[t] >= bestS-0.005 {
			best = t
		}
	}
	return float64(best) / 100
}

// microF1 is the micro-F1 of tagging each post with its categories whose
// probability reaches t, at most maxTags; labels are each post's label
// counts (a label without a vote is a miss whatever t is).
func microF1(rows []row, p []float64, labels []int, t float64, maxTags int) float64 {
	byDoc := map[int][]int{}
	for i, r := range rows {
		if p[i] >= t {
			byDoc[r.doc] = append(byDoc[r.doc], i)
		}
	}
	tp, pred, want := 0.0, 0.0, 0.0
	for _, n := range labels {
		want += float64(n)
	}
	for _, idx := range byDoc {
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case p[a] > p[b]:
				return -1
			case p[a] < p[b]:
				return 1
			}
			return 0
		})
		if len(idx) > maxTags {
			idx = idx[:maxTags]
		}
		for _, i := range idx {
			pred++
			tp += rows[i].y
		}
	}
	if tp == 0 {
		return 0
	}
	prec, rec := tp/pred, tp/want
	return 2 * prec * rec / (prec + rec)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
