package engine

import (
	"bytes"
	"slices"

	bq "github.com/blevesearch/bleve/v2/search/query"
)

// Leaf is one source of matches: a single analysed term in a field, read
// from its postings; several terms a record must all hold in a field,
// read from theirs; or a query bleve runs (a phrase, a prefix, a fuzzy
// word).
type Leaf struct {
	Field string
	Term  []byte   // when set, the leaf is this term in Field
	Query bq.Query // else, when set, this query
	// Terms are the analysed words of a leaf of several words: without
	// Query, the leaf matches the records holding them all in Field, in
	// any order (a multi-word term in a short field, where holding its
	// words is as good as holding the phrase, at a fraction of a phrase's
	// cost); with one (a phrase), the leaf is taken to be as rare as its
	// rarest word.
	Terms [][]byte
	// Boost is the leaf's weight in the query (1 for a word typed, less
	// for its synonyms); the model adds the weight of its field.
	Boost float64
	// Group, when not 0, makes the consecutive leaves of a clause with the
	// same Group one term under BM25 (a word and its synonyms): their
	// occurrences add up, each leaf's weighed by its Boost against the
	// group's largest, and saturate once, so that a record naming a
	// concept five ways does not count five times. Leaves of Group 0 are
	// grouped by sameTerm.
	Group int
}

// sameTerm reports whether two leaves are one term (or one phrase) in two
// fields: BM25 adds up the occurrences of a clause's consecutive leaves of
// one term before saturating them.
func sameTerm(a, b Leaf) bool {
	if a.Term != nil || b.Term != nil {
		return bytes.Equal(a.Term, b.Term)
	}
	return len(a.Terms) > 0 && slices.EqualFunc(a.Terms, b.Terms, bytes.Equal)
}

// allTerms reports whether the leaf matches the records holding all its
// Terms.
func (l Leaf) allTerms() bool { return l.Term == nil && l.Query == nil && len(l.Terms) > 0 }

// query returns the leaf as a bleve query.
func (l Leaf) query() bq.Query {
	if l.Query != nil {
		return l.Query
	}
	if l.allTerms() {
		qs := make([]bq.Query, len(l.Terms))
		for i, term := range l.Terms {
			t := bq.NewTermQuery(string(term))
			t.SetField(l.Field)
			qs[i] = t
		}
		c := bq.NewConjunctionQuery(qs)
		c.SetBoost(l.Boost)
		return c
	}
	t := bq.NewTermQuery(string(l.Term))
	t.SetField(l.Field)
	t.SetBoost(l.Boost)
	return t
}

// Or joins leaves into one bleve query; no leaf matches nothing.
func Or(leaves []Leaf) bq.Query {
	if len(leaves) == 0 {
		return bq.NewMatchNoneQuery()
	}
	qs := make([]bq.Query, len(leaves))
	for i, l := range leaves {
		qs[i] = l.query()
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bq.NewDisjunctionQuery(qs)
}
