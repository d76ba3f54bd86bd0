package engine

import (
	"context"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/segment"
)

// Searches score term at a time: each leaf walks its postings once, adding
// its share of the score to an array indexed by record number and marking
// which text clause it belongs to. A record matches when enough clauses
// marked it. This touches each posting once, with no per-record merging of
// iterators, which is what made bleve's document-at-a-time searchers cost
// microseconds per matching record at 100k records.
//
// A term's share is boost * sqrt(freq) * norm * idf², with norm =
// 1/sqrt(field length) and idf = 1 + ln(N/(df+1)): tf-idf with field length
// normalisation, the share bleve's tf-idf gives a term inside a
// disjunction before it applies queryNorm and coord (TestScoresAgreeWithBleve
// holds the two together). Leaves bleve runs (phrases, prefixes, fuzzy
// words, words of several terms) add bleve's own score of the leaf, times
// its boost and genericScale.

// touchedBit marks, in a record's clause mask, that a leaf touched it.
const touchedBit = uint64(1) << 63

// genericScale brings bleve's score of a leaf searched alone (normalised to
// about tf * idf * norm) to the scale of a term's share (tf * idf² * norm).
const genericScale = 3.0

// A term held by more than one record in approxShare, in an index of at
// least approxMinRecords, weighs so little (idf² below 5) that its exact
// share in each record cannot reorder the first results: the scorer gives
// every record past a sample of its postings the sample's mean share,
// reading record numbers only.
const (
	approxShare      = 8
	approxMinRecords = 10_000
	approxSample     = 512 // postings read in full before record numbers alone
)

// skipRatio is how many more postings than candidates a term must have
// for visiting the candidates to beat reading its postings.
const skipRatio = 2

// maxRestricted is how many candidates a leaf bleve runs is limited to by
// their ids; beyond, it searches every record.
const maxRestricted = 256

// scorer runs leaves against one snapshot.
type scorer struct {
	snap   *segment.Snapshot
	m      mapping.IndexMapping
	acc    *accumulator
	model  *Model
	cols   *columns
	n      float64                     // records in the snapshot, for idf
	looked map[string]segment.Postings // postings looked up, by field and term
	// idCands and ids are the last candidates whose ids idsOf looked up.
	idCands     []uint32
	ids         []string
	matched     map[bq.Query][]queryMatch // the matches of leaves bleve ran over every record
	intersected map[string][]uint32       // the records of all-terms leaves, by field and terms
	shareDF     bool                      // Request.ShareDF
}

// newScorer returns a scorer of snap with model, adding into acc.
func newScorer(snap *segment.Snapshot, m mapping.IndexMapping, acc *accumulator, model *Model, cols *columns) (*scorer, error) {
	n, err := snap.Reader().DocCount()
	if err != nil {
		return nil, err
	}
	return &scorer{snap: snap, m: m, acc: acc, model: model, cols: cols, n: float64(n)}, nil
}

// runClause adds the matches of one clause's leaves, marking them with
// bits (see run): under tf-idf leaf by leaf, under BM25 term by term.
func (s *scorer) runClause(ctx context.Context, leaves []Leaf, bits, need uint64, cands []uint32) error {
	if s.model.BM25 {
		return s.runTerms(ctx, leaves, bits, need, cands)
	}
	for _, l := range leaves {
		if err := s.run(ctx, l, bits, need, cands); err != nil {
			return err
		}
	}
	return nil
}

// run adds one leaf's matches, marking them with bits. With need set, only
// records already marked with every bit of need count, and cands are those
// records, in order.
func (s *scorer) run(ctx context.Context, l Leaf, bits, need uint64, cands []uint32) error {
	if l.allTerms() {
		df, err := s.rarest(l)
		if err != nil || df == 0 {
			return err
		}
		w := s.weight(l.Boost*s.model.weight(l.Field), df)
		return s.eachAll(ctx, l, need, cands, func(d uint32, freq, length uint64) {
			s.acc.add(d, w*sqrtOf(freq)*invSqrt(length), bits)
		})
	}
	if l.Term == nil {
		return s.runQuery(ctx, l, bits, need, cands)
	}
	tp, err := s.postings(l)
	if err != nil {
		return fmt.Errorf("postings of %s:%s: %w", l.Field, l.Term, err)
	}
	df := tp.DocFreq()
	if df == 0 {
		return nil
	}
	w := s.weight(l.Boost*s.model.weight(l.Field), df)
	approx := s.n >= approxMinRecords && float64(df) > s.n/approxShare
	switch {
	case need != 0 && df > skipRatio*uint64(len(cands)):
		// Few candidates left: visit them, not the term's postings.
		return s.runAt(ctx, tp, w, approx, bits, cands)
	case approx:
		return s.runApprox(ctx, tp, w, bits, need)
	}
	return tp.Each(ctx, func(d uint32, freq, length uint64) bool {
		if s.needs(d, need) {
			s.acc.add(d, w*sqrtOf(freq)*invSqrt(length), bits)
		}
		return true
	})
}

// needs reports whether record d is marked with every bit of need.
func (s *scorer) needs(d uint32, need uint64) bool {
	return need == 0 || (int(d) < len(s.acc.mask) && s.acc.mask[d]&need == need)
}

