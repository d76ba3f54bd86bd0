package extract

import (
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
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
	weight float64
	lang   string
	lits   []string // nil when no literal is required
}

type category struct {
	slug      string
	threshold float64
	patterns  []pattern
}

type negation struct {
	re     *regexp.Regexp
	clause bool
	lang   string
}

// classifier assigns taxonomy slugs to a post-mortem's sentences.
type classifier struct {
	cats      []category
	negations []negation
}

func newClassifier(t data.Taxonomy) (*classifier, error) {
	c := &classifier{}
	def := t.DefaultThreshold
	if def <= 0 {
		def = 3
	}
	for _, cat := range t.Categories {
		cc := category{slug: cat.Slug, threshold: cat.Threshold}
		if cc.threshold <= 0 {
			cc.threshold = def
		}
		for i, p := range cat.Patterns {
			cp, err := compilePattern(p.Match)
			if err != nil {
				return nil, fmt.Errorf("extract: taxonomy %s pattern %d %q: %w", cat.Slug, i+1, p.Match, err)
			}
			cp.weight, cp.lang = p.Weight, p.Lang
			cc.patterns = append(cc.patterns, cp)
		}
		c.cats = append(c.cats, cc)
	}
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
	expr = withCase(expr)
	re, err := regexp.Compile(expr)
	if err != nil {
		return pattern{}, err
	}
	p := pattern{re: re}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		if lits, ok := requiredLiterals(tree.Simplify()); ok {
			p.lits = lits
		}
	}
	return p, nil
}

// requiredLiterals returns lower-case strings one of which occurs in every
// match of re, or ok=false when there is no such set.
func requiredLiterals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpCapture:
		return requiredLiterals(re.Sub[0])
	case syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			lits, ok := requiredLiterals(sub)
			if !ok {
				continue
			}
			if l := shortest(lits); l > bestLen {
				best, bestLen = lits, l
			}
		}
		return best, best != nil
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
	}
	return nil, false
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
}

// classification is the result for one document.
type classification struct {
	slugs    []string
	scores   map[string]float64
	evidence map[string]string
	raw      map[string]float64 // every category's raw score, for tuning
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

// classify scores every category over the units and keeps those that reach
// their threshold, best first.
func (c *classifier) classify(units []unit, lang string) classification {
	var all strings.Builder
	for i := range units {
		units[i].lower = strings.ToLower(units[i].text)
		all.WriteString(units[i].lower)
		all.WriteByte('\n')
	}
	doc := all.String()
	type scored struct {
		slug     string
		score    float64
		evidence string
	}
	var found []scored
	raw := map[string]float64{}
	for _, cat := range c.cats {
		votes := c.votes(cat, units, doc, lang)
		if len(votes) == 0 {
			continue
		}
		votes = bestPerUnit(votes)
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
			found = append(found, scored{cat.slug, score, units[votes[0].unit].text})
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

// votes collects one category's votes: for each pattern, its best matches
// (at most perPatternMax, one per unit) that no negation cancels.
func (c *classifier) votes(cat category, units []unit, doc, lang string) []vote {
	var out []vote
	for _, p := range cat.patterns {
		if p.lang != "" && p.lang != lang {
			continue
		}
		if p.lits != nil && !containsAny(doc, p.lits) {
			continue
		}
		var pv []vote
		for i, u := range units {
			if u.negated || (p.lits != nil && !containsAny(u.lower, p.lits)) {
				continue
			}
			for _, m := range p.re.FindAllStringIndex(u.text, 4) {
				if p.weight > 0 && (c.negated(u.text[:m[0]], lang) || answeredNo.MatchString(u.text[m[1]:])) {
					continue
				}
				pv = append(pv, vote{p.weight * u.weight, i, p.weight >= strongWeight})
				break
			}
		}
		sort.SliceStable(pv, func(i, j int) bool { return pv[i].value > pv[j].value })
		out = append(out, pv[:min(len(pv), perPatternMax)]...)
	}
	return out
}

// answeredNo is a "no" right after a match: "Customer Data Loss: None",
// "Security related - No".
var answeredNo = regexp.MustCompile(`(?i)^\W{0,3}\s*(none|no|n/a|non|aucune?|nope|false|0|nil)\b`)

// signal says how strongly one sentence names a failure mode: 0.75 for each
// category (up to two) with a strong pattern (weight 3 or more) matching it.
func (c *classifier) signal(text, lang string) float64 {
	lower := strings.ToLower(text)
	n := 0
	for _, cat := range c.cats {
		for _, p := range cat.patterns {
			if p.weight < 3 || (p.lang != "" && p.lang != lang) || (p.lits != nil && !containsAny(lower, p.lits)) {
				continue
			}
			if m := p.re.FindStringIndex(text); m != nil && !c.negated(text[:m[0]], lang) {
				n++
				break
			}
		}
		if n == 2 {
			break
		}
	}
	return 0.75 * float64(n)
}

// clauseBreak ends the clause a negation may reach across.
var clauseBreak = regexp.MustCompile(`(?i)[,;:()]|\b(but|however|although|though|and then|mais|cependant)\b`)

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
	if locs := clauseBreak.FindAllStringIndex(before, -1); len(locs) > 0 {
		before = before[locs[len(locs)-1][1]:]
	}
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

func containsAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}
