package engine

import (
	"cmp"
	"context"
	"slices"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/segment"
)

// eachAll calls fn with the records holding every term of an all-terms
// leaf (among those marked with need), counting one occurrence, with the
// field's length from the snapshot's column: the record numbers of the
// rarest term, then the others' bitmaps at them. Reading record numbers
// alone, from bitmaps, costs a fraction of reading postings: these leaves
// are the glossary's multi-word alternatives, many to a search.
func (s *scorer) eachAll(ctx context.Context, l Leaf, need uint64, cands []uint32, fn func(d uint32, freq, length uint64)) error {
	tps := make([]segment.Postings, len(l.Terms))
	for i, t := range l.Terms {
		tp, err := s.postings(Leaf{Field: l.Field, Term: t})
		if err != nil {
			return err
		}
		if tp.DocFreq() == 0 {
			return nil
		}
		tps[i] = tp
	}
	slices.SortFunc(tps, func(a, b segment.Postings) int { return cmp.Compare(a.DocFreq(), b.DocFreq()) })
	var docs []uint32
	var err error
	if need != 0 && tps[0].DocFreq() > skipRatio*uint64(len(cands)) {
		err = tps[0].Holding(ctx, cands, func(d uint32) { docs = append(docs, d) })
	} else {
		err = tps[0].DocsFrom(ctx, 0, func(ds []uint32) {
			for _, d := range ds {
				if s.needs(d, need) {
					docs = append(docs, d)
				}
			}
		})
	}
	if err != nil {
		return err
	}
	held := make([]bool, len(docs))
	for _, tp := range tps[1:] {
		if len(docs) == 0 {
			return nil
		}
		held = held[:len(docs)]
		clear(held)
		i := 0
		err := tp.Holding(ctx, docs, func(d uint32) {
			for docs[i] != d {
				i++
			}
			held[i] = true
		})
		if err != nil {
			return err
		}
		n := 0
		for j, d := range docs {
			if held[j] {
				docs[n] = d
				n++
			}
		}
		docs = docs[:n]
	}
	lens := s.cols.lengths[l.Field]
	for _, d := range docs {
		fn(d, 1, lens.Of(d))
	}
	return nil
}

// queryMatch is a record a leaf bleve runs matched, and its score.
type queryMatch struct {
	doc   uint32
	score float64
}

// eachQueryMatch calls fn with the matches of a leaf bleve runs, among the
// candidates when there are few. A leaf run over every record keeps its
// matches for the rest of the search: a glossary term's alternatives
// stand for each word of the term, and would otherwise run once per word.
func (s *scorer) eachQueryMatch(ctx context.Context, l Leaf, scored bool, need uint64, cands []uint32, fn func(d uint32, score float64)) error {
	if ms, ok := s.matched[l.Query]; ok {
		for _, m := range ms {
			fn(m.doc, m.score)
		}
		return nil
	}
	q, err := s.restricted(l, need, cands)
	if err != nil || q == nil {
		return err
	}
	if q != l.Query {
		return eachMatch(ctx, s.snap, s.m, q, scored, fn)
	}
	var ms []queryMatch
	err = eachMatch(ctx, s.snap, s.m, q, scored, func(d uint32, score float64) {
		ms = append(ms, queryMatch{d, score})
		fn(d, score)
	})
	if err != nil {
		return err
	}
	if s.matched == nil {
		s.matched = map[bq.Query][]queryMatch{}
	}
	s.matched[l.Query] = ms
	return nil
}
