package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Searches score term at a time: each leaf of the query (a term in a field,
// or a phrase, prefix or fuzzy word bleve matches) walks its postings once,
// adding its share of the score to an array indexed by record number and
// marking which text clause it belongs to. A record matches when enough
// clauses marked it. This touches each posting once, with no per-record
// merging of iterators, which is what made bleve's document-at-a-time
// searchers cost microseconds per matching record at 100k records.
//
// A term's share is boost * sqrt(freq) * norm * idf², idf = 1 + ln(N/(df+1)):
// tf-idf with field length normalisation, as bleve and Lucene's classic
// similarity score. Leaves bleve matches (phrases, prefixes, fuzzy words,
// words of several terms) add bleve's own score of the leaf, times its boost
// and genericScale.

// maxClauses is how many text clauses a search may have: each is a bit of
// a uint64 mask whose top bit marks the records touched.
const maxClauses = 63

const touchedBit = uint64(1) << 63

// genericScale brings bleve's score of a leaf searched alone (normalised to
// about tf * idf * norm) to the scale of a term's share (tf * idf² * norm).
const genericScale = 3.0

// leaf is one source of matches: a single analysed term in a field, read
// from its postings, or a bleve query.
type leaf struct {
	field string
	term  []byte   // when set, the leaf is this term in field
	q     bq.Query // otherwise this query
	boost float64
}

// query returns the leaf as a bleve query.
func (l leaf) query() bq.Query {
	if l.q != nil {
		return l.q
	}
	t := bq.NewTermQuery(string(l.term))
	t.SetField(l.field)
	t.SetBoost(l.boost)
	return t
}

// leavesQuery ORs leaves into one bleve query; no leaf matches nothing.
func leavesQuery(leaves []leaf) bq.Query {
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

// scorer runs leaves against one snapshot.
type scorer struct {
	r      bindex.IndexReader
	segs   *segmentView            // nil: read postings through bleve
	looked map[string]termPostings // postings looked up, by field and term
	// idCands and ids are the last candidates whose ids idsOf looked up.
	idCands []uint32
	ids     []string
	m       mapping.IndexMapping
	acc     *accumulator
	n       float64 // records in the snapshot, for idf
}

// run adds one leaf's matches, marking them with bits. With need set,
// only records already marked with every bit of need count.
func (s *scorer) run(ctx context.Context, l leaf, bits, need uint64, cands []uint32) error {
	if l.term == nil {
		return s.runQuery(ctx, l, bits, need, cands)
	}
	add := func(w float64) func(d uint32, freq uint64, norm float64) {
		return func(d uint32, freq uint64, norm float64) {
			if need != 0 && (int(d) >= len(s.acc.mask) || s.acc.mask[d]&need != need) {
				return
			}
			s.acc.add(d, w*sqrtOf(freq)*norm, bits)
		}
	}
	if s.segs != nil {
		tp, err := s.postings(l)
		if err != nil {
			return fmt.Errorf("postings of %s:%s: %w", l.field, l.term, err)
		}
		if tp.df == 0 {
			return nil
		}
		w := s.weight(l.boost, tp.df)
		approx := s.n >= approxMinRecords && float64(tp.df) > s.n/approxShare
		if need != 0 && tp.df > skipRatio*uint64(len(cands)) {
			// Few candidates left: visit them, not the term's postings.
			mean := 0.0
			if approx {
				if mean, err = tp.sampleMean(); err != nil {
					return err
				}
			}
			return tp.at(ctx, cands, !approx, func(d uint32, freq uint64, norm float64) {
				if approx {
					s.acc.add(d, w*mean, bits)
				} else {
					s.acc.add(d, w*sqrtOf(freq)*norm, bits)
				}
			})
		}
		if approx {
			one := func(d uint32, tfNorm float64) {
				if need == 0 || (int(d) < len(s.acc.mask) && s.acc.mask[d]&need == need) {
					s.acc.add(d, w*tfNorm, bits)
				}
			}
			return tp.eachApprox(ctx, one, func(ds []uint32, tfNorm float64) {
				sc, mask := w*tfNorm, s.acc.mask
				for _, d := range ds {
					if need == 0 || (int(d) < len(mask) && mask[d]&need == need) {
						s.acc.add(d, sc, bits)
					}
				}
			})
		}
		return tp.each(ctx, add(w))
	}
	tfr, err := s.r.TermFieldReader(ctx, l.term, l.field, true, true, false)
	if err != nil {
		return fmt.Errorf("postings of %s:%s: %w", l.field, l.term, err)
	}
	defer tfr.Close()
	df := tfr.Count()
	if df == 0 {
		return nil
	}
	fn := add(s.weight(l.boost, df))
	var tfd bindex.TermFieldDoc
	for i := 0; ; i++ {
		if i%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p, err := tfr.Next(&tfd)
		if err != nil {
			return err
		}
		if p == nil {
			return nil
		}
		fn(uint32(p.ID.Value()), p.Freq, p.Norm)
	}
}

// postings looks a term leaf's postings up once per search: ordering the
// clauses and running them both need them.
func (s *scorer) postings(l leaf) (termPostings, error) {
	key := l.field + "\x00" + string(l.term)
	if tp, ok := s.looked[key]; ok {
		return tp, nil
	}
	tp, err := s.segs.lookup(l.field, l.term)
	if err != nil {
		return termPostings{}, err
	}
	if s.looked == nil {
		s.looked = map[string]termPostings{}
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

// idsOf returns the ids of the records cands, reusing the last answer
// while the candidates are the same.
func (s *scorer) idsOf(cands []uint32) ([]string, error) {
	if len(cands) > 0 && len(s.idCands) == len(cands) && &s.idCands[0] == &cands[0] {
		return s.ids, nil
	}
	ids := make([]string, 0, len(cands))
	for _, d := range cands {
		id, err := s.r.ExternalID(bindex.NewIndexInternalID(nil, uint64(d)))
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	s.idCands, s.ids = cands, ids
	return ids, nil
}

// A term held by more than one record in approxShare, in an index of at
// least approxMinRecords, weighs so little (idf² below 5) that its exact
// share in each record cannot reorder the first results: the scorer gives
// every record past a sample of its postings the sample's mean share,
// reading record numbers only (postings.go).
const (
	approxShare      = 8
	approxMinRecords = 10_000
)

// skipRatio is how many more postings than candidates a term must have
// for visiting the candidates to beat reading its postings.
const skipRatio = 2

// maxRestricted is how many candidates a bleve-searched leaf is limited to
// by their ids; beyond, it searches every record.
const maxRestricted = 256

// runQuery adds the matches of a leaf bleve searches. With few
// candidates, the leaf only looks at them: a phrase over common words
// would otherwise check every record holding them.
func (s *scorer) runQuery(ctx context.Context, l leaf, bits, need uint64, cands []uint32) error {
	q := l.q
	if need != 0 && len(cands) <= maxRestricted {
		if len(cands) == 0 {
			return nil
		}
		ids, err := s.idsOf(cands)
		if err != nil {
			return err
		}
		only := bq.NewDocIDQuery(ids)
		only.SetBoost(0) // restricts without scoring
		q = bq.NewConjunctionQuery([]bq.Query{only, l.q})
	}
	return eachMatch(ctx, s.r, s.m, q, true, func(d uint32, score float64) {
		if need == 0 || (int(d) < len(s.acc.mask) && s.acc.mask[d]&need == need) {
			s.acc.add(d, l.boost*genericScale*score, bits)
		}
	})
}

// scoreText scores the plan's text: every clause's leaves, then the
// leaves that only add score. It returns the mask of all clauses and the
// records to consider. When every clause is required, clauses run from the
// one with the fewest postings on, each only at the records all earlier
// ones matched: later, common words skip most of their postings.
func (s *scorer) scoreText(ctx context.Context, p *plan, spec runSpec) (uint64, []uint32, error) {
	var all uint64
	for i := range p.text {
		all |= uint64(1) << i
	}
	if spec.min < len(p.text) || spec.partial || len(p.text) == 1 {
		for i, leaves := range p.text {
			for _, l := range leaves {
				if err := s.run(ctx, l, uint64(1)<<i, 0, nil); err != nil {
					return 0, nil, err
				}
			}
		}
		for _, l := range p.boost {
			if err := s.run(ctx, l, 0, 0, nil); err != nil {
				return 0, nil, err
			}
		}
		return all, s.acc.touched, nil
	}
	var need uint64
	var cands []uint32
	for _, i := range s.byCost(ctx, p.text) {
		bit := uint64(1) << i
		for _, l := range p.text[i] {
			if err := s.run(ctx, l, bit, need, cands); err != nil {
				return 0, nil, err
			}
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
	for _, l := range p.boost {
		if err := s.run(ctx, l, 0, need, best); err != nil {
			return 0, nil, err
		}
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
	top := pageHeap{keep: n, less: worseFor(SortRelevance, true)}
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

// byCost orders clauses by their postings, fewest first. A leaf bleve
// searches (a phrase, prefix or fuzzy word) counts as genericCost of the
// records: phrases are mostly synonyms of rare words, and treating them as
// the most costly would put the rarest word last.
func (s *scorer) byCost(ctx context.Context, clauses [][]leaf) []int {
	cost := make([]uint64, len(clauses))
	order := make([]int, len(clauses))
	for i, leaves := range clauses {
		order[i] = i
		for _, l := range leaves {
			if l.term == nil {
				cost[i] += uint64(s.n * genericCost)
				continue
			}
			df, err := s.docFreq(ctx, l)
			if err != nil {
				continue
			}
			cost[i] += df
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost[a], cost[b]) })
	return order
}

// genericCost is the share of the records a leaf bleve searches is taken
// to cost when ordering clauses.
const genericCost = 0.05

// docFreq is how many records hold a term leaf.
func (s *scorer) docFreq(ctx context.Context, l leaf) (uint64, error) {
	if s.segs != nil {
		tp, err := s.postings(l)
		return tp.df, err
	}
	return docCount(ctx, s.r, l.field, l.term)
}

// matches reports whether a record with clause marks mask holds enough of
// the clauses for spec: at least spec.min, and not all of them when
// spec.partial.
func matches(mask, all uint64, spec runSpec) bool {
	mask &^= touchedBit
	if mask == 0 {
		return false
	}
	if spec.partial && mask == all {
		return false
	}
	return bits.OnesCount64(mask) >= spec.min
}
