package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// causeCues score a sentence as a statement of the root cause. The strongest
// name the cause outright; the weaker ones only say "because".
var causeCues = newCueSet([]cue{
	{`(?i)\b(the )?(root[- ]causes?|underlying (cause|issue|problem)|primary cause|main cause|proximate cause|direct cause|cause racine|causes? principales?|cause première|la cause|the cause of|a cause of|(likely|probable|actual|real) cause|is the cause|(biggest|main|primary|key|largest|major|single) (contributing )?factor|(main|primary|real) reason)\b`, 4},
	{`(?i)\b(was|were|is|are|had been|has been) (ultimately |eventually |actually |directly |likely |probably )?(caused|triggered) by\b|\b(caused|triggered|introduced) (by|when)\b|\b(a été|ont été) (causée?s?|provoquée?s?|déclenchée?s?) par\b|\b(provoqué|causé|déclenché)e? par\b|\b(was|were|has been) (identified|traced|tracked down|narrowed down) (as|to)\b|\b(resulting|resulted) in (the|this|an|a) (outage|incident|downtime|failure|disruption)\b|\b(led|leading) to (the|this|an) (outage|incident|downtime|failure)\b`, 3},
	{`(?i)\b(the (issue|problem|outage|incident|failure|bug|error) (was|is|came|stemmed|originated|occurred)|this (happened|occurred|was) because|(this|that|it|which) (is|was) (all |mainly |mostly |largely |primarily |ultimately )?(due to|because of|the result of|a result of)|(resulted|stemmed) from|attributed to|directly (related|due) to|le problème (venait|vient|était|est)|l'origine (du|de l'|de la)|provient|(a|ont|avait|avaient) (coupé|provoqué|causé|entraîné|bloqué|saturé)|confirme que|(est|sont) dus? à|à l'origine|s'explique par|vient du fait que|(est|était|sont|étaient) (liée?s?|imputables?) à|(a|ont) été introduite?s?)\b`, 2.5},
	{`(?i)\b(discovered|found|identified|spotted|traced|pinpointed|uncovered) (a|an|the) (\w+ ){0,2}(misconfiguration|bug|problem|issue|error|mistake|typo|flaw|regression|leak|race condition|vulnerability|defect)\b|\b(was|were|had been) (leaked|exposed|deleted|misconfigured)\b`, 2},
	{`(?i)\b(due to|because( of)?|as a result of|owing to|à cause (de|d')|dû à|due à|en raison (de|d')|suite à|caused|causing|led to|resulted in|triggered|triggering)\b`, 1.5},
	{`(?i)\b(we (determined|found|discovered|identified|realized|learned|confirmed) that|it turned out|turns out|on a (découvert|constaté|identifié)|nous avons (découvert|constaté|identifié))\b`, 1},
})

type cue struct {
	expr   string
	weight float64
}

// newCueSet compiles the cues once; they are ours, so a bad one is a bug.
func newCueSet(cues []cue) *patternSet {
	pats := make([]pattern, len(cues))
	for i, c := range cues {
		// Written in lower case: without its own (?i), a cue also gets the
		// plain expression for lower-cased text and, when every match
		// starts with a literal, the anchored one (compilePattern).
		p, err := compilePattern(strings.TrimPrefix(c.expr, "(?i)"))
		if err != nil {
			panic(fmt.Sprintf("extract: cause cue %q: %v", c.expr, err))
		}
		p.weight = c.weight
		pats[i] = p
	}
	return newPatternSet(pats)
}

// uncertain marks a sentence that says the cause is not known; aside marks
// one about something other than the cause: how the incident was detected
// or handled, or an unrelated failure.
var (
	uncertain = regexp.MustCompile(`(?i)\b(cause|reason|why)\b.{0,30}\b(unknown|unclear|not (yet )?(known|clear|sure|determined|identified))\b|\b(unknown|unclear) (root )?cause\b|\bstill (investigating|under investigation)\b|\bcontinu(e|es|ing) (to )?investigat|\binvestigation (for|into) (a|the) root cause\b|\bno idea\b|\bcause (est |reste )?inconnue\b`)
	aside     = regexp.MustCompile(`(?i)\b(unrelated|notif\w*|alert(s|ed|ing)?|paged|pager\w*|e-?mails?|noticed|detection|on-call|(delay|slow|late)\w* in (the )?(incident )?(detect|respon|recover|notic)\w*|were (also )?updated to|we (have )?(since )?(enabled|added|rotated|revoked)|thanks to|(due to|because of|caused by) (this|the) (incident|outage|issue)|(was|were) (un)?affected|impacted)\b`)
	// anaphora opens a sentence that refers back to the one before.
	anaphora = regexp.MustCompile(`^(This|That|These|Those|It|Which|As a result|Ceci|Cela|Cette|Ce)\b`)
	// stamped opens a sentence that narrates a moment: "Until 21:50 UTC ...".
	stamped = regexp.MustCompile(`(?i)^\W*((until|at|by|around|from|since|on)\s+)?(\d{1,2}[:h]\d{2}|\d{4}-\d{2}-\d{2})`)
)

