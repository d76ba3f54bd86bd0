package extract

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
	"github.com/pmkb/pmkb/crawler/extract/page"
	"github.com/pmkb/pmkb/data"
)

// uncertain marks a sentence that says the cause is not known; aside marks
// one about something other than the cause: how the incident was detected
// or handled, or an unrelated failure.
var (
	uncertain = regexp.MustCompile(`(?i)\b(cause|reason|why)\b.{0,30}\b(unknown|unclear|not (yet )?(known|clear|sure|determined|identified))\b|\b(unknown|unclear) (root )?cause\b|\bstill (investigating|under investigation)\b|\bcontinu(e|es|ing) (to )?investigat|\binvestigation (for|into) (a|the) root cause\b|\bno idea\b|\bcause (est |reste )?inconnue\b|\b(could not|couldn't|cannot|can't|unable to|failed to|(were|was) not able to|n'avons pas pu|n'ai pas pu|n'a pas pu) (yet )?(find|determine|identify|pinpoint|establish|explain|trouver|déterminer|identifier|expliquer) (the |a |la |l'|l’)?(root |exact |precise |real )?(cause|reason|origin|origine)|\bcontinu\w* (de|à) (chercher|investiguer|analyser)|\bne (m'|m’|nous )?a permis de (remonter|trouver|comprendre|identifier)`)
	aside     = regexp.MustCompile(`(?i)\b(unrelated|notif\w*|alert(s|ed|ing)?|paged|pager\w*|e-?mails?|noticed|detection|on-call|(delay|slow|late)\w* in (the )?(incident )?(detect|respon|recover|notic)\w*|were (also )?updated to|we (have )?(since )?(enabled|added|rotated|revoked)|thanks to|(due to|because of|caused by) (this|the) (incident|outage|issue)|(was|were) (un)?affected|impacted)\b`)
	// stamped opens a sentence that narrates a moment: "Until 21:50 UTC ...".
	stamped = regexp.MustCompile(`(?i)^\W*((until|at|by|around|from|since|on)\s+)?(\d{1,2}[:h]\d{2}|\d{4}-\d{2}-\d{2})`)
)

// ruleScores scores every sentence by the rules (see causeCandidates and
// penalized): the root-cause model reads them as one of its features. The
// penalties only lower a score, so they are worked out best first and no
// further than a sentence that can still be the best: the others keep
// their score before the penalties, an upper bound.
func ruleScores(sents []page.Sentence, cues []float64, strong func(int) int) []float64 {
	signal := func(i int) float64 { return 0.75 * float64(min(strong(i), 2)) }
	cands := causeCandidates(sents, cues, signal)
	rules := make([]float64, len(sents))
	for _, c := range cands {
		rules[c.i] = c.score
	}
	slices.SortStableFunc(cands, func(a, b scoredSentence) int { return cmp.Compare(b.score, a.score) })
	best := 0.0
	for _, c := range cands {
		if c.score < best {
			break
		}
		rules[c.i] = penalized(&sents[c.i], c.score)
		best = max(best, rules[c.i])
	}
	return rules
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
	whys := rootcause.WhyDepth(sents)
	for i, s := range sents {
		if s.Heading || len(s.Text) < 15 {
			continue
		}
		score := cues[i] + signal(i)
		named := cues[i] >= namedCue && namesRootCause(&sents[i]) // the strongest cue comes with any such statement
		if s.Detect && !named {
			score *= 0.5 // how it was noticed: a symptom
		}
		switch s.Section {
		case data.SectionRootCause:
			if d, ok := whys[i]; ok {
				score += 2 + 1.5*d // "five whys": the deeper the answer, the nearer the root
			} else if n := countBefore(sents, i); factorList(sents, i, n) {
				score += 1.5
			} else {
				score += 2 + 1.5/float64(1+n)
			}
		case data.SectionSummary:
			score += 0.8
		case data.SectionTimeline:
			score *= sectionWeight(named, 0.4)
		case data.SectionActionItems:
			score *= 0.3
		case data.SectionMitigation, data.SectionImpact:
			score *= sectionWeight(named, 0.7)
		case "":
			if lead < 3 {
				score += 0.5
			}
		}
		if s.Section == "" {
			lead++
		}
		if rootcause.Sums(&sents[i]) {
			score += sumsBonus // "TL;DR: ...": the post in a few words, its cause among them
		}
		if score > 0 {
			cands = append(cands, scoredSentence{i, score})
		}
	}
	return cands
}

