package engine

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pmkb/pmkb/index/segment"
)

// FacetCount is one facet's listed values, most frequent first (ties by
// value), and the sum of the counts of the values left out.
type FacetCount struct {
	Name   string
	Values []FacetValue
	Other  int
}

// Facets counts each facet of the schema over the matches, in the
// schema's order: a filtered facet counts the matches failing only its own
// filter too.
func (col *Collection) Facets() []FacetCount {
	c := col.c
	counts := c.facetCounts()
	out := make([]FacetCount, len(counts))
	for i, f := range c.schema.Facets {
		vals, other := topValues(c.cols.facets[i], counts[i], f.Size)
		out[i] = FacetCount{Name: f.Name, Values: vals, Other: other}
	}
	return out
}

// facetCounts counts each facet's values by ordinal.
func (c *collector) facetCounts() [][]uint64 {
	n := len(c.cols.facets)
	if len(c.counts) != n {
		c.counts = make([][]uint64, n)
	}
	counts := c.counts
	for i, col := range c.cols.facets {
		n := len(col.values)
		if cap(counts[i]) < n {
			counts[i] = make([]uint64, n)
		}
		counts[i] = counts[i][:n]
		clear(counts[i])
	}
	for i, col := range c.cols.facets { // a column at a time: its arrays stay in cache
		n, offs, ords := counts[i], col.offs, col.ords
		for _, d := range c.hits {
			if int(d)+1 < len(offs) {
				for _, o := range ords[offs[d]:offs[d+1]] {
					n[o]++
				}
			}
		}
	}
	for j, i := range c.filtered {
		n, col := counts[i], c.cols.facets[i]
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

// Stats counts the values of every facet over all the records searches
// show, listing at most sizes[name] values of each; it returns how many
// records that is.
func (e *Engine) Stats(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, sizes map[string]int) (uint64, []FacetCount, error) {
	cols, err := e.columnsFor(ctx, snap, m)
	if err != nil {
		return 0, nil, err
	}
	counts := make([][]uint64, len(cols.facets))
	for i, col := range cols.facets {
		counts[i] = make([]uint64, len(col.values))
	}
	var shown uint64
	cols.primary.each(func(d uint32) {
		shown++
		for i, col := range cols.facets {
			n := counts[i]
			for _, o := range col.of(d) {
				n[o]++
			}
		}
	})
	out := make([]FacetCount, len(cols.facets))
	for i, f := range e.schema.Facets {
		vals, other := topValues(cols.facets[i], counts[i], sizes[f.Name])
		out[i] = FacetCount{Name: f.Name, Values: vals, Other: other}
	}
	return shown, out, nil
}