// runAt adds a term's share at the candidates holding it: exactly, or
// for a common term, the mean share of a sample of its postings.
func (s *scorer) runAt(ctx context.Context, tp segment.Postings, w float64, approx bool, bits uint64, cands []uint32) error {
	if !approx {
		return tp.At(ctx, cands, func(d uint32, freq, length uint64) {
			s.acc.add(d, w*sqrtOf(freq)*invSqrt(length), bits)
		})
	}
	mean, err := sampleMean(ctx, tp)
	if err != nil {
		return err
	}
	return tp.Holding(ctx, cands, func(d uint32) { s.acc.add(d, w*mean, bits) })
}

// runApprox adds a common term's share: exactly at the records of a sample
// of its postings, then the sample's mean at the records after it, reading
// record numbers only (several times faster).
func (s *scorer) runApprox(ctx context.Context, tp segment.Postings, w float64, bits, need uint64) error {
	sampled, sum, last := 0, 0.0, uint32(0)
	err := tp.Each(ctx, func(d uint32, freq, length uint64) bool {
		tfNorm := sqrtOf(freq) * invSqrt(length)
		if s.needs(d, need) {
			s.acc.add(d, w*tfNorm, bits)
		}
		sampled++
		sum += tfNorm
		last = d
		return sampled < approxSample
	})
	if err != nil || sampled < approxSample {
		return err // all postings read
	}
	sc := w * (sum / float64(sampled))
	return tp.DocsFrom(ctx, last+1, func(ds []uint32) {
		mask := s.acc.mask
		for _, d := range ds {
			if need == 0 || (int(d) < len(mask) && mask[d]&need == need) {
				s.acc.add(d, sc, bits)
			}
		}
	})
}

// sampleMean is the mean sqrt(freq) * norm of a term's first approxSample
// postings.
func sampleMean(ctx context.Context, tp segment.Postings) (float64, error) {
	n, sum := 0, 0.0
	err := tp.Each(ctx, func(_ uint32, freq, length uint64) bool {
		sum += sqrtOf(freq) * invSqrt(length)
		n++
		return n < approxSample
	})
	if err != nil || n == 0 {
		return 0, err
	}
	return sum / float64(n), nil
}

// postings looks a term leaf's postings up once per search: ordering the
// clauses and running them both need them.
func (s *scorer) postings(l Leaf) (segment.Postings, error) {
	key := l.Field + "\x00" + string(l.Term)
	if tp, ok := s.looked[key]; ok {
		return tp, nil
	}
	tp, err := s.snap.Postings(l.Field, l.Term)
	if err != nil {
		return segment.Postings{}, err
	}
	if s.looked == nil {
		s.looked = map[string]segment.Postings{}
	}
	s.looked[key] = tp
	return tp, nil
}

// weight is a term's share per unit of sqrt(freq) * norm: boost * idf².
func (s *scorer) weight(boost float64, df uint64) float64 {
	idf := 1 + math.Log(s.n/float64(df+1))
	return boost * idf * idf
}

// sqrtOf is sqrt(f), from a table for the small frequencies most are.
func sqrtOf(f uint64) float64 {
	if f < uint64(len(sqrtTable)) {
		return sqrtTable[f]
	}
	return math.Sqrt(float64(f))
}

var sqrtTable = func() []float64 {
	t := make([]float64, 64)
	for i := range t {
		t[i] = math.Sqrt(float64(i))
	}
	return t
}()

// invSqrt is the norm of a field length n: 1/sqrt(n) rounded to float32,
// as bleve stores norms; 0 for 0.
func invSqrt(n uint64) float64 {
	if n < uint64(len(invSqrtTable)) {
		return invSqrtTable[n]
	}
	return float64(float32(1 / math.Sqrt(float64(n))))
}

// invSqrtTable holds invSqrt(n) for the field lengths most records have.
var invSqrtTable = func() []float64 {
	t := make([]float64, 4096)
	for n := range t {
		if n > 0 {
			t[n] = float64(float32(1 / math.Sqrt(float64(n))))
		}
	}
	return t
}()

// runQuery adds the matches of a leaf bleve runs. With few candidates, the
// leaf only looks at them: a phrase over common words would otherwise check
// every record holding them.
func (s *scorer) runQuery(ctx context.Context, l Leaf, bits, need uint64, cands []uint32) error {
	w := l.Boost * s.model.weight(l.Field) * genericScale
	return s.eachQueryMatch(ctx, l, true, need, cands, func(d uint32, score float64) {
		if s.needs(d, need) {
			s.acc.add(d, w*score, bits)
		}
	})
}

// restricted returns the query of a leaf bleve runs, limited to the
// candidates when there are few; nil when there are none.
func (s *scorer) restricted(l Leaf, need uint64, cands []uint32) (bq.Query, error) {
	if need == 0 || len(cands) > maxRestricted {
		return l.Query, nil
	}
	if len(cands) == 0 {
		return nil, nil
	}
	ids, err := s.idsOf(cands)
	if err != nil {
		return nil, err
	}
	only := bq.NewDocIDQuery(ids)
	only.SetBoost(0) // restricts without scoring
	return bq.NewConjunctionQuery([]bq.Query{only, l.Query}), nil
}

// idsOf returns the ids of the records cands, reusing the last answer
// while the candidates are the same.
func (s *scorer) idsOf(cands []uint32) ([]string, error) {
	if len(cands) > 0 && len(s.idCands) == len(cands) && &s.idCands[0] == &cands[0] {
		return s.ids, nil
	}
	ids := make([]string, 0, len(cands))
	for _, d := range cands {
		id, err := s.snap.ID(d)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	s.idCands, s.ids = cands, ids
	return ids, nil
}
