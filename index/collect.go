package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// run executes the plan, requiring spec.min of the text clauses, on one
// snapshot of the live index: the page of hits and the facets.
func (ix *Index) run(ctx context.Context, p *plan, spec runSpec) (Results, error) {
	var res Results
	err := ix.collect(ctx, p, spec, func(ctx context.Context, r bindex.IndexReader, c *collector) error {
		var err error
		res, err = ix.results(ctx, r, p, spec, c)
		return err
	})
	if err != nil {
		return Results{}, searchError(err)
	}
	return res, nil
}

// collect finds the records matching the plan on one snapshot of the live
// index and hands them to done. The words are scored term at a time
// (taat.go); filters are bitsets and facets are counted from columns
// (columns.go), so that a filtered facet costs no second search.
func (ix *Index) collect(ctx context.Context, p *plan, spec runSpec, done func(context.Context, bindex.IndexReader, *collector) error) error {
	return ix.withReader(func(r bindex.IndexReader) error {
		m := ix.live.Mapping()
		ctx := searchContext(ctx, m)
		cols, err := ix.snaps.columnsFor(ctx, r, m)
		if err != nil {
			return err
		}
		c, err := ix.newCollector(ctx, r, m, p, spec, cols)
		if err != nil {
			return err
		}
		// The accumulator's buffers serve the whole search, results
		// included: a search at 100k records would otherwise allocate
		// megabytes, and the collections they cause were most of p99.
		acc := ix.accs.get(cols.size)
		c.hits, c.counts = acc.hits[:0], acc.counts
		defer func() {
			acc.hits, acc.counts = c.hits, c.counts
			ix.accs.put(acc)
		}()
		switch {
		case len(p.text) > 0:
			err = c.scoreText(ctx, r, m, p, spec, acc)
		case len(p.mustNot) > 0:
			err = c.walk(ctx, r, m, bq.NewBooleanQuery([]bq.Query{bq.NewMatchAllQuery()}, nil, p.mustNot))
		default:
			c.walkAll()
		}
		if err != nil {
			return err
		}
		return done(ctx, r, c)
	})
}

// searchContext sets ctx up as bleve's own searches do: the scoring model
// of the index's mapping, and the bound on term searchers
// (search.MaxTermSearchersKey) counted afresh for this search.
func searchContext(ctx context.Context, m mapping.IndexMapping) context.Context {
	model := bindex.DefaultScoringModel
	if im, ok := m.(*mapping.IndexMappingImpl); ok && im.ScoringModel == bindex.BM25Scoring {
		model = bindex.BM25Scoring
	}
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(func() string { return model }))
	return search.ContextWithTermSearchersCounter(ctx)
}

// collector gathers one search's matches: those passing every filter go to
// the page heap and the facet counts; those failing only one facet's filter
// count for that facet alone.
type collector struct {
	cols    *columns
	scored  bool
	base    bitset     // primaries passing the text filters
	names   []string   // filtered facets
	filters []bitset   // their filters, in the order of names
	hits    []uint32   // matches passing every filter
	almost  [][]uint32 // matches failing only names[i]'s filter
	top     pageHeap
	counts  [][]uint64 // facet count buffers, reused between searches
}

