package engine

import "math"

// Model is how a search weighs the postings it reads: tf-idf term by term
// (bleve's formula, the zero value), or BM25F, which adds up a term's
// occurrences over the fields of a record, each field with its own weight
// and length normalisation, before saturating them once. Under tf-idf a
// field's weight multiplies its leaves' shares; fields the model does not
// list weigh 1.
type Model struct {
	BM25   bool
	K1     float64          // BM25: how fast a term's occurrences saturate (0 means 1.2)
	Fields map[string]Field // by field name
}

// Field is how one field counts.
type Field struct {
	Weight float64 // a match here against one in a field of weight 1 (0 means 1)
	// B is how much BM25 normalises the field by its length: 0 not at
	// all, 1 fully (a match in a field twice the mean length counts half).
	B float64
	// Floor is the shortest length BM25 normalises by, as a share of the
	// field's mean length: a title of two words is not five times as
	// much about its words as a title of ten.
	Floor float64
	// StandsFor names a field this one stands in for in records that lack
	// it: BM25 counts a match here with both fields' weights there (a list
	// entry's blurb is all that is known of the page no one read; an
	// unread body is not a body without the word).
	StandsFor string
}

// defaultK1 is BM25's usual k1.
const defaultK1 = 1.2

// k1 is the model's k1.
func (m *Model) k1() float64 {
	if m.K1 > 0 {
		return m.K1
	}
	return defaultK1
}

// field returns how field counts.
func (m *Model) field(name string) Field {
	f, ok := m.Fields[name]
	if !ok {
		return Field{Weight: 1}
	}
	if f.Weight == 0 {
		f.Weight = 1
	}
	return f
}

// weight is field's weight.
func (m *Model) weight(name string) float64 { return m.field(name).Weight }

// bm25IDF is BM25's idf of a term held by df of n records.
func bm25IDF(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
