package classify

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// otherIncidentExpr marks a sentence about another incident than the one
// the post is about: a previous or unrelated outage, another post-mortem.
// It runs on lower-cased text.
const otherIncidentExpr = `\b(see|described in|covered in|detailed in) (the |our |a |its own |an? )?(previous |earlier |separate |other |related )?(post-?mortem|incident report|write-?up)|\b(a |an |the )?(previous|earlier|prior|separate|unrelated|last week's|another|older) (incident|outage|post-?mortem|incident report)s?\b|\bpm\d{4}-\d+`

// otherIncident is otherIncidentExpr in parts, each run only where its
// words occur (most sentences that name an incident name the post's own).
var otherIncident = mustExactSet("other incidents", otherIncidentExpr)

// otherIncidentWords are the words one of which any otherIncident match
// holds: most sentences skip the regexp.
var otherIncidentWords = ahocorasick.New([]string{"mortem", "incident", "outage", "write-up", "writeup", "pm1", "pm2"})

// AboutOtherIncident reports whether a sentence, lower-cased, is about
// another incident than the post's.
func AboutOtherIncident(lower string) bool {
	return otherIncidentWords.Contains(lower) && otherIncident.matchesAny(lower)
}

// moreOtherExpr marks, beyond otherIncident, what the classifier reads as
// another incident: a dated or last year's one, "a similar bug was...", "une
// panne similaire". It runs on lower-cased text.
const moreOtherExpr = `\b(in|during) (a|an|the) (19|20)\d\d (\w+ )?(incident|outage)\b|\b(last|previous|past) (year|month|week|quarter|winter|summer)'?s (\w+ ){0,3}(incident|outage|failure|post-?mortem)s?\b|\ba similar (\w+ ){0,2}(incident|outage|bug|issue|race condition|failure|problem|leak|split-brain)s? (was|were|had|in|last|occurred|happened|hit|took|caused)\b|\b(un|une) (incident|panne) (similaire|précédente?|antérieure?)\b`

// moreOtherSet is moreOtherExpr split into its alternatives.
var moreOtherSet = mustSplitSet("other incidents", moreOtherExpr)

// aboutOther is AboutOtherIncident as the classifier reads it: moreOther
// too. (AboutOtherIncident itself feeds the root-cause model's features,
// whose weights are trained on it.)
func aboutOther(lower string) bool {
	return AboutOtherIncident(lower) || moreOtherSet.firstMatch(lower) != nil
}

// zoneOf weighs a sentence by the section it sits in.
func (t tuning) zoneOf(section string) float64 {
	switch section {
	case data.SectionRootCause:
		return zoneRootCause
	case data.SectionSummary:
		return t.summary
	case data.SectionActionItems:
		return t.action
	case data.SectionTimeline:
		return t.timeline
	case data.SectionImpact, data.SectionMitigation:
		return t.side
	}
	return t.body
}

// rootCauseZone weighs the n-th sentence (from 1) of a root-cause section:
// the first rcKeep count fully, later ones less and less, down to the body's
// weight. A long "What went wrong" part goes on to tell the recovery and
// side issues, which are not the cause.
func (t tuning) rootCauseZone(n int) float64 {
	if n <= t.rcKeep {
		return zoneRootCause
	}
	return max(t.body, zoneRootCause*math.Pow(t.rcDecay, float64(n-t.rcKeep)))
}

// noAnswer is the reply that negates the heading above it ("Security
// related" / "No").
var noAnswer = regexp.MustCompile(`(?i)^\W*(no|none|n/a|non|aucun|aucune|nope)\W*$`)

