package classify

import (
	"cmp"
	"slices"
)

// match runs the patterns over the units, heaviest zones first. Only
// patterns whose literals occur in a unit are tried on it; a match right
// after a negation cue is dropped; a pattern that reached its hit cap is not
// tried again. Unless all, a pattern is not tried on a unit where its
// category already has a vote at least as heavy: a unit is one piece of
// evidence, and only its best vote per category counts (bestPerUnit).
func (c *Classifier) match(units []unit, lang string, all bool) []hit {
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(units[b].weight, units[a].weight) })
	sc := c.set.getScratch()
	defer c.set.putScratch(sc)
	count := make([]uint8, len(c.set.pats))
	lastUnit := make([]int32, len(c.set.pats)) // per group: the last unit it hit, +1
	var hits []hit
	var cand []int32
	best := make([]float64, len(c.cats)) // the unit's heaviest vote per category
	for _, i := range order {
		u := &units[i]
		clear(best)
		if u.weight < minMatchWeight {
			break // the rest weigh even less: action items, hypotheticals
		}
		u.prepare()
		if u.negated {
			continue
		}
		cand = c.eachMatch(sc, u, lang, cand,
			func(p *pattern) bool {
				return int(count[p.group]) < p.hitCap() && lastUnit[p.group] != int32(i)+1 &&
					(all || p.weight <= 0 || p.weight > best[p.cat])
			},
			func(pi int32) {
				p := &c.set.pats[pi]
				count[p.group]++
				lastUnit[p.group] = int32(i) + 1
				best[p.cat] = max(best[p.cat], p.weight)
				hits = append(hits, hit{pi, int32(i)})
			})
	}
	return hits
}

// matchAll tries every pattern on the given units, without caps, and
// returns the hits not already in have: the root-cause sentences, whose
// votes count double, must not lose any to the caps.
func (c *Classifier) matchAll(units []unit, idx []int, lang string, have []hit) []hit {
	seen := map[[2]int32]bool{} // group, unit
	for _, h := range have {
		seen[[2]int32{c.set.pats[h.pat].group, h.unit}] = true
	}
	sc := c.set.getScratch()
	defer c.set.putScratch(sc)
	var cand []int32
	var hits []hit
	for _, i := range idx {
		u := &units[i]
		u.prepare()
		if u.negated {
			continue
		}
		cand = c.eachMatch(sc, u, lang, cand,
			func(p *pattern) bool { return !seen[[2]int32{p.group, int32(i)}] },
			func(pi int32) {
				seen[[2]int32{c.set.pats[pi].group, int32(i)}] = true
				hits = append(hits, hit{pi, int32(i)})
			})
	}
	return hits
}

// eachMatch calls hit with every pattern of lang (or of any language) that
// matches u, among those whose literals occur in u and that try accepts;
// try is asked again before each pattern, so a hit can rule out the next.
// It returns cand, the candidate buffer, for reuse.
func (c *Classifier) eachMatch(sc *scratch, u *unit, lang string, cand []int32, try func(*pattern) bool, hit func(pi int32)) []int32 {
	stamp := sc.nextStamp()
	cand = c.set.candidates(u.lower, sc, stamp, cand[:0])
	// Heaviest first, so that a lighter pattern of a category that has
	// already voted on u can be left untried.
	slices.SortFunc(cand, func(a, b int32) int {
		switch wa, wb := c.set.weight[a], c.set.weight[b]; {
		case wa > wb:
			return -1
		case wa < wb:
			return 1
		}
		return int(a - b)
	})
	for _, pi := range cand {
		p := &c.set.pats[pi]
		if (p.lang != "" && p.lang != lang) || !try(p) || !c.set.mayMatch(pi, sc, stamp) {
			continue
		}
		if c.matchOne(p, u, sc.starts[pi], lang) {
			hit(pi)
		}
	}
	return cand
}

// matchOne reports whether p matches u somewhere not negated. starts are
// where p's literals begin in u, used when p can run anchored.
func (c *Classifier) matchOne(p *pattern, u *unit, starts []int32, lang string) bool {
	if starts, ok := p.anchoredStarts(u, starts); ok {
		for _, s := range starts {
			if p.leadingWB && s > 0 && isWordByte(u.lower[s-1]) {
				continue
			}
			m := p.findAnchored(u.lower[s:])
			if m == nil {
				continue
			}
			if p.weight <= 0 || !c.silenced(p, u, []int{int(s) + m[0], int(s) + m[1]}, lang) {
				return true
			}
		}
		return false
	}
	m := p.findFirst(u)
	if m == nil {
		return false
	}
	if p.weight <= 0 || !c.silenced(p, u, m, lang) {
		return true
	}
	for _, m := range p.find(u)[1:] {
		if !c.silenced(p, u, m, lang) {
			return true
		}
	}
	return false
}

func (p *pattern) hitCap() int {
	if p.weight >= strongWeight {
		return strongHitCap
	}
	return weakHitCap
}

