package extract

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/page"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
)

// anaphora opens a sentence that refers back to the one before.
var anaphora = regexp.MustCompile(`^(This|That|These|Those|It|Which|As a result|Ceci|Cela|Cette|Ce)\b`)

// rootCause picks 1-3 sentences that state the root cause. Two readings
// compete. The rules (cue words, the failure modes a sentence names, its
// section) are sharp when a post says "the root cause was" or "caused by";
// the root-cause model (internal/rootcause) knows what a cause sounds like
// in plain narrative. The rules' pick stands when it states the cause
// outright, unless no cue names the root cause as such and the model is
// far surer of another sentence (a "caused by" may tell a consequence, or
// a cause the post goes on to explain); otherwise the model's pick does. The pick then grows into its
// neighbours that both readings find likely too (see window). confident
// says the rules read a stated cause, which the classifier weighs more.
func rootCause(sents []page.Sentence, ctx rootcause.Context) (picked []int, confident bool) {
	rules := make([]float64, len(sents))
	for i := range sents {
		rules[i] = math.Inf(-1)
		if rootcause.Eligible(&sents[i]) {
			rules[i] = ctx.Rules[i]
		}
	}
	best := bestAllowed(sents, rules)
	if best < 0 {
		return nil, false
	}
	var p []float64
	switch cue := penalized(&sents[best], ctx.Cues[best]); {
	case cue >= namedCue || namedRootCause(sents, best):
		p = blend(rules, nil) // "the root cause was", or under the author's "Root cause" heading: the model would not change the pick
	case cue >= statedCue || rules[best] >= statedRules:
		model := modelScores(sents, ctx, rules)
		if m := bestAllowed(sents, model); m >= 0 && model[m]-model[best] > overrule {
			best, p = m, blend(rules, model)
		} else {
			p = blend(rules, nil)
		}
	default:
		model := modelScores(sents, ctx, rules)
		if m := bestAllowed(sents, model); m >= 0 {
			best = m
		}
		p = blend(rules, model)
	}
	return withRunnerUp(sents, p, best, window(sents, p, best)), ctx.Rules[best] >= 1.2
}

// modelScores is the root-cause model's score of every sentence the rules
// may pick (-Inf for the others).
func modelScores(sents []page.Sentence, ctx rootcause.Context, rules []float64) []float64 {
	model := rootcause.Default().Scores(sents, ctx)
	for i := range model {
		if math.IsInf(rules[i], -1) {
			model[i] = math.Inf(-1)
		}
	}
	return model
}

