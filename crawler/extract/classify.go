package extract

import (
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// Zone weights: how much a vote counts by where its sentence sits.
const (
	zoneTitle      = 2.0
	zoneRootCause  = 2.0
	zoneBlurb      = 1.5
	zoneSummary    = 1.2
	zoneBody       = 0.6
	zoneSide       = 0.5 // timeline, impact, mitigation
	zoneAction     = 0.3 // action items talk about the future
	voteDecay      = 0.7 // the n-th best vote of a category counts voteDecay^n
	perPatternMax  = 2   // a pattern votes at most this many times per document
	maxCategories  = 5
	relativeCutoff = 0.3 // a tag scoring under this share of the best one is dropped
)

// pattern is one compiled taxonomy pattern plus the literals one of which
// must occur for it to match: a cheap strings.Contains check skips most
// regexp runs.
type pattern struct {
	re     *regexp.Regexp
	lowRe  *regexp.Regexp // the same pattern without case folding, for lower-cased text
	weight float64
	lang   string
	lits   []string // nil when no literal is required
	cat    int      // index of its category
}

type category struct {
	slug      string
	threshold float64
}

type negation struct {
	re     *regexp.Regexp
	clause bool
	lang   string
}

// classifier assigns taxonomy slugs to a post-mortem's sentences.
type classifier struct {
	cats      []category
	set       *patternSet // every category's patterns
	negations []negation
}

func newClassifier(t data.Taxonomy) (*classifier, error) {
	c := &classifier{}
	def := t.DefaultThreshold
	if def <= 0 {
		def = 3
	}
	var pats []pattern
	for ci, cat := range t.Categories {
		cc := category{slug: cat.Slug, threshold: cat.Threshold}
		if cc.threshold <= 0 {
			cc.threshold = def
		}
		for i, p := range cat.Patterns {
			cp, err := compilePattern(p.Match)
			if err != nil {
				return nil, fmt.Errorf("extract: taxonomy %s pattern %d %q: %w", cat.Slug, i+1, p.Match, err)
			}
			cp.weight, cp.lang, cp.cat = p.Weight, p.Lang, ci
			pats = append(pats, cp)
		}
		c.cats = append(c.cats, cc)
	}
	c.set = newPatternSet(pats)
	for i, n := range t.Negations {
		re, err := regexp.Compile(withCase(n.Match))
		if err != nil {
			return nil, fmt.Errorf("extract: taxonomy negation %d %q: %w", i+1, n.Match, err)
		}
		c.negations = append(c.negations, negation{re: re, clause: n.Scope == data.ScopeClause, lang: n.Lang})
	}
	return c, nil
}

// withCase makes a pattern ignore case unless it sets its own flags.
func withCase(expr string) string {
	if strings.HasPrefix(expr, "(?") {
		return expr
	}
	return "(?i)" + expr
}

func compilePattern(expr string) (pattern, error) {
	re, err := regexp.Compile(withCase(expr))
	if err != nil {
		return pattern{}, err
	}
	p := pattern{re: re}
	if !strings.HasPrefix(expr, "(?") {
		// Case folding makes every regexp step slower; on text already
		// lower-cased a plain match finds the same spans.
		if low, err := regexp.Compile(expr); err == nil {
			p.lowRe = low
		}
	}
	// Literals come from a case-sensitive parse (patterns are written in
	// lower case): under case folding the parser turns letters such as k and
	// s into character classes, which would cut every literal short.
	if tree, err := syntax.Parse(strings.TrimPrefix(expr, "(?i)"), syntax.Perl); err == nil {
		if lits, ok := requiredLiterals(tree.Simplify()); ok {
			p.lits = lits
		}
	}
	return p, nil
}

// maxLits bounds the size of a literal set: past it, a set filters too
// little to be worth keeping.
const maxLits = 64

// requiredLiterals returns lower-case strings one of which occurs in every
// match of re, or ok=false when there is no such set. Runs of children that
// match a small finite set of strings are multiplied out, so that a factored
// alternation ("c(?:i|d)") still yields whole words ("ci", "cd").
func requiredLiterals(re *syntax.Regexp) ([]string, bool) {
	if set, ok := exactSet(re); ok && !slices.Contains(set, "") {
		return lower(set), true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits, ok := requiredLiterals(sub)
			if !ok {
				return nil, false
			}
			all = append(all, lits...)
		}
		return all, true
	case syntax.OpConcat:
		var best []string
		consider := func(set []string) {
			if len(set) == 0 || slices.Contains(set, "") {
				return
			}
			if best == nil || shortest(set) > shortest(best) {
				best = set
			}
		}
		run := []string{""}
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if ok {
				if next := cross(run, set); next != nil {
					run = next
					continue
				}
				consider(lower(run))
				run = set // too many combinations: start a new run here
				continue
			}
			if lits, ok := requiredLiterals(sub); ok {
				consider(lower(lits))
			}
			consider(lower(run))
			run = []string{""}
		}
		consider(lower(run))
		return best, best != nil
	}
	return nil, false
}

