package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/segment"
)

// maxTermExpansion bounds how many terms the prefix and fuzzy words of one
// search may expand to, so that no query can make bleve open thousands of
// term searchers.
const maxTermExpansion = 2048

// Search runs q and returns one page of hits with facet counts. A mistake in
// q (syntax, paging, sort, a filter, an unknown category) is a *QueryError.
// The caller's ctx bounds its wall time.
func (ix *Index) Search(ctx context.Context, q Query) (Results, error) {
	start := time.Now()
	p, err := ix.plan(ctx, q)
	if err != nil {
		return Results{}, err
	}
	ctx = context.WithValue(ctx, search.MaxTermSearchersKey, maxTermExpansion)
	browse := strings.TrimSpace(q.Text) == ""
	key := browseKey(p.q)
	if browse {
		if res, _, ok := ix.cache.get(key); ok {
			res.Took = time.Since(start)
			return res, nil
		}
	}
	_, gen, _ := ix.cache.get("")
	res, err := ix.searchPlan(ctx, p)
	if err != nil {
		return Results{}, err
	}
	if browse {
		ix.cache.put(key, gen, res)
	}
	res.Took = time.Since(start)
	return res, nil
}

// searchPlan runs a plan. Records holding all the words come first; when
// they do not fill the page, records holding most of the words, then any of
// them, follow (see runLoose). Only when no record holds all the words typed
// are misspelt words corrected: when the corrected query finds records
// holding all its words (or the typed words found nothing at all), its
// results come back with DidYouMean set. Records holding all the typed
// words are never replaced.
func (ix *Index) searchPlan(ctx context.Context, p *plan) (Results, error) {
	res, err := ix.runLoose(ctx, p)
	if err != nil || res.allWords > 0 || len(p.text) == 0 {
		return res, err
	}
	fixed, err := ix.corrected(ctx, p)
	if err != nil || fixed == nil {
		return res, err
	}
	alt, err := ix.runLoose(ctx, fixed)
	if err != nil {
		return Results{}, err
	}
	if alt.allWords > 0 || (res.Total == 0 && alt.Total > 0) {
		alt.DidYouMean = fixed.q.Text
		return alt, nil
	}
	return res, nil
}

// runLoose runs the plan requiring all words; when fewer than relaxTarget
// records hold them all, records holding most of the words (or, failing
// that, any) follow, ranked after every record that holds them all. With a date sort it
// relaxes the same way but orders the whole set by date.
func (ix *Index) runLoose(ctx context.Context, p *plan) (Results, error) {
	n := len(p.text)
	// How far to relax does not depend on the page asked for, so that
	// paging through results sees one total and one order.
	want := uint64(relaxTarget)
	page := runSpec{min: n, from: p.q.From, size: p.q.Size, facets: true}
	if len(p.like) > 0 && p.q.Sort == SortRelevance {
		// A long query (a sentence, a pasted line) rarely has a record
		// holding all its words: one run over the records holding any,
		// ranked by its words and by "like mine" (plan.like), ranks as
		// well as the tiers of all, most and any, in one run instead of
		// three.
		page.min = 1
		res, err := ix.run(ctx, p, page)
		res.allWords = res.Total // corrected (did you mean) only when nothing matches
		return res, err
	}
	if p.q.Sort != SortRelevance {
		var res Results
		var err error
		var all uint64
		for i, m := range relaxSteps(n) {
			page.min = m
			if res, err = ix.run(ctx, p, page); i == 0 {
				all = res.Total
			}
			if err != nil || res.Total >= want {
				break
			}
		}
		res.allWords = all
		return res, err
	}
	strict, err := ix.run(ctx, p, page)
	strict.allWords = strict.Total
	if err != nil || n <= 1 || strict.Total >= want {
		return strict, err
	}
	var loose Results
	m := 0
	for _, m = range relaxSteps(n)[1:] {
		if loose, err = ix.run(ctx, p, runSpec{min: m, facets: true}); err != nil || loose.Total >= want {
			break
		}
	}
	if err != nil || loose.Total <= strict.Total {
		return strict, err
	}
	loose.Hits, loose.allWords = strict.Hits, strict.Total
	if rest := p.q.Size - len(strict.Hits); rest > 0 {
		from := max(0, p.q.From-int(strict.Total))
		more, err := ix.run(ctx, p, runSpec{min: m, from: from, size: rest, partial: true})
		if err != nil {
			return Results{}, err
		}
		loose.Hits = append(loose.Hits, more.Hits...)
	}
	return loose, nil
}