// units lays out what the classifier reads: title, blurb, then every
// sentence weighted by its zone; preformatted text (logs, code) weighs at
// most tune.code, since a log line shows symptoms and code names things,
// and background parts at most tune.background. A sentence that states a cause (its cue
// score reaches causalCue) is marked causal; a hypothetical or
// counterfactual one ("if", "in theory", "could have") weighs less. first is
// the index of the first sentence's unit; the caller raises the root-cause
// sentences to zoneRootCause once it knows them.
func (c *Classifier) units(title, blurb string, sents []page.Sentence, cues []float64) (units []unit, first int) {
	units = make([]unit, 1, len(sents)+2)
	units[0] = unit{text: title, weight: zoneTitle, heading: true, zone: inTitle}
	if blurb != "" {
		units = append(units, unit{text: blurb, weight: zoneBlurb, zone: inSummary})
	}
	first = len(units)
	inRC := 0 // sentences seen so far in the current root-cause section
	for i := range sents {
		s := &sents[i]
		u := unit{text: s.Text, lower: s.Low(), weight: c.tune.zoneOf(s.Section), heading: s.Heading, zone: placeOf(s)}
		if s.Section != data.SectionRootCause {
			inRC = 0
		} else if !s.Heading {
			inRC++
			u.weight = c.tune.rootCauseZone(inRC)
		}
		if s.Code {
			u.weight = min(u.weight, c.tune.code)
		}
		if s.Aside || (!s.Heading && u.weight > c.tune.background && aboutOther(u.lower)) {
			u.weight = min(u.weight, c.tune.background)
			u.zone = inAside
		}
		if s.Heading && i+1 < len(sents) && noAnswer.MatchString(sents[i+1].Text) {
			u.negated = true
		}
		u.plan = s.Section == data.SectionActionItems && !s.Heading
		if !s.Heading {
			u.causal = cues[i] >= c.tune.causalCue
			// An action item is a plan already, and too light to be
			// matched: no need to ask.
			if c.tune.hypoFactor < 1 && !u.plan && isPlan(u.text, u.lower) {
				u.weight *= c.tune.hypoFactor
				u.causal, u.hypo = false, true
			}
		}
		units = append(units, u)
	}
	return units, first
}

// Where a unit sits, as the learned layer reads it (see features).
const (
	inBody      uint8 = iota // text outside any known section
	inTitle                  // the title
	inSummary                // the summary section or the list's blurb
	inRootCause              // a root-cause section
	inSide                   // timeline, impact, mitigation
	inDetect                 // how the incident was noticed
	inAside                  // background, another incident, action items, code
)

// placeOf tells where a sentence sits.
func placeOf(s *page.Sentence) uint8 {
	switch {
	case s.Aside || s.Code || s.Section == data.SectionActionItems:
		return inAside
	case s.Detect || s.Section == data.SectionDetection:
		return inDetect
	}
	switch s.Section {
	case data.SectionSummary:
		return inSummary
	case data.SectionRootCause:
		return inRootCause
	case data.SectionTimeline, data.SectionImpact, data.SectionMitigation:
		return inSide
	}
	return inBody
}

// raiseRootCause weighs a root-cause sentence as such: fully when the picker
// found a stated cause, like the summary when it fell back to the lead, and
// less when the sentence is hypothetical.
func (c *Classifier) raiseRootCause(u *unit, confident bool) {
	w := zoneRootCause
	if !confident {
		w = c.tune.summary
	}
	if u.hypo {
		w *= c.tune.hypoFactor
	}
	u.weight = max(u.weight, w)
	u.picked = true
}

// IsHypothetical reports whether a sentence imagines, suspects or plans
// ("we will add alerting", "going forward") rather than reports: its words are weaker evidence of what happened. lower
// is the sentence lower-cased; the body regexp runs only when one of its
// words occurs.
func IsHypothetical(text, lower string) bool {
	if hypoFirst[firstWord(lower)] && hypoStart.MatchString(text) {
		return true
	}
	if len(lower) != len(text) {
		return hypoWords.Contains(lower) && hypoBody.MatchString(text)
	}
	// The alternatives run apart, each where its own words occur, like
	// the taxonomy's patterns.
	sc := hypoSet.getScratch()
	defer hypoSet.putScratch(sc)
	stamp := sc.nextStamp()
	u := unit{text: text, lower: lower}
	for _, i := range hypoSet.candidates(lower, sc, stamp, nil) {
		if hypoSet.mayMatch(i, sc, stamp) && hypoSet.pats[i].matches(&u, sc.starts[i]) {
			return true
		}
	}
	return false
}