// matches reports whether p matches u anywhere, negations ignored.
func (p *pattern) matches(u *unit, starts []int32) bool {
	if starts, ok := p.anchoredStarts(u, starts); ok {
		for _, s := range starts {
			if (!p.leadingWB || s == 0 || !isWordByte(u.lower[s-1])) && p.findAnchored(u.lower[s:]) != nil {
				return true
			}
		}
		return false
	}
	return p.findFirst(u) != nil
}

// maxAnchoredRuns is how many places an anchored pattern is tried at
// before one search across the text is cheaper.
const maxAnchoredRuns = 4

// anchoredStarts returns where p runs anchored in u, and false when it
// runs as one search across the text instead: it cannot run anchored, or
// it may start at too many places. recorded are the starts the candidate
// scan found; a pattern triggered by rarer literals finds its own.
func (p *pattern) anchoredStarts(u *unit, recorded []int32) ([]int32, bool) {
	if p.anchored == nil || len(u.lower) != len(u.text) {
		return nil, false
	}
	if p.prefix == nil {
		return recorded, len(recorded) <= maxAnchoredRuns
	}
	var out []int32
	ok := true
	p.prefix.Scan(u.lower, func(id int32, end int) {
		if s := int32(end + 1 - len(p.prefixLits[id])); ok && !slices.Contains(out, s) {
			out = append(out, s)
			ok = len(out) <= maxAnchoredRuns
		}
	})
	return out, ok
}

// findAnchored runs the anchored pattern at the start of text, on a
// window of its span plus a margin when that is shorter: a match that
// reaches the window's end is checked again on the whole text, where a
// word boundary or a longer run may differ.
func (p *pattern) findAnchored(text string) []int {
	if p.words != nil {
		return matchWordSet(p.words, text)
	}
	if p.span >= 0 && p.span+16 < len(text) {
		if w := runeOffset(text, p.span+16); w < len(text) {
			m := p.anchored.FindStringIndex(text[:w])
			if m == nil || m[1] < w-8 {
				return m
			}
		}
	}
	return p.anchored.FindStringIndex(text)
}

// runeOffset returns the byte offset of the n-th character of s, or
// len(s) when s has fewer.
func runeOffset(s string, n int) int {
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return len(s)
}

// isWordByte mirrors regexp's \b: ASCII letters, digits and underscore.
func isWordByte(b byte) bool {
	return b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// findFirst returns the first match of p in u, or nil.
func (p *pattern) findFirst(u *unit) []int {
	if p.lowRe != nil && len(u.lower) == len(u.text) {
		return p.lowRe.FindStringIndex(u.lower)
	}
	return p.re.FindStringIndex(u.text)
}

// find returns up to four matches of p in u. It matches the lower-cased
// text without case folding when lower-casing kept every byte offset.
func (p *pattern) find(u *unit) [][]int {
	if p.lowRe != nil && len(u.lower) == len(u.text) {
		return p.lowRe.FindAllStringIndex(u.lower, 4)
	}
	return p.re.FindAllStringIndex(u.text, 4)
}

// strongCats counts, per unit, the categories with a defining match: how
// strongly a sentence names a failure mode, which the root-cause picker
// uses.
func (c *Classifier) strongCats(hits []hit, n int) []int {
	out := make([]int, n)
	seen := map[[2]int32]bool{}
	for _, h := range hits {
		p := c.set.pats[h.pat]
		key := [2]int32{int32(p.cat), h.unit}
		if p.weight >= strongWeight && !seen[key] {
			seen[key] = true
			out[h.unit]++
		}
	}
	return out
}

// planVotes tries the patterns of the categories in need on the action
// items and returns, per category, the heaviest pattern that voted there:
// what a post plans to fix tells what went wrong ("Set up alerting on file
// watches"), but only the learned layer reads it, never the score.
func (c *Classifier) planVotes(units []unit, lang string, need []bool) []float64 {
	out := make([]float64, len(c.cats))
	if !slices.Contains(need, true) {
		return out
	}
	sc := c.set.getScratch()
	defer c.set.putScratch(sc)
	var cand []int32
	for i := range units {
		u := &units[i]
		if !u.plan || u.negated {
			continue
		}
		u.prepare()
		// Only a pattern heavier than its category's best so far can
		// change the answer.
		cand = c.eachMatch(sc, u, lang, cand,
			func(p *pattern) bool { return need[p.cat] && p.weight > out[p.cat] },
			func(pi int32) {
				p := &c.set.pats[pi]
				out[p.cat] = max(out[p.cat], p.weight)
			})
	}
	return out
}

// addPlans sets the plan feature (see planVotes) of the categories in need.
func (c *Classifier) addPlans(feats [][]float64, need []bool, units []unit, lang string) {
	plan := c.planVotes(units, lang, need)
	for ci, f := range feats {
		if need[ci] {
			f[fPlan] = plan[ci] / 4
		}
	}
}
