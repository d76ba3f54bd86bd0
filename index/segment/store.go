package segment

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"

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

// OpenReadOnly opens the scorch index in dir for reading only: nothing in
// dir is written (it may sit on a read-only file system, or be a copy
// another process still writes) and no merger or persister runs. Writes
// to the index fail.
func OpenReadOnly(dir string) (bleve.Index, error) {
	cfg := config()
	cfg["read_only"] = true
	return bleve.OpenUsing(dir, cfg)
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
	// A merge that fails (a full disk) makes scorch's merger retry the
	// request forever, and ForceMerge never returns. With a channel under
	// the key scorch's merger reads, it reports each merge's outcome there
	// and drops a failed request instead (bleve v2.6.3, Scorch.mergerLoop);
	// ForceMerge still waits for an end that then never comes, so its
	// goroutine is left to return when the index closes.
	// Background merges that fail are retried forever too, and hold the
	// merger, so a rise in scorch's count of failed merges or persists
	// ends the wait as well.
	merged := make(chan error, 64)
	ctx = context.WithValue(ctx, mergeDoneKey, merged) //lint:ignore SA1029 the key is scorch's own, an untyped string constant
	st, _ := s.Stats().(*scorch.Stats)
	failedBefore := failures(st)
	errc := make(chan error, 1)
	go func() { errc <- s.ForceMerge(ctx, &compactPlan) }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-errc:
			return err
		case err := <-merged:
			if err != nil {
				return fmt.Errorf("%w: compact: %w", ErrWriteFailed, err)
			}
		case <-tick.C:
			if failures(st) > failedBefore {
				return fmt.Errorf("%w: compact: scorch could not write a merged segment (is the disk full?)", ErrWriteFailed)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// failures is how many merges and persists of an index have failed.
func failures(st *scorch.Stats) uint64 {
	if st == nil {
		return 0
	}
	return atomic.LoadUint64(&st.TotFileMergeLoopErr) + atomic.LoadUint64(&st.TotPersistLoopErr)
}

// mergeDoneKey is the context key under which scorch's merger looks for a
// channel to report a merge's outcome to (scorch's unexported mergeDoneKey).
const mergeDoneKey = "mergeDone"

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
// init turns off scorch's in-memory merge before a persist (a package
// variable of scorch, so it is set once here, in the one package that
// touches scorch): after a persist failed on a full disk, that merge could
// read a segment whose caches were already released and panic in the
// persister's goroutine, where nothing can recover it (TestDiskFullImport
// failed about once in 30 runs). Each batch is then persisted as the
// segment it is; the merger and Compact merge them as before.
func init() { scorch.DefaultMinSegmentsForInMemoryMerge = math.MaxInt }

func config() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": 2 * bulkSegment},
	}
}
