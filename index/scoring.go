package index

import "github.com/pmkb/pmkb/index/engine"

// Scoring models Options.Scoring accepts: how index/engine weighs the
// terms a search finds. BM25 is BM25F over the text fields (textFields
// gives each its weight and length normalisation); tf-idf is bleve's
// formula, field by field. The model applies to every search from Open
// on, whatever model the index was built with.
// BM25 is the default: on the blind judged set's tuning half it lifts
// nDCG@10 from 0.610 to 0.709 (pmkb eval search --scoring), and on the
// older sets from 0.949 to 0.957 (judgments.yaml) and 0.881 to 0.926
// (corpus-judgments.yaml); TestScoringModels keeps the comparison.
const (
	ScoringBM25    = "bm25"
	ScoringTFIDF   = "tfidf"
	DefaultScoring = ScoringBM25
)

// textFields are the analysed fields with their weights: title, root
// cause and company count most, then the summary and the tags, then the
// body. Short texts share a field, each value its own array element (a
// phrase never spans two): a word costs a search three term lookups per
// language instead of six, for about the same ranking (as the relevance
// harness, pmkb eval search, measured when the fields were merged).
//
// Under BM25 each field also has its length normalisation: b, and a floor
// (a share of the field's mean length) below which a shorter field counts
// no more, so that a two-word title is not five times as much about its
// words as a ten-word one. The summary stands in for the body of a record
// whose page was never read (a list entry): what the list says of it is
// all that is known of its text, not a body that lacks the word.
var textFields = []struct {
	name      string
	boost     float64
	b, floor  float64
	standsFor string
}{
	{fHead, 3, 0.3, 0.5, ""}, {fMid, 2, 0.3, 0.5, fBody}, {fBody, 1, 0.75, 0.25, ""},
}

// scoringModel is the engine's model of a scoring name (validated by
// newMapping).
func scoringModel(scoring string) engine.Model {
	m := engine.Model{BM25: scoring != ScoringTFIDF, K1: bm25K1, Fields: map[string]engine.Field{}}
	for _, f := range textFields {
		for _, sfx := range []string{"", frSuffix} {
			fm := engine.Field{Weight: f.boost, B: f.b, Floor: f.floor}
			if f.standsFor != "" {
				fm.StandsFor = f.standsFor + sfx
			}
			m.Fields[f.name+sfx] = fm
		}
	}
	return m
}

// bm25K1 is BM25's k1: how fast a term's occurrences in a record saturate.
const bm25K1 = 1.2
