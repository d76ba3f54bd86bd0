package extract

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// causeCues score a sentence as a statement of the root cause. The strongest
// name the cause outright; the weaker ones only say "because".
var causeCues = []struct {
	re     *regexp.Regexp
	weight float64
}{
	{regexp.MustCompile(`(?i)\b(the )?(root[- ]cause|underlying cause|primary cause|main cause|proximate cause|direct cause|cause racine|cause principale|cause première|la cause)\b`), 4},
	{regexp.MustCompile(`(?i)\b(was|were|is|are|had been) (ultimately |eventually |actually |directly )?(caused|triggered) by\b|\b(caused|triggered|introduced) (by|when)\b|\b(a été|ont été) (causée?s?|provoquée?s?|déclenchée?s?) par\b|\b(provoqué|causé|déclenché)e? par\b`), 3},
	{regexp.MustCompile(`(?i)\b(the (issue|problem|outage|incident|failure|bug|error) (was|is|came|stemmed|originated|occurred)|this (happened|occurred|was) because|(resulted|stemmed) from|led to (the|this) (outage|incident)|le problème (venait|vient|était|est)|l'origine (du|de l'|de la))\b`), 2.5},
	{regexp.MustCompile(`(?i)\b(due to|because( of)?|as a result of|owing to|à cause (de|d')|dû à|due à|en raison (de|d')|suite à)\b`), 1.5},
	{regexp.MustCompile(`(?i)\b(we (determined|found|discovered|identified|realized|learned) that|it turned out|turns out|on a (découvert|constaté|identifié)|nous avons (découvert|constaté|identifié))\b`), 1},
}

// rootCause picks 1-3 sentences that state the root cause. Inside a
// root-cause section the section's best sentence wins (its opening has a head
// start); otherwise every sentence competes by its cues, and sentences in
// the timeline or action items are handicapped since they narrate or plan.
func rootCause(sents []sentence, rcSectionPresent bool) []int {
	best, bestScore := -1, 0.0
	for i, s := range sents {
		if s.heading || len(s.text) < 25 {
			continue
		}
		score := cueScore(s.text)
		if rcSectionPresent {
			if s.section != data.SectionRootCause {
				continue
			}
			score += 1.5 / float64(1+countBefore(sents, i))
		} else {
			switch s.section {
			case data.SectionTimeline, data.SectionActionItems:
				score *= 0.4
			case data.SectionSummary, data.SectionMitigation:
				score *= 1.1
			}
			if score < 1.5 {
				continue
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil
	}
	picked := []int{best}
	total := len(sents[best].text)
	// A short statement is usually explained by the next sentence.
	for j := best + 1; j < len(sents) && len(picked) < 3 && total < 220; j++ {
		n := sents[j]
		if n.heading || n.block != sents[best].block && n.section != sents[best].section || total+len(n.text) > 500 {
			break
		}
		picked = append(picked, j)
		total += len(n.text)
	}
	return picked
}

// countBefore counts the root-cause-section sentences before i.
func countBefore(sents []sentence, i int) int {
	n := 0
	for j := i - 1; j >= 0 && sents[j].section == data.SectionRootCause; j-- {
		if !sents[j].heading {
			n++
		}
	}
	return n
}

func cueScore(s string) float64 {
	score := 0.0
	for _, c := range causeCues {
		if c.re.MatchString(s) {
			score += c.weight
		}
	}
	if strings.HasSuffix(s, "?") {
		score /= 2
	}
	return score
}

// joinSentences renders the picked sentences as one string.
func joinSentences(sents []sentence, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = sents[j].text
	}
	return strings.Join(parts, " ")
}
