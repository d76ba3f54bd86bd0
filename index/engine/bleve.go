package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/index/segment"
)

// searchContext sets ctx up for bleve's searchers: tf-idf, the model the
// engine's tf-idf scales the scores of the leaves bleve runs from (under
// BM25 it runs them unscored), and the bound on term searchers
// (search.MaxTermSearchersKey, when ctx sets one) counted afresh for this
// search.
func searchContext(ctx context.Context, _ mapping.IndexMapping) context.Context {
	model := bindex.DefaultScoringModel
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(func() string { return model }))
	return search.ContextWithTermSearchersCounter(ctx)
}

// matchSet returns the records below n matching q, unscored.
func matchSet(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, q bq.Query, n int) (bitset, error) {
	b := newBitset(n)
	err := eachMatch(ctx, snap, m, q, false, func(d uint32, _ float64) { b.add(d) })
	return b, err
}

// eachMatch runs q with bleve's searchers and calls fn with each match's
// record number and, when scored, its score.
func eachMatch(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, q bq.Query, scored bool, fn func(d uint32, score float64)) error {
	opts := search.SearcherOptions{}
	if !scored {
		opts.Score = "none"
	}
	r := snap.Reader()
	s, err := q.Searcher(ctx, r, m, opts)
	if err != nil {
		return bleveError(ctx, err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return bleveError(ctx, err)
		}
		if dm == nil {
			return nil
		}
		fn(segment.Num(dm.IndexInternalID), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
	}
}

// bleveError wraps an error of bleve's searchers. Bleve reports a search
// past its bound on term searchers with an untyped error
// (search.RecordTermSearcher's fmt.Errorf, which phrase searchers wrap
// again with %v), so this is the one place that knows its text and turns
// it into ErrTooManyTerms; TestTooManyTerms fails if bleve changes it.
func bleveError(ctx context.Context, err error) error {
	if _, bounded := ctx.Value(search.MaxTermSearchersKey).(int); bounded && strings.Contains(err.Error(), "TooManyTermSearchers") {
		return fmt.Errorf("%w: %w", ErrTooManyTerms, err)
	}
	return err
}