// exactSet returns every string re can match when that set is small.
func exactSet(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, true
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine,
		syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return []string{""}, true
	case syntax.OpCapture:
		return exactSet(re.Sub[0])
	case syntax.OpQuest:
		set, ok := exactSet(re.Sub[0])
		if !ok || len(set) >= maxLits {
			return nil, false
		}
		return append([]string{""}, set...), true
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if set = append(set, string(r)); len(set) > 4 {
					return nil, false
				}
			}
		}
		return set, len(set) > 0
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if !ok {
				return nil, false
			}
			if all = append(all, set...); len(all) > maxLits {
				return nil, false
			}
		}
		return all, true
	case syntax.OpConcat:
		run := []string{""}
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if !ok {
				return nil, false
			}
			if run = cross(run, set); run == nil {
				return nil, false
			}
		}
		return run, true
	}
	return nil, false
}

// cross returns every a+b, or nil when there would be more than maxLits.
func cross(as, bs []string) []string {
	if len(as)*len(bs) > maxLits {
		return nil
	}
	out := make([]string, 0, len(as)*len(bs))
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return out
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

func shortest(ss []string) int {
	n := math.MaxInt
	for _, s := range ss {
		n = min(n, len(s))
	}
	return n
}

// unit is one piece of text the classifier reads, with its zone weight.
type unit struct {
	text    string
	lower   string
	weight  float64
	negated bool // a heading answered by "No" / "None"
	heading bool // the title or a heading: evidence only when nothing better
}

// classification is the result for one document.
type classification struct {
	slugs    []string
	scores   map[string]float64
	evidence map[string]string
	raw      map[string]float64 // every category's raw score, for tuning
}

// hit is one pattern matching one unit, not negated.
type hit struct {
	pat, unit int32
}

type vote struct {
	value  float64
	unit   int
	strong bool // cast by a defining pattern (weight >= strongWeight)
}

// strongWeight marks a defining pattern: a category needs at least one of
// its votes, or twice its threshold from weaker ones, so that a post full of
// incidental words ("network", "latency") does not earn the tag.
const strongWeight = 3

// Caps on how many sentences one pattern is tried on once it has matched:
// a pattern votes at most perPatternMax times, so after a few hits in the
// heavier zones more hits change nothing but cost time.
const (
	strongHitCap = 8
	weakHitCap   = 3
)

// match runs the patterns over the units, heaviest zones first. Only
// patterns whose literals occur in a unit are tried on it; a match right
// after a negation cue is dropped; a pattern that reached its hit cap is not
// tried again.
func (c *classifier) match(units []unit, lang string) []hit {
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return units[order[a]].weight > units[order[b]].weight })
	mark := make([]uint32, len(c.set.pats))
	count := make([]uint8, len(c.set.pats))
	var hits []hit
	var cand []int32
	for n, i := range order {
		u := &units[i]
		if u.lower == "" {
			u.lower = strings.ToLower(u.text)
		}
		if u.negated {
			continue
		}
		cand = c.set.candidates(u.lower, mark, uint32(n+1), cand[:0])
		for _, pi := range cand {
			p := &c.set.pats[pi]
			if (p.lang != "" && p.lang != lang) || int(count[pi]) >= p.hitCap() {
				continue
			}
			if c.matchOne(p, u, lang) {
				count[pi]++
				hits = append(hits, hit{pi, int32(i)})
			}
		}
	}
	return hits
}

// matchAll tries every pattern on the given units, without caps, and
// returns the hits not already in have: the root-cause sentences, whose
// votes count double, must not lose any to the caps.
func (c *classifier) matchAll(units []unit, idx []int, lang string, have []hit) []hit {
	seen := map[hit]bool{}
	for _, h := range have {
		seen[h] = true
	}
	mark := make([]uint32, len(c.set.pats))
	var cand []int32
	var hits []hit
	for n, i := range idx {
		u := &units[i]
		if u.negated {
			continue
		}
		cand = c.set.candidates(u.lower, mark, uint32(n+1), cand[:0])
		for _, pi := range cand {
			p := &c.set.pats[pi]
			h := hit{pi, int32(i)}
			if (p.lang != "" && p.lang != lang) || seen[h] {
				continue
			}
			if c.matchOne(p, u, lang) {
				hits = append(hits, h)
			}
		}
	}
	return hits
}

// matchOne reports whether p matches u somewhere not negated.
func (c *classifier) matchOne(p *pattern, u *unit, lang string) bool {
	for _, m := range p.find(u) {
		if p.weight > 0 && (c.negated(u.text[:m[0]], lang) || answeredNo.MatchString(u.text[m[1]:])) {
			continue
		}
		return true
	}
	return false
}

