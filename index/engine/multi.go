package engine

import (
	"bytes"
	"cmp"
	"context"
	"slices"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/segment"
)

// eachAll calls fn with the records holding every term of an all-terms
// leaf (among those marked with need), counting one occurrence, with the
// field's length from the snapshot's column: the AND of the terms'
// bitmaps, or with few candidates, the terms' bitmaps at them. Bitmaps
// cost a fraction of postings: these leaves are the glossary's multi-word
// alternatives, many to a search.
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
	if need == 0 || tps[0].DocFreq() <= skipRatio*uint64(len(cands)) {
		all, err := s.intersection(ctx, l, tps)
		if err != nil {
			return err
		}
		for _, d := range all {
			if s.needs(d, need) {
				docs = append(docs, d)
			}
		}
	} else if err := s.holdingAll(ctx, tps, cands, &docs); err != nil {
		return err
	}
	lens := s.cols.lengths[l.Field]
	for _, d := range docs {
		fn(d, 1, lens.Of(d))
	}
	return nil
}

// intersection returns the records holding every term of an all-terms
// leaf, computed once a search: a multi-word term's alternatives stand
// for each of its words.
func (s *scorer) intersection(ctx context.Context, l Leaf, tps []segment.Postings) ([]uint32, error) {
	key := l.Field + "\x00" + string(bytes.Join(l.Terms, []byte{0}))
	if docs, ok := s.intersected[key]; ok {
		return docs, nil
	}
	var docs []uint32
	if err := segment.Intersect(ctx, tps, func(ds []uint32) { docs = append(docs, ds...) }); err != nil {
		return nil, err
	}
	if s.intersected == nil {
		s.intersected = map[string][]uint32{}
	}
	s.intersected[key] = docs
	return docs, nil
}

// holdingAll appends to docs the candidates every one of tps holds: few
// candidates, tested against each term's bitmap.
func (s *scorer) holdingAll(ctx context.Context, tps []segment.Postings, cands []uint32, docs *[]uint32) error {
	if err := tps[0].Holding(ctx, cands, func(d uint32) { *docs = append(*docs, d) }); err != nil {
		return err
	}
	held := make([]bool, len(*docs))
	for _, tp := range tps[1:] {
		ds := *docs
		if len(ds) == 0 {
			return nil
		}
		held = held[:len(ds)]
		clear(held)
		i := 0
		err := tp.Holding(ctx, ds, func(d uint32) {
			for ds[i] != d {
				i++
			}
			held[i] = true
		})
		if err != nil {
			return err
		}
		n := 0
		for j, d := range ds {
			if held[j] {
				ds[n] = d
				n++
			}
		}
		*docs = ds[:n]
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