// namesRootCause reports whether a sentence states what the root cause is, in so many words ("The root cause was
// finally found to be ...", "... turned out to be the root cause", "La
// cause racine était ..."): what it says is the cause wherever it sits, a
// row of the timeline or a paragraph on the response included. Not one
// that only seeks it ("root cause suspected"), doubts it or rules one out.
func namesRootCause(s *page.Sentence) bool {
	if low := s.Low(); !strings.Contains(low, "cause") || !statesRoot.MatchString(low) {
		return false
	}
	return !uncertain.MatchString(s.Text) && !rootcause.DeniesCause(s)
}

// statesRoot says what the root cause is: "root cause" then a verb that
// equates, or a verb that equates then "the root cause".
var statesRoot = regexp.MustCompile(`\b(root[- ]?cause|underlying cause|cause (racine|première))s?\b[^.;:]{0,40}?\b(is|was|were|are|turned out to be|proved to be|est|était|étaient|a été|fut|s'est révélée?)\b|\b(is|was|were|are|be) (\w+ ){0,3}(to be |as )?the (root[- ]?cause|underlying cause)\b|\b(est|était|a été|fut) (\w+ ){0,2}(comme )?la cause (racine|première)\b`)

// sectionWeight is what a section that tells something else than the cause
// (timeline, response, impact) leaves of a sentence's score: all of it when
// the sentence names the root cause.
func sectionWeight(named bool, w float64) float64 {
	if named {
		return 1
	}
	return w
}

// sumsBonus is what a sentence that sums the post up ("TL;DR", "En bref")
// adds: about what a summary section and the lead give together.
const sumsBonus = 1.5

// penalized lowers the score of a sentence that says the cause is unknown
// or is about another incident, that is about something else than the
// cause, that narrates a moment, that is hypothetical or that only hedges
// (a finding "consistent with" a cause: hedges). One scan finds the
// words each regexp needs; a regexp runs only where its words are.
func penalized(s *page.Sentence, score float64) float64 {
	text := s.Text
	t := penaltyWords.Tags(text)
	if t&tagUncertain != 0 && uncertain.MatchString(text) || classify.AboutOtherIncident(s.Low()) || rootcause.Announces(s) || rootcause.DeniesCause(s) {
		score *= 0.3
	}
	if t&tagAside != 0 && aside.MatchString(text) || stamped.MatchString(text) && !namesRootCause(s) || classify.IsHypothetical(text, s.Low()) || rootcause.Consequence(s) || notTheCause(text, t) || t&tagHedge != 0 && hedges.MatchString(s.Low()) {
		score *= 0.5
	}
	return score
}

// hedges says a finding only fits a cause, without saying it is one:
// "this is consistent with a defect in ...", "les journaux laissent
// penser que ...".
var hedges = regexp.MustCompile(`\b(is|are|was|were|seems|looks|appears) (also |entirely |fully )?(consistent|compatible) with\b|\bsuggest(s|ed)? that\b|\b(est|sont|semble) compatibles? avec\b|\blaisse(nt)? (penser|supposer)\b|\bsemble(nt)? indiquer\b`)

// notTheCause reports whether a sentence tells something other than the
// cause in words that sound like one (issueEvent, nothingLost, seeksCause),
// given its penaltyWords tags.
func notTheCause(text string, t uint64) bool {
	return t&tagIssue != 0 && issueEvent.MatchString(text) ||
		t&tagNone != 0 && nothingLost.MatchString(text) ||
		t&tagCause != 0 && seeks(text)
}

// The words that every match of a penalty's regexp holds.
const (
	tagUncertain = 1 << iota
	tagAside
	tagIssue
	tagNone
	tagCause
	tagHedge
)

