package engine

import (
	"cmp"
	"context"
	"math/bits"
	"slices"
)

// scoreText scores a request's text: every clause's leaves, then the
// leaves that only add score. It returns the mask of all clauses and the
// records to consider. When every clause is required, clauses run from the
// one with the fewest postings on, each only at the records all earlier
// ones matched: later, common words skip most of their postings.
func (s *scorer) scoreText(ctx context.Context, req *Request) (uint64, []uint32, error) {
	var all uint64
	for i := range req.Clauses {
		all |= uint64(1) << i
	}
	if req.Min < len(req.Clauses) || req.Partial || len(req.Clauses) == 1 {
		for i, leaves := range req.Clauses {
			if err := s.runClause(ctx, leaves, uint64(1)<<i, 0, nil); err != nil {
				return 0, nil, err
			}
		}
		if err := s.runClause(ctx, req.Boosts, 0, 0, nil); err != nil {
			return 0, nil, err
		}
		return all, s.acc.touched, nil
	}
	var need uint64
	var cands []uint32
	for _, i := range s.byCost(req.Clauses) {
		bit := uint64(1) << i
		if err := s.runClause(ctx, req.Clauses[i], bit, need, cands); err != nil {
			return 0, nil, err
		}
		need |= bit
		cands = s.narrow(cands, need)
		if len(cands) == 0 {
			return all, nil, nil
		}
	}
	// Phrase boosts only reorder the best records: a record holding the
	// phrase holds its words in the same field, which already ranks it
	// high. Checking positions for thousands of records would cost more
	// than the rest of the search.
	best := s.best(cands, boostPool)
	if err := s.runClause(ctx, req.Boosts, 0, need, best); err != nil {
		return 0, nil, err
	}
	return all, cands, nil
}

// boostPool is how many of the best-scored candidates phrase boosts are
// checked against.
const boostPool = 200

// best returns the n candidates with the highest scores so far, or cands
// itself when there are no more.
func (s *scorer) best(cands []uint32, n int) []uint32 {
	if len(cands) <= n {
		return cands
	}
	top := pageHeap{keep: n, less: worseFor(ByScore, true)}
	for _, d := range cands {
		top.offer(pageRef{doc: d, score: s.acc.score[d]})
	}
	out := make([]uint32, len(top.items))
	for i, r := range top.items {
		out[i] = r.doc
	}
	slices.Sort(out)
	return out
}

// narrow returns the records marked with every bit of need, in order:
// after the first clause from the records touched, put in order by a
// bitset (cheaper than sorting them, and than scanning the whole mask
// array, whose unpredictable tests cost 0.3 ms at 100k records), then
// from cands.
func (s *scorer) narrow(cands []uint32, need uint64) []uint32 {
	if cands == nil {
		out := s.acc.cands[:0]
		defer func() { s.acc.cands = out[:0] }()
		seen := s.acc.seenFor(len(s.acc.mask))
		for _, d := range s.acc.touched {
			if s.acc.mask[d]&need == need {
				seen[d>>6] |= 1 << (d & 63)
			}
		}
		seen.each(func(d uint32) { out = append(out, d) })
		clear(seen) // for the next call
		return out
	}
	out := cands[:0]
	for _, d := range cands {
		if s.acc.mask[d]&need == need {
			out = append(out, d)
		}
	}
	return out
}

// byCost orders clauses by their postings, fewest first. A leaf bleve runs
// (a phrase, prefix or fuzzy word) counts as genericCost of the records:
// phrases are mostly synonyms of rare words, and treating them as the most
// costly would put the rarest word last.
func (s *scorer) byCost(clauses [][]Leaf) []int {
	cost := make([]uint64, len(clauses))
	order := make([]int, len(clauses))
	for i, leaves := range clauses {
		order[i] = i
		for _, l := range leaves {
			if l.allTerms() {
				df, err := s.rarest(l)
				if err == nil {
					cost[i] += df
				}
				continue
			}
			if l.Term == nil {
				cost[i] += uint64(s.n * genericCost)
				continue
			}
			tp, err := s.postings(l)
			if err != nil {
				continue
			}
			cost[i] += tp.DocFreq()
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost[a], cost[b]) })
	return order
}

// genericCost is the share of the records a leaf bleve runs is taken to
// cost when ordering clauses.
const genericCost = 0.05

// matches reports whether a record with clause marks mask holds enough of
// the clauses: at least min, and not all of them when partial.
func matches(mask, all uint64, min int, partial bool) bool {
	mask &^= touchedBit
	if mask == 0 {
		return false
	}
	if partial && mask == all {
		return false
	}
	return bits.OnesCount64(mask) >= min
}
