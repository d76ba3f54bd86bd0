// Package classify tags a post's sentences with taxonomy categories: compiled patterns, their literal prefilter, negation and the voting.
package classify

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
	"github.com/pmkb/pmkb/crawler/extract/internal/lexical"
)

// Zone weights: how much a vote counts by where its sentence sits.
const (
	zoneTitle     = 2.0
	zoneRootCause = 2.0
	zoneBlurb     = 1.5
)

// pattern is one compiled taxonomy pattern plus the literals one of which
// must occur for it to match: a cheap strings.Contains check skips most
// regexp runs.
type pattern struct {
	re     *regexp.Regexp
	lowRe  *regexp.Regexp // the same pattern without case folding, for lower-cased text
	weight float64
	lang   string
	lits   []string // nil when no literal is required
	// also are more literal sets one of each of which occurs in any match,
	// per alternative (see alsoRequired).
	also [][][]string
	// innerNeg is set when the expression names no negation itself: a
	// negation inside its match ("certificates were valid and not
	// expired") then silences it.
	innerNeg bool
	// anchored is set when every match starts with one of lits: the
	// pattern, anchored, for lower-cased text; leadingWB says it begins
	// with \b, which the caller checks against the byte before.
	anchored  *regexp.Regexp
	leadingWB bool
	// prefix, when set, finds where the anchored pattern may start: its
	// lits are then rarer literals it requires, not its prefixes.
	prefix     *ahocorasick.Matcher
	prefixLits []string
	// span bounds the bytes an anchored match takes (see maxSpan), -1
	// when unknown.
	span int
	// words, when set, are the phrases of a word-set pattern, which
	// runs anchored as prefix tests (see wordSet).
	words []string
	cat   int   // index of its category
	group int32 // index of the taxonomy pattern it comes from (split patterns share it)
}

type category struct {
	slug      string
	threshold float64
	heaviest  float64 // the weight of its heaviest positive pattern
}

type negation struct {
	re     *regexp.Regexp
	clause bool
	lang   string
	lits   *ahocorasick.Matcher // one of its literals occurs in any match; nil when unknown
	// words holds, for a "words" negation that is a list of words
	// (^(no|not|...)$), those words in lower case: an ASCII word is
	// looked up instead of run through re (see wordList).
	words map[string]bool
}

// Classifier assigns taxonomy slugs to a post-mortem's sentences.
type Classifier struct {
	relCutoff float64 // relativeCutoff, a field so that a sweep can vary it
	tune      tuning
	cats      []category
	set       *patternSet // every category's patterns
	negations []negation
	model     *model // the learned layer; nil: the rules' thresholds decide
	// words is the word model whose probabilities the layer reads (see
	// internal/lexical); nil: none, the layer reads 0.
	words *lexical.Compiled
}

// New compiles the taxonomy's patterns and negations; an invalid one is an
// error that names it. modelJSON is the learned layer that decides the tags
// from how the rules voted (see Model); without it the rules' thresholds
// decide. wordsJSON is the word model the layer also reads (see
// internal/lexical.Model); without it the layer reads its feature as 0.
func New(t data.Taxonomy, modelJSON, wordsJSON []byte) (*Classifier, error) {
	c := &Classifier{relCutoff: relativeCutoff, tune: defaultTuning}
	def := t.DefaultThreshold
	if def <= 0 {
		def = 3
	}
	var pats []pattern
	groups := 0
	for ci, cat := range t.Categories {
		cc := category{slug: cat.Slug, threshold: cat.Threshold}
		if cc.threshold <= 0 {
			cc.threshold = def
		}
		for i, p := range cat.Patterns {
			cps, err := compileSplit(p.Match)
			if err != nil {
				return nil, fmt.Errorf("extract: taxonomy %s pattern %d %q: %w", cat.Slug, i+1, p.Match, err)
			}
			for _, cp := range cps {
				cp.weight, cp.lang, cp.cat, cp.group = p.Weight, p.Lang, ci, int32(groups)
				pats = append(pats, cp)
			}
			cc.heaviest = max(cc.heaviest, p.Weight)
			groups++
		}
		c.cats = append(c.cats, cc)
	}
	c.set = newPatternSet(pats)
	for i, n := range t.Negations {
		p, err := compilePattern(n.Match)
		if err != nil {
			return nil, fmt.Errorf("extract: taxonomy negation %d %q: %w", i+1, n.Match, err)
		}
		neg := negation{re: p.re, clause: n.Scope == data.ScopeClause, lang: n.Lang}
		if !neg.clause {
			neg.words = wordList(n.Match)
		}
		if p.lits != nil {
			neg.lits = ahocorasick.New(p.lits)
		}
		c.negations = append(c.negations, neg)
	}
	if modelJSON != nil {
		m, err := ParseModel(modelJSON)
		if err != nil {
			return nil, err
		}
		c.model = m.compile(c.cats)
	}
	if wordsJSON != nil {
		slugs := make([]string, len(c.cats))
		for i, cat := range c.cats {
			slugs[i] = cat.slug
		}
		w, err := lexical.Parse(wordsJSON, slugs)
		if err != nil {
			return nil, fmt.Errorf("classify: %w", err)
		}
		c.words = w
	}
	return c, nil
}

