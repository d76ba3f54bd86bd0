package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/segment"
)

// Request is one search over a snapshot.
type Request struct {
	Clauses [][]Leaf          // text clauses, each the OR of its leaves
	Min     int               // how many clauses a match holds at least
	Partial bool              // leave out the records holding every clause
	Boosts  []Leaf            // leaves that only add score
	Not     []bq.Query        // a match holds none of these
	Filters []Filter          // a match is in every one (filters of the query text)
	Exclude []Filter          // and in none of these
	Facets  map[string]Filter // by facet name: a match is in every one; a facet's counts ignore its own
	Order   Order
	Keep    int // how many of the best matches to keep: from + size of the page
	// Like are the clauses of a more-like-this search (see Similar) that
	// rank the matches with their words' scores: each match's score is
	// its words' score and LikeWeight times its Like score, each divided
	// by its best among the matches. Like finds no match of its own.
	Like       [][]Leaf
	LikeWeight float64
	// LikeScores, when set, keeps the Like clauses' scores between the
	// runs of one search (all the words, then most, then any) on one
	// snapshot, so that they are scored once.
	LikeScores *LikeScores
	// ShareDF weighs a term by its share of the records that have its
	// field rather than of all records: the words of a query in the
	// language of few records are not rare for being in few records.
	ShareDF bool
}

// LikeScores are the scores of a request's Like clauses on one snapshot,
// kept between the runs of a search. Its zero value is empty; it is for
// one search at a time.
type LikeScores struct {
	snap  *segment.Snapshot
	score []float64 // by record number
}

// Collection is a finished search: its matches, the best of them, the
// facet counts. It lives until the function it is handed to returns.
type Collection struct {
	c *collector
}

// Total is how many records match.
func (col *Collection) Total() uint64 { return uint64(len(col.c.hits)) }

// Matches are the record numbers of every match, in no useful order.
func (col *Collection) Matches() []uint32 { return col.c.hits }

// Best returns the Keep best matches, best first.
func (col *Collection) Best() []Match { return col.c.top.best() }

// Collect runs req on snap and hands the outcome to done. Words are scored
// term at a time; filters are bitsets and facets are counted from columns,
// so that a filtered facet costs no second search.
func (e *Engine) Collect(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, req Request, done func(*Collection) error) error {
	ctx = searchContext(ctx, m)
	cols, err := e.columnsFor(ctx, snap, m)
	if err != nil {
		return err
	}
	c, err := e.newCollector(ctx, snap, m, &req, cols)
	if err != nil {
		return err
	}
	// The accumulator's buffers serve the whole search, results
	// included: a search at 100k records would otherwise allocate
	// megabytes, and the collections they cause were most of p99.
	acc := e.accs.get(cols.size)
	c.hits, c.counts, c.accs = acc.hits[:0], acc.counts, e.accs
	defer func() {
		acc.hits, acc.counts = c.hits, c.counts
		e.accs.put(acc)
	}()
	switch {
	case len(req.Clauses) > 0:
		err = c.scoreText(ctx, snap, m, &req, acc)
	case len(req.Not) > 0:
		q := bq.NewBooleanQuery([]bq.Query{bq.NewMatchAllQuery()}, nil, req.Not)
		err = eachMatch(ctx, snap, m, q, c.scored, c.add)
	default:
		c.base.each(func(d uint32) { c.add(d, 0) })
	}
	if err != nil {
		return err
	}
	return done(&Collection{c: c})
}

// collector gathers one search's matches: those passing every filter go to
// the page heap and the facet counts; those failing only one facet's filter
// count for that facet alone.
type collector struct {
	schema   *Schema
	model    *Model
	cols     *columns
	scored   bool
	base     bitset     // primaries passing the text filters
	filtered []int      // the facets with a filter, by index in the schema
	filters  []bitset   // their filters, in the same order
	hits     []uint32   // matches passing every filter
	almost   [][]uint32 // matches failing only filters[i]
	top      pageHeap
	counts   [][]uint64 // facet count buffers, reused between searches
	accs     accumulatorPool
}

