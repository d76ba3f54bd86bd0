package index

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
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

// accumulator holds the scores and clause marks of one search, by record
// number. touched lists the records marked or scored, to walk and to reset.
type accumulator struct {
	score   []float64
	mask    []uint64
	touched []uint32
}

var accumulators = sync.Pool{New: func() any { return &accumulator{} }}

// getAccumulator returns a cleared accumulator for records below n.
func getAccumulator(n int) *accumulator {
	a := accumulators.Get().(*accumulator)
	if len(a.score) < n {
		a.score, a.mask = make([]float64, n), make([]uint64, n)
	}
	return a
}

// release clears the records touched and returns a to the pool.
func (a *accumulator) release() {
	for _, d := range a.touched {
		a.score[d], a.mask[d] = 0, 0
	}
	a.touched = a.touched[:0]
	accumulators.Put(a)
}

// add scores record d and marks it with bits.
func (a *accumulator) add(d uint32, s float64, bits uint64) {
	if int(d) >= len(a.score) {
		return // not in the snapshot's columns: a record written since
	}
	if a.mask[d] == 0 {
		a.touched = append(a.touched, d)
	}
	a.score[d] += s
	a.mask[d] |= bits | touchedBit
}

// scorer runs leaves against one snapshot.
type scorer struct {
	r   bindex.IndexReader
	m   mapping.IndexMapping
	acc *accumulator
	n   float64 // records in the snapshot, for idf
}

// run adds one leaf's matches, marking them with bits.
func (s *scorer) run(ctx context.Context, l leaf, bits uint64) error {
	if l.term == nil {
		return s.runQuery(ctx, l, bits)
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
	idf := 1 + math.Log(s.n/float64(df+1))
	w := l.boost * idf * idf
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
		s.acc.add(uint32(p.ID.Value()), w*math.Sqrt(float64(p.Freq))*p.Norm, bits)
	}
}

// runQuery adds the matches of a leaf bleve searches.
func (s *scorer) runQuery(ctx context.Context, l leaf, bits uint64) error {
	srch, err := l.q.Searcher(ctx, s.r, s.m, search.SearcherOptions{})
	if err != nil {
		return err
	}
	defer srch.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(srch.DocumentMatchPoolSize(), 0), IndexReader: s.r}
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := srch.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		s.acc.add(uint32(dm.IndexInternalID.Value()), l.boost*genericScale*dm.Score, bits)
		sctx.DocumentMatchPool.Put(dm)
	}
}

// scoreText scores the plan's text: every clause's leaves, then the
// leaves that only add score. It returns the mask of all clauses.
func (s *scorer) scoreText(ctx context.Context, p *plan) (uint64, error) {
	var all uint64
	for i, leaves := range p.text {
		bit := uint64(1) << i
		all |= bit
		for _, l := range leaves {
			if err := s.run(ctx, l, bit); err != nil {
				return 0, err
			}
		}
	}
	for _, l := range p.boost {
		if err := s.run(ctx, l, 0); err != nil {
			return 0, err
		}
	}
	return all, nil
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
