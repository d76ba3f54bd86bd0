package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
)

// Random returns one record chosen uniformly among those matching q's text
// (all its words) and filters (paging and sort are ignored), or ErrNotFound
// when none does. Duplicates are never picked.
func (ix *Index) Random(ctx context.Context, q Query) (data.Postmortem, error) {
	q.From, q.Size, q.Sort = 0, 1, ""
	p, err := ix.plan(q)
	if err != nil {
		return data.Postmortem{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.SearchTimeout)
	defer cancel()
	var pm data.Postmortem
	err = ix.collect(ctx, p, runSpec{min: len(p.text)}, func(_ context.Context, r bindex.IndexReader, c *collector) error {
		if len(c.hits) == 0 {
			return fmt.Errorf("index: random: %w", ErrNotFound)
		}
		rec, err := loadRecord(r, c.hits[rand.IntN(len(c.hits))])
		if err != nil {
			return err
		}
		pm, err = decodeRecord(rec.id, rec.raw)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return data.Postmortem{}, err
	}
	if err != nil {
		return data.Postmortem{}, searchError(err)
	}
	return pm, nil
}

// Stats counts the distinct incidents (duplicates left out) by category,
// company, year, technology, source and language, for a statistics page.
type Stats struct {
	Incidents    uint64       `json:"incidents"` // distinct incidents
	Records      uint64       `json:"records"`   // all records, duplicates included
	Categories   []FacetValue `json:"categories"`
	Companies    []FacetValue `json:"companies"`    // the 100 with most incidents
	Years        []FacetValue `json:"years"`        // in year order
	Technologies []FacetValue `json:"technologies"` // the 100 most frequent
	Sources      []FacetValue `json:"sources"`
	Languages    []FacetValue `json:"languages"`
}

// Stats returns counts over the whole index, from the facet columns of
// its current snapshot.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	ctx, cancel := context.WithTimeout(ctx, ix.opts.SearchTimeout)
	defer cancel()
	sizes := map[string]int{FacetCategory: 100, FacetCompany: 100, FacetYear: 200, FacetTechnology: 100, FacetSource: 200, FacetLanguage: 50}
	facets := map[string][]FacetValue{}
	var incidents uint64
	err := ix.withReader(func(r bindex.IndexReader) error {
		cols, err := ix.snaps.columnsFor(ctx, r, ix.live.Mapping())
		if err != nil {
			return err
		}
		counts := make(map[string][]uint64, len(facetOrder))
		for _, name := range facetOrder {
			counts[name] = make([]uint64, len(cols.facets[name].values))
		}
		cols.primary.each(func(d uint32) {
			incidents++
			for _, name := range facetOrder {
				n := counts[name]
				for _, o := range cols.facets[name].of(d) {
					n[o]++
				}
			}
		})
		for name, n := range counts {
			facets[name], _ = topValues(cols.facets[name], n, sizes[name])
		}
		return nil
	})
	if err != nil {
		return Stats{}, searchError(err)
	}
	records, err := ix.Count(ctx)
	if err != nil {
		return Stats{}, err
	}
	years := facets[FacetYear]
	sort.Slice(years, func(i, j int) bool { return years[i].Value < years[j].Value })
	return Stats{
		Incidents:    incidents,
		Records:      records,
		Categories:   facets[FacetCategory],
		Companies:    facets[FacetCompany],
		Years:        years,
		Technologies: facets[FacetTechnology],
		Sources:      facets[FacetSource],
		Languages:    facets[FacetLanguage],
	}, nil
}
