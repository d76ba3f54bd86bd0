package classify

import (
	"fmt"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// causeCueList score a sentence as a statement of the root cause. The
// strongest name the cause outright; the weaker ones only say "because".
var causeCueList = []cue{
	{`(?i)\b(the )?(root[- ]causes?|underlying (cause|issue|problem)|primary cause|main cause|proximate cause|direct cause|cause racine|causes? principales?|cause première|la cause|the cause of|a cause of|(likely|probable|actual|real) cause|is the cause|(biggest|main|primary|key|largest|major|single) (contributing )?factor|(main|primary|real) reason)\b`, 4},
	{`(?i)\b(was|were|is|are|had been|has been) (ultimately |eventually |actually |directly |likely |probably )?(caused|triggered) by\b|\b(caused|triggered|introduced) (by|when)\b|\b(a été|ont été) (causée?s?|provoquée?s?|déclenchée?s?) par\b|\b(provoqué|causé|déclenché)e? par\b|\b(was|were|has been) (identified|traced|tracked down|narrowed down) (as|to)\b|\b(resulting|resulted) in (the|this|an|a) (outage|incident|downtime|failure|disruption)\b|\b(led|leading) to (the|this|an) (outage|incident|downtime|failure)\b`, 3},
	{`(?i)\b(the (issue|problem|outage|incident|failure|bug|error) (was|is|came|stemmed|originated|occurred)|this (happened|occurred|was) because|(this|that|it|which) (is|was) (all |mainly |mostly |largely |primarily |ultimately )?(due to|because of|the result of|a result of)|(resulted|stemmed) from|attributed to|directly (related|due) to|le problème (venait|vient|était|est)|l'origine (du|de l'|de la)|provient|(a|ont|avait|avaient) (coupé|provoqué|causé|entraîné|bloqué|saturé)|confirme que|(est|sont) dus? à|à l'origine|s'explique par|vient du fait que|(est|était|sont|étaient) (liée?s?|imputables?) à|(a|ont) été introduite?s?)\b|\b(the|its|their|our|this|one) (underlying |real |actual )?(cause|culprit|reason) (was|is|were|turned out)\b|\b(le|la) (coupable|raison) (était|est|fut)\b|\bl'origine (était|est|fut)\b`, 2.5},
	{`(?i)\b(discovered|found|identified|spotted|traced|pinpointed|uncovered) (a|an|the) (\w+ ){0,2}(misconfiguration|bug|problem|issue|error|mistake|typo|flaw|regression|leak|race condition|vulnerability|defect)\b|\b(was|were|had been) (leaked|exposed|deleted|misconfigured)\b`, 2},
	{`(?i)\b(due to|because( of)?|as a result of|owing to|à cause (de|d')|dû à|due à|en raison (de|d')|suite à|caused|causing|led to|resulted in|triggered|triggering)\b`, 1.5},
	{`(?i)\b(we (determined|found|discovered|identified|realized|learned|confirmed) that|it turned out|turns out|on a (découvert|constaté|identifié)|nous avons (découvert|constaté|identifié))\b`, 1},
}

// causeCues are the cause cues compiled.
var causeCues = newCueSet(causeCueList)

type cue struct {
	expr   string
	weight float64
}

// newCueSet compiles the cues once; they are ours, so a bad one is a bug.
// A cue that cannot run anchored whole is split into parts (see
// exactParts), so that each runs only where its own words occur, and
// anchored there when it can: whole, it ran across every sentence, as an
// NFA when too long for the backtracker. A part's group is its cue, which
// counts once however many of its parts match.
func newCueSet(cues []cue) *patternSet {
	if len(cues) > 64 {
		panic("extract: more than 64 cause cues") // cueScore keeps them in a bit set
	}
	var pats []pattern
	for i, c := range cues {
		// Written in lower case: without its own (?i), a cue also gets the
		// plain expression for lower-cased text and, when every match
		// starts with a literal, the anchored one (compilePattern).
		expr := strings.TrimPrefix(c.expr, "(?i)")
		p, err := compilePattern(expr)
		parts := []pattern{p}
		if err == nil && p.anchored == nil {
			parts, err = exactParts(expr)
		}
		if err != nil {
			panic(fmt.Sprintf("extract: cause cue %q: %v", c.expr, err))
		}
		for _, p := range parts {
			p.weight, p.group = c.weight, int32(i)
			pats = append(pats, p)
		}
	}
	return newPatternSet(pats)
}

// CueScores scores every sentence with the cause cues (0 for headings
// and fragments), once for both the root-cause picker and the classifier.
func CueScores(sents []page.Sentence) []float64 {
	out := make([]float64, len(sents))
	sc := causeCues.getScratch()
	defer causeCues.putScratch(sc)
	var buf []int32
	for i, s := range sents {
		if s.Heading || len(s.Text) < 15 {
			continue
		}
		out[i], buf = cueScore(s.Text, s.Low(), sc, sc.nextStamp(), buf)
	}
	return out
}

// cueScore sums the weights of the cause cues found in s.
func cueScore(s, lower string, sc *scratch, stamp uint32, buf []int32) (float64, []int32) {
	score := 0.0
	var matched uint64 // the cues found, by group
	u := unit{text: s, lower: lower}
	buf = causeCues.candidates(u.lower, sc, stamp, buf[:0])
	for _, i := range buf {
		p := &causeCues.pats[i]
		if matched&(1<<p.group) == 0 && causeCues.mayMatch(i, sc, stamp) && p.matches(&u, sc.starts[i]) {
			matched |= 1 << p.group
			score += p.weight
		}
	}
	if strings.HasSuffix(s, "?") {
		score /= 2
	}
	return score, buf
}
