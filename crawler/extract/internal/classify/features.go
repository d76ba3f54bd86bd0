package classify

import "math"

// FeatureNames name what the learned layer reads of one category in one
// post, in the order of a feature vector. They describe how the rules voted
// and where, not which words the post uses, so that they carry over from
// the posts the layer was trained on to posts written another way.
var FeatureNames = []string{
	"score",       // log(1+s), s the rules' decayed sum of positive votes
	"against",     // log(1+n), n the sum of the negative votes
	"strong",      // one vote comes from a defining pattern
	"title",       // the heaviest pattern that hit the title, /4
	"summary",     // ... the summary or the list's blurb
	"body",        // ... text outside any known section or a root-cause section
	"side",        // ... timeline, impact, mitigation
	"detect",      // ... how the incident was noticed
	"aside",       // ... background, another incident, hypotheticals
	"units",       // log(1+n), n the sentences with a positive vote
	"strongunits", // log(1+n), n the sentences with a defining vote
	"share",       // s over the best category's s
	"first",       // the category scores best
	"top3",        // the category is among the three best
	"headonly",    // every positive vote comes from a heading
	"plan",        // the heaviest pattern that hit an action item, /4: what the post plans to fix
	"lexical",     // the word model's probability (internal/lexical), 0 without one
}

// Feature indexes, in FeatureNames' order.
const (
	fScore = iota
	fAgainst
	fStrong
	fTitle
	fSummary
	fBody
	fSide
	fDetect
	fAside
	fUnits
	fStrongUnits
	fShare
	fFirst
	fTop3
	fHeadOnly
	fPlan
	fLexical
	nFeatures
)

// features describes every category for the learned layer (see
// FeatureNames; the plan feature is left at 0, see addPlans), and tells
// which the layer may tag at all: those some
// pattern voted for in the story itself, not only in background parts,
// other incidents, hypotheticals or plans, and those the word model gives
// at least lexFloor (lex, per category; nil without a word model). A vote
// in a root-cause section or a causal sentence has no feature of its own:
// the score already weighs it more.
func (c *Classifier) features(units []unit, ts []tally, lex []float64) (feats [][]float64, eligible []bool) {
	best := 0.0
	for _, t := range ts {
		best = max(best, t.score)
	}
	out := make([][]float64, len(ts))
	eligible = make([]bool, len(ts))
	for ci, t := range ts {
		f := make([]float64, nFeatures)
		out[ci] = f
		if len(t.votes) == 0 {
			continue
		}
		pos, neg := 0.0, 0.0
		nUnits, nStrong, heads := 0, 0, 0
		for _, v := range t.votes {
			if v.value <= 0 {
				neg -= v.value
				continue
			}
			pos++
			u := &units[v.unit]
			w := v.weight / 4
			nUnits++
			if v.weight >= strongWeight {
				nStrong++
			}
			if u.heading {
				heads++
			}
			at := zoneFeature(u)
			f[at] = max(f[at], w)
			eligible[ci] = eligible[ci] || at != fAside
		}
		f[fScore] = math.Log1p(max(t.score+neg, 0))
		f[fAgainst] = math.Log1p(neg)
		f[fStrong] = b2f(t.strong)
		f[fUnits] = math.Log1p(float64(nUnits))
		f[fStrongUnits] = math.Log1p(float64(nStrong))
		if best > 0 {
			f[fShare] = max(t.score, 0) / best
		}
		rank := 1
		for _, o := range ts {
			if o.score > t.score {
				rank++
			}
		}
		f[fFirst] = b2f(rank == 1 && t.score > 0)
		f[fTop3] = b2f(rank <= 3 && t.score > 0)
		f[fHeadOnly] = b2f(pos > 0 && heads == nUnits)
	}
	if lex != nil {
		addLexical(out, eligible, lex)
	}
	return out, eligible
}

// lexFloor is the word model's probability that makes a category the
// rules did not vote for one the layer may tag.
const lexFloor = 0.15

// addLexical sets the word model's probabilities lex (per category) as the
// lexical feature of feats and makes eligible the categories it gives at
// least lexFloor, with what the rules read of them (votes in asides, votes
// against). The training command calls it with out-of-fold
// probabilities.
func addLexical(feats [][]float64, eligible []bool, lex []float64) {
	for ci, f := range feats {
		eligible[ci] = eligible[ci] || lex[ci] >= lexFloor
		f[fLexical] = lex[ci]
	}
}

// votedInStory reports whether features f say some pattern voted for the
// category in the story itself (see features): what made it eligible
// before the word model.
func votedInStory(f []float64) bool {
	return f[fTitle] > 0 || f[fSummary] > 0 || f[fBody] > 0 || f[fSide] > 0 || f[fDetect] > 0
}

// zoneFeature is the feature of where u sits; a root-cause section counts
// as the body.
func zoneFeature(u *unit) int {
	if u.hypo {
		return fAside
	}
	switch u.zone {
	case inTitle:
		return fTitle
	case inSummary:
		return fSummary
	case inRootCause:
		return fBody
	case inSide:
		return fSide
	case inDetect:
		return fDetect
	case inAside:
		return fAside
	}
	return fBody
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
