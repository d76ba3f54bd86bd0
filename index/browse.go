package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/data"
)

// Random returns one record chosen uniformly among those matching q's text
// and filters (paging and sort are ignored), or ErrNotFound when none does.
// Duplicates are never picked.
func (ix *Index) Random(ctx context.Context, q Query) (data.Postmortem, error) {
	q.From, q.Size, q.Sort = 0, 1, ""
	p, err := ix.plan(q)
	if err != nil {
		return data.Postmortem{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.SearchTimeout)
	defer cancel()
	query := p.compose(textQueryOf(p), "")
	countReq := bleve.NewSearchRequestOptions(query, 0, 0, false)
	countReq.Score = "none"
	count, err := ix.alias.SearchInContext(ctx, countReq)
	if err != nil {
		return data.Postmortem{}, searchError(err)
	}
	if count.Total == 0 {
		return data.Postmortem{}, fmt.Errorf("index: random: %w", ErrNotFound)
	}
	req := bleve.NewSearchRequestOptions(query, 1, rand.IntN(int(count.Total)), false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"_id"})
	sr, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return data.Postmortem{}, searchError(err)
	}
	if len(sr.Hits) == 0 { // records changed between the two searches
		return data.Postmortem{}, fmt.Errorf("index: random: %w", ErrNotFound)
	}
	return recordOf(sr.Hits[0])
}

// textQueryOf is the strict text query of a plan, nil when it has no words.
func textQueryOf(p *plan) bq.Query {
	if len(p.text) == 0 {
		return nil
	}
	qs := make([]bq.Query, len(p.text))
	for i, leaves := range p.text {
		qs[i] = leavesQuery(leaves)
	}
	return textQuery(qs, len(qs))
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

// Stats returns counts over the whole index.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	ctx, cancel := context.WithTimeout(ctx, ix.opts.SearchTimeout)
	defer cancel()
	p := &plan{}
	req := bleve.NewSearchRequestOptions(p.compose(nil, ""), 0, 0, false)
	req.Score = "none"
	sizes := map[string]int{FacetCategory: 100, FacetCompany: 100, FacetYear: 200, FacetTechnology: 100, FacetSource: 200, FacetLanguage: 50}
	for name, n := range sizes {
		req.AddFacet(name, bleve.NewFacetRequest(facetFields[name].field, n))
	}
	sr, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return Stats{}, searchError(err)
	}
	records, err := ix.Count(ctx)
	if err != nil {
		return Stats{}, err
	}
	var res Results
	res.Facets = map[string][]FacetValue{}
	addFacets(&res, sr.Facets)
	years := res.Facets[FacetYear]
	sort.Slice(years, func(i, j int) bool { return years[i].Value < years[j].Value })
	return Stats{
		Incidents:    sr.Total,
		Records:      records,
		Categories:   res.Facets[FacetCategory],
		Companies:    res.Facets[FacetCompany],
		Years:        years,
		Technologies: res.Facets[FacetTechnology],
		Sources:      res.Facets[FacetSource],
		Languages:    res.Facets[FacetLanguage],
	}, nil
}
