package extract

import (
	"regexp"
	"sort"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/page"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
)

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
func rootCause(sents []page.Sentence, cues []float64, signal func(i int) float64) (picked []int, confident bool) {
	cands := causeCandidates(sents, cues, signal)
	// The penalties only lower a score, so they are worked out best first
	// and no further than a sentence that can still win.
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	best, bestScore := -1, 0.0
	for _, c := range cands {
		if c.score < bestScore {
			break
		}
		score := penalized(sents[c.i].Text, c.score)
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
	if best > 0 && anaphora.MatchString(sents[best].Text) && !sents[best-1].Heading && sents[best-1].Block == sents[best].Block {
		best--
	}
	return explained(sents, best), confident
}

// scoredSentence is a sentence's index and its score as a statement of the
// root cause.
type scoredSentence struct {
	i     int
	score float64
}

// causeCandidates scores every sentence that may state the root cause, in
// reading order; those scoring nothing are left out.
func causeCandidates(sents []page.Sentence, cues []float64, signal func(i int) float64) []scoredSentence {
	var cands []scoredSentence
	lead := 0
	for i, s := range sents {
		if s.Heading || len(s.Text) < 15 {
			continue
		}
		score := cues[i] + signal(i)
		if s.Detect {
			score *= 0.5 // how it was noticed: a symptom
		}
		switch s.Section {
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
		if s.Section == "" {
			lead++
		}
		if score > 0 {
			cands = append(cands, scoredSentence{i, score})
		}
	}
	return cands
}

// explained returns sentence best and the ones that explain it: a short
// statement is usually explained by the next sentence of its block, and one
// that ends with a colon introduces the list that follows it (at most 3
// sentences, about 450 bytes).
func explained(sents []page.Sentence, best int) []int {
	picked := []int{best}
	total := len(sents[best].Text)
	intro := strings.HasSuffix(sents[best].Text, ":")
	for j := best + 1; j < len(sents) && len(picked) < 3 && total < 200; j++ {
		n := &sents[j]
		low := n.Low()
		if n.Heading || (n.Block != sents[best].Block && !intro) || total+len(n.Text) > 450 || classify.AboutOtherIncident(low) || classify.IsHypothetical(n.Text, low) {
			break
		}
		picked = append(picked, j)
		total += len(n.Text)
	}
	return picked
}

// penalized lowers the score of a sentence that says the cause is unknown
// or is about another incident, that is about something else than the cause, that narrates a moment or
// that is hypothetical.
func penalized(text string, score float64) float64 {
	if uncertain.MatchString(text) || classify.AboutOtherIncident(strings.ToLower(text)) {
		score *= 0.3
	}
	if aside.MatchString(text) || stamped.MatchString(text) || classify.IsHypothetical(text, strings.ToLower(text)) {
		score *= 0.5
	}
	return score
}

// leadSentence is the fallback when no sentence states a cause: the first
// sentence of the summary, else of the text, which usually says what
// happened.
func leadSentence(sents []page.Sentence) int {
	for i, s := range sents {
		if !s.Heading && s.Section == data.SectionSummary && len(s.Text) >= 40 {
			return i
		}
	}
	for i, s := range sents {
		if !s.Heading && s.Section == "" && len(s.Text) >= 40 {
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
func factorList(sents []page.Sentence, i, n int) bool {
	j := i - n - 1
	for j >= 0 && !sents[j].Heading {
		j--
	}
	return j >= 0 && factors.MatchString(sents[j].Text)
}

// countBefore counts the root-cause-section sentences before i, back to
// the first root-cause heading.
func countBefore(sents []page.Sentence, i int) int {
	n := 0
	for j := i - 1; j >= 0 && sents[j].Section == data.SectionRootCause; j-- {
		if !sents[j].Heading {
			n++
		}
	}
	return n
}

// joinSentences renders the picked sentences as one string.
func joinSentences(sents []page.Sentence, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = sents[j].Text
	}
	return strings.Join(parts, " ")
}