// newCollector resolves the plan's filters to sets of r's records.
func (ix *Index) newCollector(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, p *plan, spec runSpec, cols *columns) (*collector, error) {
	base := slices.Clone(cols.primary)
	for _, f := range p.base {
		bm, err := ix.snaps.filter(ctx, r, m, f.key, f.q, cols.size)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		base.and(bm)
	}
	for _, f := range p.exclude {
		bm, err := ix.snaps.filter(ctx, r, m, f.key, f.q, cols.size)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		base.andNot(bm)
	}
	c := &collector{cols: cols, base: base, scored: len(p.text) > 0}
	for _, name := range facetOrder {
		f, ok := p.facets[name]
		if !ok {
			continue
		}
		bm, err := ix.snaps.filter(ctx, r, m, f.key, f.q, cols.size)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		c.names = append(c.names, name)
		c.filters = append(c.filters, bm)
		c.almost = append(c.almost, nil)
	}
	c.top = pageHeap{keep: spec.from + spec.size, less: worseFor(p.q.Sort, c.scored)}
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

// walk runs q and collects its matches.
func (c *collector) walk(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, q bq.Query) error {
	return eachMatch(ctx, r, m, q, c.scored, c.add)
}

// scoreText scores the plan's words term at a time (taat.go) and collects
// the records holding enough of them, minus those holding a negated word.
func (c *collector) scoreText(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, p *plan, spec runSpec, acc *accumulator) error {
	n, err := r.DocCount()
	if err != nil {
		return err
	}
	s := &scorer{r: r, m: m, acc: acc, n: float64(n)}
	s.segs, _ = segmentsOf(r)
	all, recs, err := s.scoreText(ctx, p, spec)
	if err != nil {
		return err
	}
	var neg bitset
	if len(p.mustNot) > 0 {
		bm, err := bitmapOf(ctx, r, m, bq.NewDisjunctionQuery(p.mustNot))
		if err != nil {
			return err
		}
		neg = bitsetOf(bm, c.cols.size)
	}
	for _, d := range recs {
		if matches(acc.mask[d], all, spec) && (neg == nil || !neg.has(d)) {
			c.add(d, acc.score[d])
		}
	}
	return nil
}

// walkAll collects every record, for a search without words: the
// records passing the text filters, one bit test per filter each.
func (c *collector) walkAll() {
	c.base.each(func(d uint32) { c.add(d, 0) })
}

// facetCounts counts each facet's values, in facetOrder: over the full
// matches for a facet without a filter, and over the matches failing only
// its own filter too for a filtered one.
func (c *collector) facetCounts() [][]uint64 {
	if len(c.counts) != len(facetOrder) {
		c.counts = make([][]uint64, len(facetOrder))
	}
	counts := c.counts
	cols := make([]*column, len(facetOrder))
	for i, name := range facetOrder {
		cols[i] = c.cols.facets[name]
		n := len(cols[i].values)
		if cap(counts[i]) < n {
			counts[i] = make([]uint64, n)
		}
		counts[i] = counts[i][:n]
		clear(counts[i])
	}
	for i, col := range cols { // a column at a time: its arrays stay in cache
		n, offs, ords := counts[i], col.offs, col.ords
		for _, d := range c.hits {
			if int(d)+1 < len(offs) {
				for _, o := range ords[offs[d]:offs[d+1]] {
					n[o]++
				}
			}
		}
	}
	for j, name := range c.names {
		i := slices.Index(facetOrder, name)
		n, col := counts[i], cols[i]
		for _, d := range c.almost[j] {
			for _, o := range col.of(d) {
				n[o]++
			}
		}
	}
	return counts
}

// topValues turns one facet's counts into its listed values, most frequent
// first (ties by value), and the sum of the counts left out. It keeps the
// best size values in a small sorted list rather than sorting them all: the
// company facet has a value per company.
func topValues(col *column, counts []uint64, size int) ([]FacetValue, int) {
	better := func(a, b FacetValue) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return cmp.Compare(a.Value, b.Value)
	}
	vals := make([]FacetValue, 0, size+1)
	other := 0
	for o, n := range counts {
		if n == 0 {
			continue
		}
		v := FacetValue{Value: col.values[o], Count: int(n)}
		if len(vals) == size && better(v, vals[size-1]) >= 0 {
			other += v.Count
			continue
		}
		at, _ := slices.BinarySearchFunc(vals, v, better)
		vals = slices.Insert(vals, at, v)
		if len(vals) > size {
			other += vals[size].Count
			vals = vals[:size]
		}
	}
	return vals, other
}

// results builds the page and the facets of a finished collection.
func (ix *Index) results(ctx context.Context, r bindex.IndexReader, p *plan, spec runSpec, c *collector) (Results, error) {
	res := Results{Total: uint64(len(c.hits)), Hits: []Hit{}, Facets: map[string][]FacetValue{}}
	if spec.facets {
		for i, counts := range c.facetCounts() {
			name := facetOrder[i]
			vals, other := topValues(c.cols.facets[name], counts, facetFields[name].size)
			res.Facets[name] = vals
			if other > 0 {
				if res.FacetOther == nil {
					res.FacetOther = map[string]int{}
				}
				res.FacetOther[name] = other
			}
		}
	}
	page := c.top.sorted()
	if spec.from >= len(page) {
		return res, nil
	}
	for _, ref := range page[spec.from:min(len(page), spec.from+spec.size)] {
		if err := ctx.Err(); err != nil {
			return Results{}, err
		}
		rec, err := loadRecord(r, ref.doc)
		if err != nil {
			return Results{}, err
		}
		hit, err := ix.hitOf(rec, ref.score, p)
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

// loadRecord reads the stored record of record number d, and the id of
// the record it duplicates.
func loadRecord(r bindex.IndexReader, d uint32) (rec recordJSON, err error) {
	id, err := r.ExternalID(bindex.NewIndexInternalID(nil, uint64(d)))
	if err != nil {
		return recordJSON{}, err
	}
	doc, err := r.Document(id)
	if err != nil {
		return recordJSON{}, err
	}
	if doc == nil {
		return recordJSON{}, fmt.Errorf("record %s: %w", id, errNoRecord)
	}
	rec = recordJSON{id: id}
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fRecord:
			rec.raw = f.Value()
		case fDupOf:
			rec.dupOf = string(f.Value())
		}
	})
	if rec.raw == nil {
		return recordJSON{}, fmt.Errorf("record %s: %w", id, errNoRecord)
	}
	return rec, nil
}

// recordJSON is a stored record not yet decoded.
type recordJSON struct {
	id    string
	raw   []byte
	dupOf string // the primary's id when the record is a duplicate
}