func (p *pattern) hitCap() int {
	if p.weight >= strongWeight {
		return strongHitCap
	}
	return weakHitCap
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
func (c *classifier) strongCats(hits []hit, n int) []int {
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

// classify scores every category from the hits, with the units' current
// weights, and keeps those that reach their threshold, best first.
func (c *classifier) classify(units []unit, hits []hit) classification {
	byCat := make([][]vote, len(c.cats))
	perPat := map[int32]int{}
	// Best votes first, so that each pattern keeps its perPatternMax best.
	ordered := append([]hit(nil), hits...)
	sort.SliceStable(ordered, func(i, j int) bool {
		return c.set.pats[ordered[i].pat].weight*units[ordered[i].unit].weight >
			c.set.pats[ordered[j].pat].weight*units[ordered[j].unit].weight
	})
	for _, h := range ordered {
		p := c.set.pats[h.pat]
		if perPat[h.pat] == perPatternMax {
			continue
		}
		perPat[h.pat]++
		byCat[p.cat] = append(byCat[p.cat], vote{p.weight * units[h.unit].weight, int(h.unit), p.weight >= strongWeight})
	}
	type scored struct {
		slug     string
		score    float64
		evidence string
	}
	var found []scored
	raw := map[string]float64{}
	for ci, cat := range c.cats {
		votes := bestPerUnit(byCat[ci])
		if len(votes) == 0 {
			continue
		}
		score, k, strong := 0.0, 0, false
		for _, v := range votes {
			strong = strong || v.strong
			if v.value > 0 {
				score += v.value * math.Pow(voteDecay, float64(k))
				k++
			} else {
				score += v.value
			}
		}
		raw[cat.slug] = math.Round(score*100) / 100
		if score >= cat.threshold && (strong || score >= 2*cat.threshold) {
			found = append(found, scored{cat.slug, score, evidenceOf(votes, units)})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := classification{scores: map[string]float64{}, evidence: map[string]string{}, raw: raw}
	for i, f := range found {
		if i == maxCategories || f.score < found[0].score*relativeCutoff {
			break
		}
		out.slugs = append(out.slugs, f.slug)
		out.scores[f.slug] = math.Round((1-math.Exp(-f.score/6))*100) / 100
		out.evidence[f.slug] = f.evidence
	}
	return out
}

// evidenceOf picks the sentence that best justifies a tag: the best vote
// cast by a sentence of the text, unless a heading or the title did much
// better.
func evidenceOf(votes []vote, units []unit) string {
	for _, v := range votes {
		if v.value < votes[0].value/2 {
			break
		}
		if !units[v.unit].heading {
			return units[v.unit].text
		}
	}
	return units[votes[0].unit].text
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

// answeredNo is a "no" right after a match: "Customer Data Loss: None",
// "Security related - No".
var answeredNo = regexp.MustCompile(`(?i)^\W{0,3}\s*(none|no|n/a|non|aucune?|nope|false|0|nil)\b`)

// clauseWords end the clause a negation may reach across, as do , ; : ( ).
var clauseWords = []string{" but ", " however ", " although ", " though ", " and then ", " mais ", " cependant "}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// afterClauseBreak returns the part of before that follows its last
// clause break.
func afterClauseBreak(before string) string {
	cut := strings.LastIndexAny(before, ",;:()") + 1
	low := asciiLower(before[cut:])
	end := 0
	for _, w := range clauseWords {
		if i := strings.LastIndex(low, w); i >= 0 {
			end = max(end, i+len(w)-1)
		}
	}
	return before[cut+end:]
}

// fillers may stand between a negation and what it negates: "no customer
// data", "not a DDoS", "aucune perte".
var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "any": true, "of": true, "customer": true, "user": true,
	"real": true, "actual": true, "such": true, "permanent": true, "significant": true,
	"major": true, "further": true, "other": true, "personal": true, "sensitive": true,
	"production": true, "une": true, "un": true, "de": true, "la": true, "le": true, "des": true,
}

// negated reports whether the text before a match ends in a negation: a
// "words" cue as the last word, fillers aside, or a "clause" cue anywhere in
// the same clause.
func (c *classifier) negated(before, lang string) bool {
	if len(before) > 200 {
		before = before[len(before)-200:]
	}
	before = afterClauseBreak(before)
	if len(before) > 120 {
		before = before[len(before)-120:]
	}
	fields := strings.Fields(before)
	last := ""
	for i, skipped := len(fields)-1, 0; i >= 0; i-- {
		w := strings.ToLower(strings.Trim(fields[i], `"'*_`))
		if fillers[w] && skipped < 2 {
			skipped++
			continue
		}
		last = w
		break
	}
	for _, n := range c.negations {
		if n.lang != "" && n.lang != lang {
			continue
		}
		if (n.clause && n.re.MatchString(before)) || (!n.clause && last != "" && n.re.MatchString(last)) {
			return true
		}
	}
	return false
}
