package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/segment"
)

// Random returns one record chosen uniformly among those matching q's text
// (all its words) and filters (paging and sort are ignored), or ErrNotFound
// when none does. Duplicates are never picked.
func (ix *Index) Random(ctx context.Context, q Query) (data.Postmortem, error) {
	q.From, q.Size, q.Sort = 0, 1, ""
	p, err := ix.plan(ctx, q)
	if err != nil {
		return data.Postmortem{}, err
	}
	var pm data.Postmortem
	err = ix.withReader(ctx, func(snap *segment.Snapshot) error {
		return ix.eng.Collect(ctx, snap, ix.live.Mapping(), p.request(runSpec{min: len(p.text)}), func(c *engine.Collection) error {
			hits := c.Matches()
			if len(hits) == 0 {
				return fmt.Errorf("index: random: %w", ErrNotFound)
			}
			rec, err := loadRecord(snap, hits[rand.IntN(len(hits))])
			if err != nil {
				return err
			}
			pm, err = decodeRecord(rec.id, rec.raw)
			return err
		})
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
	Collections  []FacetValue `json:"collections"`
}

// Stats returns counts over the whole index, from the facet columns of
// its current snapshot.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	sizes := map[string]int{FacetCategory: 100, FacetCompany: 100, FacetYear: 200, FacetTechnology: 100, FacetSource: 200, FacetLanguage: 50, FacetCollection: 50}
	facets := map[string][]FacetValue{}
	var incidents uint64
	err := ix.withReader(ctx, func(snap *segment.Snapshot) error {
		n, counts, err := ix.eng.Stats(ctx, snap, ix.live.Mapping(), sizes)
		incidents = n
		for _, f := range counts {
			facets[f.Name] = facetValues(f.Values)
		}
		return err
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
		Collections:  facets[FacetCollection],
	}, nil
}
