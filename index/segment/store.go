package segment

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
)

// New creates an empty scorch index with mapping m in dir, or in memory
// when dir is "". An in-memory scorch index behaves like an on-disk one
// (bleve.NewMemOnly would use another engine), but runs no merger.
func New(dir string, m mapping.IndexMapping) (bleve.Index, error) {
	if dir == "" {
		return bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	}
	// As bleve.New, with pmkb's merge policy.
	return bleve.NewUsing(dir, m, scorch.Name, bleve.Config.DefaultKVStore, config())
}

// Open opens the scorch index in dir with pmkb's merge policy. A missing
// index is bleve.ErrorIndexPathDoesNotExist.
func Open(dir string) (bleve.Index, error) {
	return bleve.OpenUsing(dir, config())
}

// Compact merges b's segments into one, as a bulk load leaves many: each
// segment costs every search one dictionary lookup per term and field.
// Searches go on meanwhile. b must be on disk: an in-memory scorch index
// runs no merger, and Compact would wait for it forever.
func Compact(ctx context.Context, b bleve.Index) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("segment: compact: %T is not a scorch index", adv)
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

// config is the configuration on-disk indexes are created and opened
// with: scorch's default merge policy, bar segments of bulkSegment records
// or more (it merges segments under half of MaxSegmentSize).
func config() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": 2 * bulkSegment},
	}
}