// relaxTarget is how many records a search wants before it stops relaxing
// how many of the words a record must hold.
const relaxTarget = DefaultSize

// relaxSteps are the numbers of n words a search requires, in the order
// it tries them: all, most, one.
func relaxSteps(n int) []int {
	steps := []int{n}
	if m := mostOf(n); m < n {
		steps = append(steps, m)
	}
	if steps[len(steps)-1] > 1 {
		steps = append(steps, 1)
	}
	return steps
}

// runSpec says what one run of a plan asks for: min of the text clauses, a
// page of hits (size 0 for counts only), the facets or not, and whether
// records holding all the clauses are left out (partial).
type runSpec struct {
	min, from, size int
	facets, partial bool
}

// mostOf is how many of n words a relaxed search requires: two thirds,
// rounded down, at least one.
func mostOf(n int) int {
	return max(1, int(math.Floor(float64(n)*2/3)))
}

// run runs the plan, requiring spec.min of the text clauses, on one
// snapshot of the live index: the page of hits and the facets.
func (ix *Index) run(ctx context.Context, p *plan, spec runSpec) (Results, error) {
	var res Results
	err := ix.withReader(ctx, func(snap *segment.Snapshot) error {
		return ix.eng.Collect(ctx, snap, ix.live.Mapping(), p.request(spec), func(c *engine.Collection) error {
			var err error
			res, err = ix.results(ctx, snap, p, spec, c)
			return err
		})
	})
	if err != nil {
		return Results{}, searchError(err)
	}
	return res, nil
}

// facetValues are the engine's values of a facet as the index lists them.
func facetValues(vs []engine.FacetValue) []FacetValue {
	out := make([]FacetValue, len(vs))
	for i, v := range vs {
		out[i] = FacetValue{Value: v.Value, Count: v.Count}
	}
	return out
}

// request is what the engine runs for one run of the plan.
func (p *plan) request(spec runSpec) engine.Request {
	order := engine.ByScore
	switch p.q.Sort {
	case SortNewest:
		order = engine.Newest
	case SortOldest:
		order = engine.Oldest
	}
	return engine.Request{
		Clauses: p.text, Min: spec.min, Partial: spec.partial, Boosts: p.boost,
		Not: p.mustNot, Filters: p.base, Exclude: p.exclude, Facets: p.facets,
		Order: order, Keep: spec.from + spec.size,
		Like: p.like, LikeWeight: p.likeWeight, LikeScores: &p.likes,
		ShareDF: p.french,
	}
}

// results builds the page and the facets of a finished run.
func (ix *Index) results(ctx context.Context, snap *segment.Snapshot, p *plan, spec runSpec, c *engine.Collection) (Results, error) {
	res := Results{Total: c.Total(), Hits: []Hit{}, Facets: map[string][]FacetValue{}}
	if spec.facets {
		for _, f := range c.Facets() {
			res.Facets[f.Name] = facetValues(f.Values)
			if f.Other > 0 {
				if res.FacetOther == nil {
					res.FacetOther = map[string]int{}
				}
				res.FacetOther[f.Name] = f.Other
			}
		}
	}
	page := c.Best()
	if spec.from >= len(page) {
		return res, nil
	}
	for _, m := range page[spec.from:min(len(page), spec.from+spec.size)] {
		if err := ctx.Err(); err != nil {
			return Results{}, err
		}
		rec, err := loadRecord(snap, m.Doc)
		if err != nil {
			return Results{}, err
		}
		hit, err := ix.hitOf(rec, m.Score, p)
		if err != nil {
			return Results{}, err
		}
		res.Hits = append(res.Hits, hit)
	}
	if p.q.Sort == SortRelevance {
		sortTies(res.Hits)
	}
	return res, nil
}

// sortTies orders hits of equal score by id, so that a page reads the same
// whichever order bleve happened to store tied records in.
func sortTies(hits []Hit) {
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// searchError wraps a failed search; one cut short by the caller's
// deadline is reported as such.
func searchError(err error) error {
	var qe *QueryError
	if errors.As(err, &qe) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("index: search timed out: %w", err)
	}
	if errors.Is(err, engine.ErrTooManyTerms) {
		return &QueryError{Param: "q", Msg: "a wildcard or fuzzy word matches too many terms; make it longer"}
	}
	return fmt.Errorf("index: search: %w", err)
}
