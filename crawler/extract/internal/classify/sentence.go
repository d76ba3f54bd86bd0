package classify

import "github.com/pmkb/pmkb/crawler/extract/page"

// SentenceVote is what one category gets from a sentence read alone.
type SentenceVote struct {
	Best float64 // the heaviest positive pattern weight, 0 when none
	Net  float64 // Best plus every negative pattern weight
	// Defining says the vote would decide a tag on its own: a defining
	// pattern (or, in a sentence that states a cause, one of causalStrong
	// weight), not outweighed by the category's negative patterns, in a
	// sentence of the story (not an aside: background, another incident).
	Defining bool
}

// SentenceReading is how the classifier reads one sentence of a story.
type SentenceReading struct {
	Causal bool   // its cue words state a cause: its votes count more
	Hypo   bool   // it imagines or plans: it is not read at all
	Aside  bool   // it tells of another incident or the background: no tag rests on it
	Zone   string // where a label opening it puts it ("Action item: ..."), as Unit.Zone
	Votes  map[string]SentenceVote
}

// ReadSentence reads s as a paragraph of a post's story, outside any known
// section (a label opening it, "Contributing factor: ...", puts it in that
// label's section), the way Read reads a post: its cause cues, whether it
// imagines or plans, negations. It tells, per category, what the patterns
// vote; the sentence harness (pmkb eval extract --sentences) measures the
// taxonomy sentence by sentence with it. A paragraph of several sentences
// reads as one: each category's best vote counts.
func (c *Classifier) ReadSentence(s, lang string) SentenceReading {
	blocks := []page.Block{{Kind: page.KindPara, Text: s}}
	sents := page.Sentences(blocks, page.AssignSections(blocks))
	units, first := c.units("", "", sents, CueScores(sents))
	out := SentenceReading{Votes: map[string]SentenceVote{}, Zone: zoneNames[inBody]}
	aside := make([]bool, len(units))
	for i := first; i < len(units); i++ {
		u := &units[i]
		out.Causal = out.Causal || u.causal
		out.Hypo = out.Hypo || u.hypo
		aside[i] = u.aside()
		out.Aside = out.Aside || aside[i]
		out.Zone = zoneNames[u.zone]
	}
	defining := map[string]bool{}
	for _, h := range c.match(units, lang, true) {
		if int(h.unit) < first {
			continue
		}
		p := &c.set.pats[h.pat]
		slug := c.cats[p.cat].slug
		v := out.Votes[slug]
		if p.weight > 0 {
			v.Net += max(p.weight-v.Best, 0)
			v.Best = max(v.Best, p.weight)
			strongAt := float64(strongWeight)
			if units[h.unit].causal {
				strongAt = c.tune.causalStrong
			}
			defining[slug] = defining[slug] || (p.weight >= strongAt && !aside[h.unit])
		} else {
			v.Net += p.weight
		}
		out.Votes[slug] = v
	}
	strongAt := float64(strongWeight)
	if out.Causal {
		strongAt = c.tune.causalStrong
	}
	for slug, v := range out.Votes {
		v.Defining = defining[slug] && v.Net >= strongAt
		out.Votes[slug] = v
	}
	return out
}
