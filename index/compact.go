package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Compact merges the live index's segments into one, as a bulk load
// (import, reindex, a crawl) leaves many: each segment costs every search
// one dictionary lookup per term and field, so a compacted index answers
// several times faster. Searches go on meanwhile; writes wait.
func (ix *Index) Compact(ctx context.Context) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return fmt.Errorf("index: compact: closed")
	}
	if ix.store == nil {
		return nil // in memory: scorch runs no merger to ask
	}
	start := time.Now()
	if err := forceMerge(ctx, ix.live); err != nil {
		return fmt.Errorf("index: compact: %w", err)
	}
	ix.log.Info("index compacted", slog.Duration("took", time.Since(start)))
	return nil
}

// forceMerge merges b's segments into one. b must be on disk: an
// in-memory scorch index has no merger, and would wait forever.
func forceMerge(ctx context.Context, b bleve.Index) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	return s.ForceMerge(ctx, nil)
}

// Warm builds the live snapshot's search columns (facet values, dates,
// duplicates; see columns.go), so that the first search after opening does
// not wait for them: about half a second at 100k records.
func (ix *Index) Warm(ctx context.Context) error {
	err := ix.withReader(func(r bindex.IndexReader) error {
		_, err := ix.snaps.columnsFor(ctx, r, ix.live.Mapping())
		return err
	})
	if err != nil {
		return fmt.Errorf("index: warm: %w", err)
	}
	return nil
}
