package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
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
	return s.ForceMerge(ctx, &compactPlan)
}

// compactPlan merges every segment into one in a single pass: scorch's
// single-segment plan merges ten at a time and then merges the results
// again, so a 100k-record load cut into 40 batches had each record merged
// twice.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = 1 << 16
	return o
}()

// bulkSegment is the smallest segment scorch leaves to Compact instead of
// merging it in the background. Every command that writes in bulk (import,
// reindex, a crawl, seeding the catalog) compacts when it is done, so
// merging its large batches along the way only did the work twice: a
// 40k-record load spent a fifth of its CPU in such merges. Smaller segments
// (a crawl puts its records one at a time) merge as usual, into segments
// below twice this size.
const bulkSegment = 1000

// scorchConfig is the configuration on-disk indexes are created and opened
// with: scorch's default merge policy, bar segments of bulkSegment records
// or more (it merges segments under half of MaxSegmentSize).
func scorchConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": 2 * bulkSegment},
	}
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
