package ui_test

import (
	"context"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

type stopgap struct{ *index.Index }

func (s stopgap) Similar(ctx context.Context, id string, size int) (index.Results, error) {
	pm, err := s.Get(ctx, id)
	if err != nil {
		return index.Results{}, err
	}
	r, err := s.Search(ctx, index.Query{Text: pm.Categories[0], Size: size})
	var out []index.Hit
	for _, h := range r.Hits {
		if h.ID != id {
			out = append(out, h)
		}
	}
	r.Hits = out
	return r, err
}
func (s stopgap) SimilarText(ctx context.Context, text string, size int) (index.Results, error) {
	return s.Search(ctx, index.Query{Text: "mysql", Size: size})
}
func (s stopgap) Random(ctx context.Context, q index.Query) (data.Postmortem, error) {
	r, err := s.Search(ctx, q)
	if err != nil {
		return data.Postmortem{}, err
	}
	if len(r.Hits) == 0 {
		return data.Postmortem{}, index.ErrNotFound
	}
	return s.Get(ctx, r.Hits[0].ID)
}