// newCollector resolves the request's filters to sets of snap's records.
func (e *Engine) newCollector(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, req *Request, cols *columns) (*collector, error) {
	base := slices.Clone(cols.primary)
	for _, f := range req.Filters {
		b, err := e.snaps.filter(ctx, snap, m, f, cols.size)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		base.and(b)
	}
	for _, f := range req.Exclude {
		b, err := e.snaps.filter(ctx, snap, m, f, cols.size)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		base.andNot(b)
	}
	c := &collector{schema: &e.schema, model: &e.model, cols: cols, base: base, scored: len(req.Clauses) > 0}
	for i, facet := range e.schema.Facets {
		f, ok := req.Facets[facet.Name]
		if !ok {
			continue
		}
		b, err := e.snaps.filter(ctx, snap, m, f, cols.size)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		c.filtered = append(c.filtered, i)
		c.filters = append(c.filters, b)
		c.almost = append(c.almost, nil)
	}
	c.top = pageHeap{keep: req.Keep, less: worseFor(req.Order, c.scored)}
	return c, nil
}

// add takes one match.
func (c *collector) add(d uint32, score float64) {
	if !c.base.has(d) {
		return
	}
	miss := -1
	for i, f := range c.filters {
		if !f.has(d) {
			if miss >= 0 {
				return
			}
			miss = i
		}
	}
	if miss >= 0 {
		c.almost[miss] = append(c.almost[miss], d)
		return
	}
	c.hits = append(c.hits, d)
	if c.top.keep > 0 {
		c.top.offer(pageRef{doc: d, score: score, day: c.cols.day(d)})
	}
}

// scoreText scores the request's words term at a time and collects the
// records holding enough of them, minus those holding a negated word.
func (c *collector) scoreText(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, req *Request, acc *accumulator) error {
	s, err := newScorer(snap, m, acc, c.model, c.cols)
	if err != nil {
		return err
	}
	s.shareDF = req.ShareDF
	all, recs, err := s.scoreText(ctx, req)
	if err != nil {
		return err
	}
	var neg bitset
	if len(req.Not) > 0 {
		if neg, err = matchSet(ctx, snap, m, bq.NewDisjunctionQuery(req.Not), c.cols.size); err != nil {
			return err
		}
	}
	if len(req.Like) > 0 {
		return c.blend(ctx, snap, m, req, acc, all, recs, neg)
	}
	for _, d := range recs {
		if matches(acc.mask[d], all, req.Min, req.Partial) && (neg == nil || !neg.has(d)) {
			c.add(d, acc.score[d])
		}
	}
	return nil
}

// blend collects the matches with their words' score blended with their
// score for the request's Like clauses, each relative to the best match's.
func (c *collector) blend(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, req *Request, acc *accumulator, all uint64, recs []uint32, neg bitset) error {
	kept := make([]uint32, 0, len(recs))
	best := 0.0
	for _, d := range recs {
		if matches(acc.mask[d], all, req.Min, req.Partial) && (neg == nil || !neg.has(d)) {
			kept = append(kept, d)
			best = max(best, acc.score[d])
		}
	}
	likes, err := c.likeScores(ctx, snap, m, req)
	if err != nil {
		return err
	}
	bestLike := 0.0
	for _, d := range kept {
		bestLike = max(bestLike, likes[d])
	}
	for _, d := range kept {
		sc := 0.0
		if best > 0 {
			sc = acc.score[d] / best
		}
		if bestLike > 0 {
			sc += req.LikeWeight * likes[d] / bestLike
		}
		c.add(d, sc)
	}
	return nil
}

// likeScores returns the request's Like scores by record number: those
// kept in req.LikeScores for snap, or scored now (and kept there).
func (c *collector) likeScores(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, req *Request) ([]float64, error) {
	if ls := req.LikeScores; ls != nil && ls.snap != nil && ls.snap.Same(snap) {
		return ls.score, nil
	}
	like := c.accs.get(c.cols.size)
	defer c.accs.put(like)
	s, err := newScorer(snap, m, like, c.model, c.cols)
	if err != nil {
		return nil, err
	}
	if err := s.likeScores(ctx, req.Like); err != nil {
		return nil, err
	}
	out := make([]float64, len(like.score))
	for _, d := range like.touched {
		out[d] = like.score[d]
	}
	if req.LikeScores != nil {
		req.LikeScores.snap, req.LikeScores.score = snap, out
	}
	return out, nil
}