// isPlan is IsHypothetical as the classifier reads it: an order or a
// future (IsOrder) and the counterfactuals of morePlan too. (IsHypothetical
// itself feeds the root-cause model's features, whose weights are trained
// on it.) lower is the sentence lower-cased.
func isPlan(text, lower string) bool {
	if IsHypothetical(text, lower) || IsOrder(lower) {
		return true
	}
	return (firstWord(lower) == "had" || strings.Contains(lower, "ly have") || strings.Contains(lower, "ly not have")) && morePlan.MatchString(lower)
}

// morePlan finds the counterfactuals hypoStart and hypoBody leave out: "could
// easily have", "Had the alert fired"; it runs on lower-cased text.
var morePlan = regexp.MustCompile(`\b(could|would|might|should|may) \w+ly (not )?have\b|^\W*had (they|i|he|she|it|this|that|the|a|an|our|their|anyone|anybody|someone|somebody|nobody)\b`)

// firstWord returns the first run of letters of s.
func firstWord(s string) string {
	i := 0
	for i < len(s) && !prose.IsLetterByte(s[i]) {
		i++
	}
	j := i
	for j < len(s) && prose.IsLetterByte(s[j]) {
		j++
	}
	return s[i:j]
}

// hypoFirst are the first words of the sentences hypoStart may match.
var hypoFirst = map[string]bool{"if": true, "in": true, "theoretically": true, "hypothetically": true,
	"imagine": true, "suppose": true, "had": true, "were": true, "si": true}

// hypoBodyExpr finds, anywhere in a sentence, the words of a guess, a
// counterfactual or a plan.
const hypoBodyExpr = `\b(could|would|might|should|may) (not )?have (been )?\b|\b(we|i) (initially |first |originally )?(thought|suspected|assumed|wondered|guessed)\b|\b(my|our) (first|initial) (idea|guess|thought|suspicion|hypothesis)\b|\b(to|help) (prevent|avoid)\b|\b(risks?|danger|fear) (of|to consider|such as)\b|\b(aurai(en)?t|aurions|pourrai(en)?t) (pu|dû|été)\b|\bpour (éviter|prévenir)\b|\b(we|i|the team) (will|shall|plan to|intend to|are going to|want to|would like to|need to|should)\b|\b(we|i)'ll\b|\b(going|moving) forward\b|\bin the future\b|\bnous (allons|prévoyons|devons)\b`

var (
	hypoStart = regexp.MustCompile(`(?i)^\W*(if|in theory|theoretically|hypothetically|imagine|suppose|had we|were we|si)\b`)
	hypoBody  = regexp.MustCompile(`(?i)` + hypoBodyExpr)
	// hypoSet is hypoBody for lower-cased text, split into its
	// alternatives.
	hypoSet = func() *patternSet {
		pats, err := compileSplit(hypoBodyExpr)
		if err != nil {
			panic(fmt.Sprintf("classify: hypothetical cues: %v", err))
		}
		return newPatternSet(pats)
	}()
	// hypoWords are the words one of which any hypoBody match holds.
	hypoWords = ahocorasick.New([]string{"ld have", "ht have", "may have", "not have", "thought", "suspected", "assumed", "wondered", "guessed", "idea", "guess", "suspicion",
		"hypothesis", "prevent", "avoid", "risk", "danger", "fear", "aurai", "pourrai", "éviter", "prévenir",
		"will", "shall", "plan to", "intend", "going to", "want to", "would like", "need to", "should", "'ll", "forward", "future", "nous allons", "prévoyons", "devons"})
)
