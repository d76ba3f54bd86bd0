package extract

import (
	"github.com/pmkb/pmkb/crawler/extract/dates"
	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/data"
)

// Trace is how Extract reached an article, for the quality harness
// (pmkb eval extract --explain).
type Trace struct {
	Raw   map[string]float64 // every category's score before the thresholds
	Units []Unit             // the title, blurb and sentences some pattern voted on
	Dates []Date             // every date the sentences mention, in reading order
	// Features are, per category, what the classifier's learned layer read
	// of how the patterns voted (internal/classify.FeatureNames).
	Features map[string][]float64
	// Terms are the post's words as the word model counts them.
	Terms map[string]int
}

// Unit is a piece of text the classifier read, its weight and the votes it got.
type Unit = classify.Unit

// Vote is one category's pattern voting on a Unit.
type Vote = classify.Vote

// PatternMatch is one taxonomy pattern matching a sentence (MatchSentence).
type PatternMatch = classify.PatternMatch

// Knob is one of the classifier's tuning values (Options.Knobs).
type Knob = classify.Knob

// Date is one date a sentence mentions.
type Date struct {
	Mention  dates.Mention
	Section  string // the data.Section* its sentence sits in, "" for none
	Sentence string
	Roles    string // what the sentence says the date marks: start, impact, detect, leadup...
}

// Explain is Extract plus how the article was reached. The dates are those
// the incident finder weighed, year-less ones with the year it gave them
// (Mention.HasYear tells them apart).
func (e *Extractor) Explain(in Input) (data.Article, Trace, error) {
	a, an, err := e.extract(in)
	if err != nil {
		return a, Trace{}, err
	}
	t := Trace{Raw: an.cls.Raw, Units: an.doc.Explain(), Features: an.doc.Features(), Terms: an.doc.Terms()}
	for _, c := range dates.Candidates(an.dates) {
		d := Date{Mention: c.Mention, Roles: c.Roles, Sentence: an.dates.Title}
		if i := c.Mention.Pos(); i > 0 {
			d.Section, d.Sentence = an.sents[i-1].Section, an.sents[i-1].Text
		}
		t.Dates = append(t.Dates, d)
	}
	return a, t, nil
}

// MatchSentence returns the taxonomy patterns of language lang (or of any
// language) that match s and whether each votes or a negation silences it.
func (e *Extractor) MatchSentence(s, lang string) []PatternMatch {
	return e.classifier.MatchSentence(s, lang)
}

// SentenceReading is how the classifier reads one sentence (ReadSentence).
type SentenceReading = classify.SentenceReading

// ReadSentence reads s as one sentence of a post's story, outside any known
// section: whether it states a cause or imagines, and what each category's
// patterns vote on it.
func (e *Extractor) ReadSentence(s, lang string) SentenceReading {
	return e.classifier.ReadSentence(s, lang)
}

// Knobs returns the classifier's tuning values, by the names Options.Knobs
// takes.
func (e *Extractor) Knobs() []Knob { return e.classifier.Knobs() }