// unit is one piece of text the classifier reads, with its zone weight.
type unit struct {
	text    string
	lower   string
	weight  float64
	negated bool  // a heading answered by "No" / "None"
	causal  bool  // the sentence states a cause: its votes count more
	hypo    bool  // the sentence is hypothetical: its votes count less
	heading bool  // the title or a heading: evidence only when nothing better
	zone    uint8 // where it sits: inBody, inTitle...
	picked  bool  // the root-cause picker chose it
	plan    bool  // an action item: read only for what the post plans (planVotes)
	// clearFrom, clearTo are the bytes of the text a verdict clears ("...
	// played no part"): no match starting there votes (see cleared); read
	// says they were computed.
	clearFrom, clearTo int32
	read               bool
}

// prepare lower-cases the unit's text, once, before its first match.
func (u *unit) prepare() {
	if u.lower == "" {
		u.lower = strings.ToLower(u.text)
	}
}

// cleared reports whether a verdict clears a match starting at byte i (see
// clearedSpan), finding what it clears once, at the unit's first match.
func (u *unit) cleared(i int) bool {
	if !u.read {
		u.read = true
		u.clearFrom, u.clearTo = u.clearedSpan()
	}
	return int32(i) >= u.clearFrom && int32(i) < u.clearTo
}

// clearedSpan is clearedSpan of the unit's text, none in a heading.
func (u *unit) clearedSpan() (from, to int32) {
	if u.heading {
		return 0, 0
	}
	f, t := clearedSpan(u.lower)
	if len(u.lower) != len(u.text) && t > 0 {
		f, t = 0, len(u.text)
	}
	return int32(f), int32(t)
}

// Result is how one post was classified: its tags, best first, with their
// scores and evidence, and every category's score before the thresholds.
type Result struct {
	Slugs    []string
	Scores   map[string]float64
	Evidence map[string]string
	Raw      map[string]float64 // every category's raw score, for tuning
}

// tuning holds the classifier's knobs, which SetKnob varies for a sweep.
type tuning struct {
	causalCue    float64 // a sentence whose cue score reaches this states a cause
	causalBoost  float64 // a vote in a causal sentence is multiplied by this
	causalStrong float64 // in a causal sentence, a pattern this heavy counts as defining
	hypoFactor   float64 // a hypothetical sentence's zone weight is multiplied by this

	// Zone weights of the sections: summary, timeline, impact and
	// mitigation (side), action items, and text outside any known section.
	summary, timeline, side, action, body float64
	// code caps the zone weight of preformatted text: logs, code, config.
	code float64
	// rcKeep root-cause-section sentences weigh zoneRootCause; each later
	// one weighs rcDecay times the one before, down to body.
	rcKeep  int
	rcDecay float64
	// background caps the zone weight of a part that explains how the
	// system works ("Background", "How NTP works").
	background float64

	// weakOnly times the threshold is what a category needs when none of
	// its votes comes from a defining pattern.
	weakOnly float64
	// strongOnly times the threshold is what a category needs when one of
	// its votes comes from a defining pattern.
	strongOnly float64
}

var defaultTuning = tuning{causalCue: 2.5, causalBoost: 1.5, causalStrong: 2, hypoFactor: 0.4,
	summary: 1.2, timeline: 0.5, side: 0.5, action: 0.3, body: 0.6, weakOnly: 2, strongOnly: 1, code: 0.3, background: 0.4, rcKeep: 8, rcDecay: 0.9}

// minMatchWeight is the lightest zone the patterns are run on: a vote from
// an action item or a hypothetical aside (0.3 or less) never decides a tag,
// and skipping them saves a good share of the matching.
const minMatchWeight = 0.35

// Caps on how many sentences one pattern is tried on once it has matched:
// a pattern votes at most perPatternMax times, so after a few hits in the
// heavier zones more hits change nothing but cost time.
const (
	strongHitCap = 8
	weakHitCap   = 3
)

// classify scores every category from the hits and keeps those that the
// learned layer (or, without one, the rules' thresholds) accepts, best
// first, each with the sentence that best justifies it.
func (c *Classifier) classify(units []unit, hits []hit, lang string) Result {
	ts := c.tallies(units, hits)
	rules := c.ruleTags(ts)
	out := Result{Scores: map[string]float64{}, Evidence: map[string]string{}, Raw: map[string]float64{}}
	for ci, t := range ts {
		if len(t.votes) > 0 {
			out.Raw[c.cats[ci].slug] = math.Round(t.score*100) / 100
		}
	}
	if c.model == nil {
		for _, ci := range rules {
			slug := c.cats[ci].slug
			out.Slugs = append(out.Slugs, slug)
			out.Scores[slug] = math.Round((1-math.Exp(-ts[ci].score/6))*100) / 100
			out.Evidence[slug] = evidenceOf(ts[ci].votes, units)
		}
		return out
	}
	feats, eligible := c.features(units, ts, c.wordProbs(units))
	c.addPlans(feats, c.model.planNeeded(feats, eligible, rules, c.cats), units, lang)
	for _, s := range c.model.decide(feats, eligible, rules) {
		slug := c.cats[s.cat].slug
		out.Slugs = append(out.Slugs, slug)
		out.Scores[slug] = math.Round(s.p*100) / 100
		if ts[s.cat].positive() {
			out.Evidence[slug] = evidenceOf(ts[s.cat].votes, units)
		} else {
			out.Evidence[slug] = c.wordEvidence(s.cat, units)
		}
	}
	return out
}

// isSlug reports whether s is one of the classifier's categories.
func (c *Classifier) isSlug(s string) bool {
	for _, cat := range c.cats {
		if cat.slug == s {
			return true
		}
	}
	return false
}
