package classify

import (
	_ "embed"

	"github.com/pmkb/pmkb/crawler/extract/internal/lexical"
)

// wordsJSON is the word model the learned layer reads, written with it by
// the training command (go run ./crawler/extract/internal/classify/train).
//
//go:embed words.json
var wordsJSON []byte

// DefaultWords returns the embedded word model.
func DefaultWords() []byte { return wordsJSON }

// terms counts the words of the units that tell the story (see
// lexical.Count and unit.aside): what the word model reads of a post. Like
// the patterns, it skips background, other incidents, hypotheticals, plans
// and code, where a post names what did not happen to it, and the
// quotations of a sentence (error messages, log lines: symptoms).
func terms(units []unit) map[string]int {
	counts := map[string]int{}
	eachStoryText(units, func(s string) { lexical.Count(counts, s) })
	return counts
}

// eachStoryText calls fn with the text of each unit the word model reads
// (see terms), lower-cased.
func eachStoryText(units []unit, fn func(string)) {
	for i := range units {
		u := &units[i]
		if u.aside() {
			continue
		}
		u.prepare()
		if u.heading {
			fn(u.lower)
		} else {
			fn(withoutQuotes(u.lower))
		}
	}
}

// wordProbs is the word model's probability of each category for the
// post (what terms reads), nil without a word model.
func (c *Classifier) wordProbs(units []unit) []float64 {
	if c.words == nil {
		return nil
	}
	t := c.words.NewTerms()
	eachStoryText(units, func(s string) { c.words.Add(t, s) })
	return c.words.ProbsOf(t)
}

// aside reports whether the unit is outside the story: background,
// another incident, a hypothetical, or too light for the patterns to run
// on (plans, code).
func (u *unit) aside() bool {
	return u.zone == inAside || u.hypo || u.weight < minMatchWeight
}

// wordEvidence picks the sentence behind a tag that only the word model
// gave: the one whose words weigh most for the category, a heading only
// when no sentence weighs anything.
func (c *Classifier) wordEvidence(ci int, units []unit) string {
	best, bestW := -1, 0.0
	for i := range units {
		w := c.words.Weigh(ci, units[i].text)
		if units[i].heading {
			w /= 4
		}
		if w > bestW {
			best, bestW = i, w
		}
	}
	if best < 0 {
		return ""
	}
	return units[best].text
}

// positive reports whether some pattern voted for the category.
func (t *tally) positive() bool {
	for _, v := range t.votes {
		if v.value > 0 {
			return true
		}
	}
	return false
}
