package engine

import (
	"context"
	"math/bits"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/segment"
)

// Similar scores optional clauses on snap, for a more-like-this search: a
// record's score is the sum of its clauses' shares times the share of the
// clauses it holds, so that holding more of them counts most. The record
// skip (an id; "" for none) and hidden records are left out. It returns
// how many records hold a clause and the best size of them, best first,
// each with the clauses it holds.
func (e *Engine) Similar(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, clauses [][]Leaf, skip string, size int) (uint64, []Match, error) {
	ctx = searchContext(ctx, m)
	cols, err := e.columnsFor(ctx, snap, m)
	if err != nil {
		return 0, nil, err
	}
	keep := cols.primary
	if skip != "" {
		self, err := matchSet(ctx, snap, m, bq.NewDocIDQuery([]string{skip}), cols.size)
		if err != nil {
			return 0, nil, err
		}
		keep = slices.Clone(keep)
		keep.andNot(self)
	}
	acc := e.accs.get(cols.size)
	defer e.accs.put(acc)
	s, err := newScorer(snap, m, acc, &e.model, cols)
	if err != nil {
		return 0, nil, err
	}
	if err := s.likeScores(ctx, clauses); err != nil {
		return 0, nil, err
	}
	top := pageHeap{keep: size, less: worseFor(ByScore, true)}
	var total uint64
	for _, d := range acc.touched {
		if !keep.has(d) {
			continue
		}
		total++
		top.offer(pageRef{doc: d, score: acc.score[d]})
	}
	best := top.best()
	for i := range best {
		best[i].Held = acc.mask[best[i].Doc] &^ touchedBit
	}
	return total, best, nil
}

// likeScores scores optional clauses, each record's sum of their shares
// times the share of the clauses it holds, so that holding more of them
// counts most.
func (s *scorer) likeScores(ctx context.Context, clauses [][]Leaf) error {
	if _, _, err := s.scoreText(ctx, &Request{Clauses: clauses, Min: 1}); err != nil {
		return err
	}
	for _, d := range s.acc.touched {
		coord := float64(bits.OnesCount64(s.acc.mask[d]&^touchedBit)) / float64(len(clauses))
		s.acc.score[d] *= coord
	}
	return nil
}
