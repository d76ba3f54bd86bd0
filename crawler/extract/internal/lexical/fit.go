package lexical

import (
	"cmp"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Doc is one labelled post as training sees it: its words and counts (see
// Count) and the categories a reader gave it.
type Doc struct {
	Counts map[string]int
	Labels []string
}

// FitOptions are the training's settings; the zero value means the
// defaults.
type FitOptions struct {
	MinDF  int     // a term must occur in this many posts (default 3)
	MaxDF  float64 // ... and in at most this share of them (default 0.5)
	C      float64 // inverse L2 penalty on the term weights (default 8)
	Keep   int     // term weights kept per category, the largest (default 400)
	Rounds int     // gradient steps (default 400)
	// Shrink is written into the model (Model.Shrink, default 10): how
	// many known terms a post needs for its words to count half. Training
	// does not use it; it bounds what a short text's few words can say.
	Shrink float64
	About  string // what the model was trained on, kept in the file
}

func (o FitOptions) withDefaults() FitOptions {
	o.MinDF = orDefault(o.MinDF, 3)
	o.MaxDF = orDefault(o.MaxDF, 0.5)
	o.C = orDefault(o.C, 8)
	o.Keep = orDefault(o.Keep, 400)
	o.Rounds = orDefault(o.Rounds, 400)
	o.Shrink = orDefault(o.Shrink, 10)
	return o
}

// orDefault is v, or def when v is not positive (unset or meaningless).
func orDefault[T int | float64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// minPositives is how many posts must carry a category for it to get a
// regression.
const minPositives = 2

// Fit trains the model: the vocabulary is every term in at least MinDF
// and at most MaxDF of the posts; a post is the vector of its terms'
// (1 + log count) times idf, of length 1; each category is a logistic
// regression with an L2 penalty whose classes weigh alike (a category is
// rare), fitted by accelerated gradient descent, then only its Keep
// heaviest weights are kept. Same posts, same options: same model, to the
// bit.
func Fit(slugs []string, docs []Doc, o FitOptions) (*Model, error) {
	o = o.withDefaults()
	if len(docs) == 0 {
		return nil, errors.New("lexical: fit: no posts")
	}
	terms, idf := vocabulary(docs, o)
	if len(terms) == 0 {
		return nil, errors.New("lexical: fit: no term occurs in enough posts")
	}
	x := vectors(docs, terms, idf)
	m := &Model{About: o.About, Shrink: o.Shrink, Terms: terms, IDF: make([]float64, len(idf)), Categories: map[string]Category{}}
	for i, v := range idf {
		m.IDF[i] = round4(v)
	}
	cats := make([]*Category, len(slugs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for ci, slug := range slugs {
		y := make([]float64, len(docs))
		pos := 0
		for i, d := range docs {
			if slices.Contains(d.Labels, slug) {
				y[i], pos = 1, pos+1
			}
		}
		if pos < minPositives || pos == len(docs) {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() { // each category on its own: the same result in any order
			defer func() { <-sem; wg.Done() }()
			b, w := regress(x, y, len(terms), pos, o)
			cats[ci] = &Category{Bias: round4(b), Weights: keep(w, terms, o.Keep)}
		}()
	}
	wg.Wait()
	for ci, c := range cats {
		if c != nil {
			m.Categories[slugs[ci]] = *c
		}
	}
	return m, nil
}

// vocabulary returns the terms kept, sorted, and their idf:
// log((1+n)/(1+df)) + 1.
func vocabulary(docs []Doc, o FitOptions) ([]string, []float64) {
	df := map[string]int{}
	for _, d := range docs {
		for t := range d.Counts {
			df[t]++
		}
	}
	limit := o.MaxDF * float64(len(docs))
	var terms []string
	for t, n := range df {
		if n >= o.MinDF && float64(n) <= limit {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	idf := make([]float64, len(terms))
	for i, t := range terms {
		idf[i] = math.Log(float64(1+len(docs))/float64(1+df[t])) + 1
	}
	return terms, idf
}

// entry is one nonzero of a post's vector.
type entry struct {
	t int32
	x float64
}

// vectors lays the posts out as rows of unit length over terms.
func vectors(docs []Doc, terms []string, idf []float64) [][]entry {
	index := make(map[string]int32, len(terms))
	for i, t := range terms {
		index[t] = int32(i)
	}
	out := make([][]entry, len(docs))
	for i, d := range docs {
		var row []entry
		norm := 0.0
		for t, n := range d.Counts {
			if ti, ok := index[t]; ok {
				v := (1 + math.Log(float64(n))) * idf[ti]
				row = append(row, entry{ti, v})
			}
		}
		slices.SortFunc(row, func(a, b entry) int { return cmp.Compare(a.t, b.t) })
		for _, e := range row {
			norm += e.x * e.x
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for k := range row {
				row[k].x /= norm
			}
		}
		out[i] = row
	}
	return out
}

// regress fits one category's bias and term weights to labels y (pos of
// them 1) by Nesterov's accelerated gradient: the classes weigh alike, and
// the weights (not the bias) have an L2 penalty of 1/(2C). The rows have
// length 1, so 1/L with L = n/2 + 1/C is a safe step.
func regress(x [][]entry, y []float64, nTerms, pos int, o FitOptions) (float64, []float64) {
	n := float64(len(y))
	sPos, sNeg := n/(2*float64(pos)), n/(2*(n-float64(pos)))
	step := 1 / (n/2 + 1/o.C)
	w, prev := make([]float64, nTerms), make([]float64, nTerms)
	look, g := make([]float64, nTerms), make([]float64, nTerms)
	b, prevB := 0.0, 0.0
	for k := 1; k <= o.Rounds; k++ {
		mom := float64(k-1) / float64(k+2)
		for j := range w {
			look[j] = w[j] + mom*(w[j]-prev[j])
		}
		lookB := b + mom*(b-prevB)
		for j := range g {
			g[j] = look[j] / o.C
		}
		gb := 0.0
		for i, row := range x {
			z := lookB
			for _, e := range row {
				z += look[e.t] * e.x
			}
			s := sNeg
			if y[i] == 1 {
				s = sPos
			}
			r := s * (sigmoid(z) - y[i])
			gb += r
			for _, e := range row {
				g[e.t] += r * e.x
			}
		}
		copy(prev, w)
		prevB = b
		for j := range w {
			w[j] = look[j] - step*g[j]
		}
		b = lookB - step*gb
	}
	return b, w
}

// keep returns the keep heaviest weights (by size; ties by term), rounded.
func keep(w []float64, terms []string, keep int) map[string]float64 {
	idx := make([]int, 0, len(w))
	for j, v := range w {
		if round4(v) != 0 {
			idx = append(idx, j)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(math.Abs(w[b]), math.Abs(w[a])) })
	if len(idx) > keep {
		idx = idx[:keep]
	}
	out := make(map[string]float64, len(idx))
	for _, j := range idx {
		out[terms[j]] = round4(w[j])
	}
	return out
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
