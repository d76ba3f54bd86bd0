package engine

import bq "github.com/blevesearch/bleve/v2/search/query"

// Leaf is one source of matches: a single analysed term in a field, read
// from its postings, or a query bleve runs (a phrase, a prefix, a fuzzy
// word, several terms).
type Leaf struct {
	Field string
	Term  []byte   // when set, the leaf is this term in Field
	Query bq.Query // otherwise this query
	Boost float64
}

// query returns the leaf as a bleve query.
func (l Leaf) query() bq.Query {
	if l.Query != nil {
		return l.Query
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