// rootCause picks 1-3 sentences that state the root cause. Every sentence
// competes: its cue words, how strongly it names a failure mode (signal,
// from the taxonomy), and where it sits (a root-cause section first, then
// the summary and the lead; timelines and action items narrate or plan).
func rootCause(sents []sentence, cues []float64, signal func(i int) float64) (picked []int, confident bool) {
	type scored struct {
		i     int
		score float64
	}
	var cands []scored
	lead := 0
	for i, s := range sents {
		if s.heading || len(s.text) < 15 {
			continue
		}
		score := cues[i] + signal(i)
		if s.detect {
			score *= 0.5 // how it was noticed: a symptom
		}
		switch s.section {
		case data.SectionRootCause:
			if n := countBefore(sents, i); factorList(sents, i, n) {
				score += 1.5
			} else {
				score += 2 + 1.5/float64(1+n)
			}
		case data.SectionSummary:
			score += 0.8
		case data.SectionTimeline:
			score *= 0.4
		case data.SectionActionItems:
			score *= 0.3
		case data.SectionMitigation, data.SectionImpact:
			score *= 0.7
		case "":
			if lead < 3 {
				score += 0.5
			}
		}
		if s.section == "" {
			lead++
		}
		if score > 0 {
			cands = append(cands, scored{i, score})
		}
	}
	// The penalties only lower a score, so they are worked out best first
	// and no further than a sentence that can still win.
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	best, bestScore := -1, 0.0
	for _, c := range cands {
		if c.score < bestScore {
			break
		}
		score := penalized(sents[c.i].text, c.score)
		if score > bestScore || (score == bestScore && best >= 0 && c.i < best) {
			best, bestScore = c.i, score
		}
	}
	confident = best >= 0 && bestScore >= 1.2
	if !confident {
		best = leadSentence(sents)
		if best < 0 {
			return nil, false
		}
	}
	// "This led to ..." points back at the sentence before it.
	if best > 0 && anaphora.MatchString(sents[best].text) && !sents[best-1].heading && sents[best-1].block == sents[best].block {
		best--
	}
	picked = []int{best}
	total := len(sents[best].text)
	// A short statement is usually explained by the next sentence; one that
	// ends with a colon introduces the list that follows it.
	intro := strings.HasSuffix(sents[best].text, ":")
	for j := best + 1; j < len(sents) && len(picked) < 3 && total < 200; j++ {
		n := &sents[j]
		low := n.low()
		if n.heading || (n.block != sents[best].block && !intro) || total+len(n.text) > 450 || aboutOtherIncident(low) || isHypothetical(n.text, low) {
			break
		}
		picked = append(picked, j)
		total += len(n.text)
	}
	return picked, confident
}

// penalized lowers the score of a sentence that says the cause is unknown
// or is about another incident, that is about something else than the cause, that narrates a moment or
// that is hypothetical.
func penalized(text string, score float64) float64 {
	if uncertain.MatchString(text) || aboutOtherIncident(strings.ToLower(text)) {
		score *= 0.3
	}
	if aside.MatchString(text) || stamped.MatchString(text) || isHypothetical(text, strings.ToLower(text)) {
		score *= 0.5
	}
	return score
}

// leadSentence is the fallback when no sentence states a cause: the first
// sentence of the summary, else of the text, which usually says what
// happened.
func leadSentence(sents []sentence) int {
	for i, s := range sents {
		if !s.heading && s.section == data.SectionSummary && len(s.text) >= 40 {
			return i
		}
	}
	for i, s := range sents {
		if !s.heading && s.section == "" && len(s.text) >= 40 {
			return i
		}
	}
	return -1
}

// factors names a heading that lists contributing factors rather than
// stating the root cause.
var factors = regexp.MustCompile(`(?i)\bcontributing\b|\bfactors\b|\bfacteurs\b`)

// factorList reports whether sentence i, n sentences into a root-cause
// section, sits under a "Contributing factors" heading: each item there is
// one factor among several, worth less than a stated root cause.
func factorList(sents []sentence, i, n int) bool {
	j := i - n - 1
	for j >= 0 && !sents[j].heading {
		j--
	}
	return j >= 0 && factors.MatchString(sents[j].text)
}

// countBefore counts the root-cause-section sentences before i, back to
// the first root-cause heading.
func countBefore(sents []sentence, i int) int {
	n := 0
	for j := i - 1; j >= 0 && sents[j].section == data.SectionRootCause; j-- {
		if !sents[j].heading {
			n++
		}
	}
	return n
}

// sentenceCues scores every sentence with the cause cues (0 for headings
// and fragments), once for both the root-cause picker and the classifier.
func sentenceCues(sents []sentence) []float64 {
	out := make([]float64, len(sents))
	sc := causeCues.getScratch()
	defer causeCues.putScratch(sc)
	var buf []int32
	for i, s := range sents {
		if s.heading || len(s.text) < 15 {
			continue
		}
		out[i], buf = cueScore(s.text, s.low(), sc, sc.nextStamp(), buf)
	}
	return out
}

// cueScore sums the weights of the cause cues found in s.
func cueScore(s, lower string, sc *scratch, stamp uint32, buf []int32) (float64, []int32) {
	score := 0.0
	u := unit{text: s, lower: lower}
	buf = causeCues.candidates(u.lower, sc, stamp, buf[:0])
	for _, i := range buf {
		if causeCues.mayMatch(i, sc, stamp) && causeCues.pats[i].matches(&u, sc.starts[i]) {
			score += causeCues.pats[i].weight
		}
	}
	if strings.HasSuffix(s, "?") {
		score /= 2
	}
	return score, buf
}

// joinSentences renders the picked sentences as one string.
func joinSentences(sents []sentence, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = sents[j].text
	}
	return strings.Join(parts, " ")
}
