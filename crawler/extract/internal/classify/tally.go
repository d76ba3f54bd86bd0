package classify

import (
	"math"
	"sort"
)

const (
	voteDecay      = 0.7 // the n-th best vote of a category counts voteDecay^n
	perPatternMax  = 2   // a pattern votes at most this many times per document
	maxCategories  = 4
	relativeCutoff = 0.3 // a tag scoring under this share of the best one is dropped
)

// strongWeight marks a defining pattern: a category needs at least one of
// its votes, or twice its threshold from weaker ones, so that a post full of
// incidental words ("network", "latency") does not earn the tag.
const strongWeight = 3

// hit is one pattern matching one unit, not negated.
type hit struct {
	pat, unit int32
}

type vote struct {
	value  float64
	unit   int
	strong bool    // cast by a defining pattern (weight >= strongWeight)
	weight float64 // the pattern's own weight, before the zone's
}

// tally is how the rules scored one category in one post: its votes, best
// per unit and best first, their decayed sum and whether one of them is
// defining.
type tally struct {
	votes  []vote
	score  float64
	strong bool
}

// tallies scores every category from the hits, with the units' current
// weights: each pattern keeps its perPatternMax best votes, each unit its
// best positive vote per category.
func (c *Classifier) tallies(units []unit, hits []hit) []tally {
	byCat := make([][]vote, len(c.cats))
	perPat := map[int32]int{} // by group
	// Best votes first, so that each pattern keeps its perPatternMax best.
	ordered := append([]hit(nil), hits...)
	sort.SliceStable(ordered, func(i, j int) bool {
		return c.set.pats[ordered[i].pat].weight*units[ordered[i].unit].weight >
			c.set.pats[ordered[j].pat].weight*units[ordered[j].unit].weight
	})
	for _, h := range ordered {
		p := c.set.pats[h.pat]
		if perPat[p.group] == perPatternMax {
			continue
		}
		perPat[p.group]++
		u := &units[h.unit]
		v := vote{value: p.weight * u.weight, unit: int(h.unit), strong: p.weight >= strongWeight, weight: p.weight}
		if u.causal && p.weight > 0 {
			v.value *= c.tune.causalBoost
			v.strong = v.strong || p.weight >= c.tune.causalStrong
		}
		byCat[p.cat] = append(byCat[p.cat], v)
	}
	out := make([]tally, len(c.cats))
	for ci := range c.cats {
		t := tally{votes: bestPerUnit(byCat[ci])}
		k := 0
		for _, v := range t.votes {
			t.strong = t.strong || v.strong
			if v.value > 0 {
				t.score += v.value * math.Pow(voteDecay, float64(k))
				k++
			} else {
				t.score += v.value
			}
		}
		out[ci] = t
	}
	return out
}

// ruleTags are the categories the rules alone assign, best first: those
// whose score reaches their threshold (with a defining vote, or twice it
// without), at most maxCategories, none under relCutoff of the best.
func (c *Classifier) ruleTags(ts []tally) []int {
	var found []int
	for ci, t := range ts {
		if len(t.votes) == 0 {
			continue
		}
		th := c.cats[ci].threshold
		if (t.strong && t.score >= th*c.tune.strongOnly) || t.score >= c.tune.weakOnly*th {
			found = append(found, ci)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return ts[found[i]].score > ts[found[j]].score })
	for i, ci := range found {
		if i == maxCategories || ts[ci].score < ts[found[0]].score*c.relCutoff {
			return found[:i]
		}
	}
	return found
}

// bestPerUnit keeps, for each unit, its best positive vote plus every
// negative one, best first: a sentence that matches three patterns of a
// category is still one piece of evidence.
func bestPerUnit(votes []vote) []vote {
	sort.SliceStable(votes, func(i, j int) bool { return votes[i].value > votes[j].value })
	seen := map[int]bool{}
	out := votes[:0]
	for _, v := range votes {
		if v.value > 0 {
			if seen[v.unit] {
				continue
			}
			seen[v.unit] = true
		}
		out = append(out, v)
	}
	return out
}
