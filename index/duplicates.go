package index

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// Duplicates returns the ids of the records folded into the record id
// (other posts or URLs of the same incident), sorted; none when id is a
// duplicate itself or has none.
func (ix *Index) Duplicates(ctx context.Context, id string) ([]string, error) {
	req := bleve.NewSearchRequestOptions(termQ(fDupOf, id), 100, 0, false)
	req.Score = "none"
	sr, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: duplicates of %s: %w", id, err)
	}
	ids := make([]string, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

// Primary returns the id that stands for record id in search results: its
// own, or its primary's when it is a duplicate; ErrNotFound when the index
// lacks it.
func (ix *Index) Primary(ctx context.Context, id string) (string, error) {
	req := bleve.NewSearchRequestOptions(bq.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = []string{fDupOf}
	sr, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return "", fmt.Errorf("index: lookup %s: %w", id, err)
	}
	if len(sr.Hits) == 0 {
		return "", fmt.Errorf("index: lookup %s: %w", id, ErrNotFound)
	}
	if p, _ := sr.Hits[0].Fields[fDupOf].(string); p != "" {
		return p, nil
	}
	return id, nil
}