// bestAllowed is the best scored sentence that is no plan, hypothetical nor
// question ("Why did the scanner miss it?" heads its answer), -1 when none
// is; the checks run best first, as few times as they can.
func bestAllowed(sents []page.Sentence, scores []float64) int {
	idx := make([]int, 0, len(scores))
	for i, v := range scores {
		if !math.IsInf(v, -1) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	for _, i := range idx {
		if !plansOrImagines(&sents[i]) && !strings.HasSuffix(strings.TrimSpace(sents[i].Text), "?") {
			return i
		}
	}
	return -1
}

// withRunnerUp adds to a pick of fewer than three sentences the sentence
// that comes next in likelihood, elsewhere in the post, when it is nearly
// as likely (the two readings disagree, or the post states its cause in
// two places): in reading order, within the length limit.
func withRunnerUp(sents []page.Sentence, p []float64, best int, picked []int) []int {
	if len(picked) >= 3 {
		return picked
	}
	total := 0
	in := map[int]bool{}
	for _, i := range picked {
		total += len(sents[i].Text)
		in[i] = true
	}
	second := -1
	for i, v := range p {
		if !in[i] && v > 0 && (second < 0 || v > p[second]) {
			second = i
		}
	}
	if second < 0 || p[second] < runnerUp*p[best] || total+len(sents[second].Text) > windowBytes || !statesCauses(&sents[second]) {
		return picked
	}
	out := append(append([]int(nil), picked...), second)
	sort.Ints(out)
	return out
}

// statesCauses reports whether a sentence sits where posts state causes:
// the lead, the summary or a root-cause part, not how it was noticed or
// handled, nor a plan.
func statesCauses(s *page.Sentence) bool {
	switch s.Section {
	case "", data.SectionSummary, data.SectionRootCause:
		return !s.Detect && !s.Item && !plansOrImagines(s) && !clockNear.MatchString(s.Text[:min(len(s.Text), 48)])
	}
	return false
}

// clockNear finds a time of day: a sentence that opens with one narrates
// a moment or stamps an update.
var clockNear = regexp.MustCompile(`\b\d{1,2}[:h]\d{2}\b`)

// plansOrImagines reports whether a sentence is an action item, a plan or
// a hypothetical: never the statement of what happened. (A sentence that
// only mentions a suspicion or "to prevent" may still tell it: those are
// weighed down, not ruled out; see penalized.)
func plansOrImagines(s *page.Sentence) bool {
	return s.Section == data.SectionActionItems || imagines(s.Text)
}

// imagines opens a hypothetical ("If ...", "In theory ...") or plans ("We
// will ..."), or imagines another past ("could have been"). One scan of
// the sentence: this runs on every sentence.
var (
	imaginesOpen = prose.NewWordSet(`if|in theory|theoretically|hypothetically|imagine|suppose|had we|were we|si|we will|we'll|we plan|we are going to|we're going to|nous allons`)
	imaginesBody = prose.NewWordSet(`(could|would|might) have|(could|would|might) not have|(could|would|might)n't have|(aurait|auraient|aurions|pourrait|pourraient) (pu|dû|été)`)
)

func imagines(s string) bool {
	head := s[:min(len(s), 28)]
	return imaginesOpen.MatchString(head) && opens(imaginesOpen, s) || imaginesBody.MatchString(s)
}

// opens reports whether s starts (after punctuation) with a word of ws.
func opens(ws *prose.WordSet, s string) bool {
	i := 0
	for i < len(s) && !isLetter(s[i]) {
		i++
	}
	for end := i; end <= len(s) && end-i <= 28; end++ {
		if (end == len(s) || !isLetter(s[end])) && end > i && ws.Equal(s[i:end]) {
			return true
		}
	}
	return false
}

func isLetter(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 || b == '\''
}

// rootCauseHeading names a part "Root cause" outright: what its first
// sentences say, the author calls the root cause.
var rootCauseHeading = regexp.MustCompile(`(?i)\broot[ -]?causes?\b|\bcauses? racines?\b|^\W*(the )?causes?\W*$`)

// namedRootCause reports whether sentence i is one of the first two of a
// part headed "Root cause", unless it only tells how something works: such
// a part often opens by setting the scene ("The export service renders
// PDFs with a headless browser."), and the model weighs what follows.
func namedRootCause(sents []page.Sentence, i int) bool {
	if sents[i].Section != data.SectionRootCause || rootcause.Describes(&sents[i]) {
		return false
	}
	n := 0
	for j := i - 1; j >= 0; j-- {
		if sents[j].Heading {
			return n < 2 && rootCauseHeading.MatchString(sents[j].Text)
		}
		n++
	}
	return false
}

// The tuning of the pick, chosen on the tuning set and our synthetic
// development posts (never the held-out ones).
const (
	namedCue    = 4   // a cue phrase this strong names the root cause ("the root cause was", "the underlying issue"): the model is not asked
	statedCue   = 2   // a cue phrase this strong states the cause ("caused by", "the root cause was"); a bare "because", "due to" (1.5) tells a step of the story as often as its root, so the model weighs it
	statedRules = 5   // a rules score only a cue in a root-cause section reaches
	rulesShare  = 0.5 // the rules' share of the blend
	rulesTemp   = 1.5 // the temperature of the rules' softmax
	addFraction = 0.1 // a neighbour joins the pick when at least this likely, relative to it
	windowBytes = 500 // the root cause's length at most
	runnerUp    = 0.3 // a sentence elsewhere joins the pick when at least this likely, relative to it
	overrule    = 3   // the model overrules a stated pick when it scores another sentence this much higher (about 20 times as likely)
)

// blend mixes the two readings into one probability per sentence; the
// rules' alone without the model's.
func blend(rules, model []float64) []float64 {
	r := make([]float64, len(rules))
	for i, v := range rules {
		r[i] = v / rulesTemp
	}
	pr := softmax(r)
	if model == nil {
		return pr
	}
	pm := softmax(model)
	out := make([]float64, len(rules))
	for i := range out {
		out[i] = rulesShare*pr[i] + (1-rulesShare)*pm[i]
	}
	return out
}

func softmax(xs []float64) []float64 {
	top := math.Inf(-1)
	for _, x := range xs {
		top = max(top, x)
	}
	out := make([]float64, len(xs))
	if math.IsInf(top, -1) {
		return out
	}
	z := 0.0
	for i, x := range xs {
		out[i] = math.Exp(x - top)
		z += out[i]
	}
	for i := range out {
		out[i] /= z
	}
	return out
}

// window grows the best sentence into at most three sentences of its
// block, about 450 bytes: a neighbour that is likely to state the cause
// too, one that introduces it ("This led to ..." points back at the
// sentence before it), or what a sentence ending with a colon, or one
// pointing at the cause ("The problem is what ..."), opens, even in the
// next block.
func window(sents []page.Sentence, p []float64, best int) []int {
	lo, hi := best, best
	total := len(sents[best].Text)
	fits := func(j int) bool {
		if j < 0 || j >= len(sents) || p[j] == 0 || total+len(sents[j].Text) > windowBytes {
			return false
		}
		n := &sents[j]
		intro := introduces(&sents[hi]) && j == hi+1
		return !n.Heading && (n.Block == sents[best].Block || intro) && n.Section != data.SectionActionItems && !classify.AboutOtherIncident(n.Low()) && !classify.IsHypothetical(n.Text, n.Low())
	}
	if anaphora.MatchString(sents[best].Text) && fits(best-1) {
		lo--
		total += len(sents[lo].Text)
	}
	for hi-lo < 2 {
		prev, next := lo-1, hi+1
		pp, pn := -1.0, -1.0
		if fits(prev) {
			pp = p[prev]
		}
		if fits(next) {
			pn = p[next]
			if introduces(&sents[hi]) || total < 200 {
				pn = max(pn, addFraction*p[best]) // an introduction or a short statement: what follows explains it
			}
		}
		switch {
		case pn >= pp && pn >= addFraction*p[best]:
			hi = next
			total += len(sents[hi].Text)
		case pp > pn && pp >= addFraction*p[best]:
			lo = prev
			total += len(sents[lo].Text)
		default:
			return span(lo, hi)
		}
	}
	return span(lo, hi)
}

// introduces reports whether a sentence opens what the next one says: it
// ends with a colon, or points at a cause it leaves to it
// (rootcause.Points).
func introduces(s *page.Sentence) bool {
	return strings.HasSuffix(s.Text, ":") || rootcause.Points(s)
}

func span(lo, hi int) []int {
	out := make([]int, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}

// joinSentences renders the picked sentences as one string.
func joinSentences(sents []page.Sentence, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = sents[j].Text
	}
	return strings.Join(parts, " ")
}
