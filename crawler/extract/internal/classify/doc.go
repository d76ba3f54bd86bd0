package classify

import "github.com/pmkb/pmkb/crawler/extract/page"

// Doc is one post as the classifier reads it: its units (title, blurb,
// then every sentence) and the pattern hits on them so far.
type Doc struct {
	c      *Classifier
	lang   string
	units  []unit
	first  int // the unit of the first sentence
	hits   []hit
	strong []int // per unit, the categories with a defining hit
}

// Read lays out a post's units and runs the patterns over them (see units
// and match); cues are the sentences' cause-cue scores.
func (c *Classifier) Read(title, blurb string, sents []page.Sentence, cues []float64, lang string) *Doc {
	d := &Doc{c: c, lang: lang}
	d.units, d.first = c.units(title, blurb, sents, cues)
	d.hits = c.match(d.units, lang, false)
	d.strong = c.strongCats(d.hits, len(d.units))
	return d
}

// StrongCategories is how many categories sentence i names with a defining
// pattern: how strongly it names a failure mode.
func (d *Doc) StrongCategories(i int) int { return d.strong[d.first+i] }

// RaiseRootCause weighs the picked root-cause sentences as such (see
// classifier.raiseRootCause) and tries every pattern on them without the
// hit caps: their votes count double and must not lose any to the caps.
func (d *Doc) RaiseRootCause(sents []int, confident bool) {
	rcUnits := make([]int, len(sents))
	for k, i := range sents {
		d.c.raiseRootCause(&d.units[d.first+i], confident)
		rcUnits[k] = d.first + i
	}
	d.hits = append(d.hits, d.c.matchAll(d.units, rcUnits, d.lang, d.hits)...)
}

// Classify scores the categories from the hits.
func (d *Doc) Classify() Result { return d.c.classify(d.units, d.hits, d.lang) }

// Features returns, per category slug, what the learned layer reads of how
// the rules voted on the post (see FeatureNames), for every category some
// pattern voted for or the word model made eligible; the training command
// learns from them.
func (d *Doc) Features() map[string][]float64 {
	ts := d.c.tallies(d.units, d.hits)
	feats, eligible := d.c.features(d.units, ts, d.c.wordProbs(d.units))
	d.c.addPlans(feats, eligible, d.units, d.lang)
	out := make(map[string][]float64, len(feats))
	for ci, f := range feats {
		if eligible[ci] || len(ts[ci].votes) > 0 {
			out[d.c.cats[ci].slug] = f
		}
	}
	return out
}

// Terms counts the post's words as the word model reads them (see
// internal/lexical.Count); the training command learns from them.
func (d *Doc) Terms() map[string]int { return terms(d.units) }