var penaltyWords = prose.NewTaggedWordSet(map[uint64]string{
	tagUncertain: `unknown|unclear|known|clear|sure|determined|identified|investigat*|idea|inconnue|find|determine|identify|pinpoint|establish|explain|trouver|déterminer|identifier|expliquer|chercher|investiguer|analyser|permis`,
	tagAside:     `unrelated|notif*|alert|alerts|alerted|alerting|paged|pager*|email|emails|e-mail|e-mails|noticed|detection|on-call|delay*|slow*|late*|updated|enabled|added|rotated|revoked|thanks|incident|outage|issue|affected|unaffected|impacted`,
	tagIssue:     `issue|problem|incident|outage|bug|error|problème|panne|bogue|erreur`,
	tagNone:      `no|none|aucun|aucune`,
	tagCause:     `cause|causes|origine`,
	tagHedge:     `consistent|compatible|compatibles|suggest|suggests|suggested|penser|supposer|indiquer`,
})

// issueEvent tells what happened to the issue itself, not what caused it:
// "the issue was reported", "the bug was there for months", "le problème
// est passé inaperçu".
var issueEvent = regexp.MustCompile(`(?i)\b(the|this|that|our|le|ce|cet|cette|notre) (issue|problem|incident|outage|bug|error|problème|incident|panne|bogue|erreur) (was|is|were|had been|has been|est|était|a été|reste|restait) (opened|reported|noticed|resolved|fixed|closed|detected|escalated|mitigated|investigated|invisible|there|purely|only|first|quickly|signalée?|détectée?|résolue?|corrigée?|passée? inaperçue?|invisible|resté|restée)\b`)

// nothingLost says an impact did not happen ("no data was exposed", "aucune
// donnée n'a été perdue"): the post reassures, it does not explain.
var nothingLost = regexp.MustCompile(`(?i)\b(no|none of the|aucune?)\b(\s+[\w'’-]+){0,3}\s+(was|were|has been|have been|had been|n'a été|n'ont été)\s+(ever\s+)?(exposed|leaked|lost|deleted|accessed|affected|corrupted|compromised|exposée?s?|perdue?s?|supprimée?s?|compromise?s?|affectée?s?)\b`)

// seeksCause names the cause only as what was sought or hidden ("the error
// message hid the real cause.", "we kept looking for the cause of the
// outage.", "we continued to analyze the cause of the breach, the method of
// access, and ...", "nous sommes en train de rechercher la cause."),
// without telling it: what follows "cause" (its tail) must not go on to
// say what the cause was (statesTail).
var seeksCause = regexp.MustCompile(`(?i)\b(hid|hides|hide|masked|obscured|find|finding|look(ing|ed)? for|search(ing|ed)? for|understand(ing)?|investigat(e|ing|ed)|analy[sz](e|ing)|determin(e|ing)|identify(ing)?|(pin|track)(ning|ing)? down|solv(e|ed|ing)|fix(ed|ing)?|address(ed|ing)?|tackl(e|ed|ing)|(re)?cherch(er|é|ions|ait|ons)|trouver|identifier|déterminer|comprendre|analyser|résoudre|traiter|corriger|masqu(é|ait|e))\s+(?:(?:the|la|une?|les)\s+|l['’])((real|actual|root|underlying|true|exact|precise|vraie|véritable|réelle|exacte)\s+)?(causes?|origine)(?P<tail>(\s+(of|de|du|des|d'|d’)\s*[^.;:!?]{0,120})?)\s*[.!]?$`)

// statesTail says what a cause was, in the tail of seeksCause: a verb
// soon after "cause of", a relative clause ("..., which was a bad push"),
// or a finding ("we found that ...").
var statesTail = regexp.MustCompile(`(?i)^[^,]{0,60}\b(was|were|is|are|turned out|proved|était|étaient|est|sont|a été)\b|,\s*(which|that|qui|ce qui)\s+(was|were|is|are|turned out|proved|était|est|a été)\b|\bfound (that|out|it)\b|\b(avons|a) (trouvé|découvert|compris)\b`)

// seeks reports whether text only seeks its cause (seeksCause).
func seeks(text string) bool {
	m := seeksCause.FindStringSubmatch(text)
	return m != nil && !statesTail.MatchString(m[seeksCause.SubexpIndex("tail")])
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
