package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/pmkb/pmkb/index/segment"
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
	if ix.opts.ReadOnly {
		return fmt.Errorf("index: compact: %w", ErrReadOnly)
	}
	if ix.failed != nil {
		return ix.failedError("compact")
	}
	if ix.store == nil {
		return nil // in memory: scorch runs no merger to ask
	}
	start := time.Now()
	stop := segment.Releasing(releaseEvery)
	defer stop()
	if err := segment.Compact(ctx, ix.live); err != nil {
		ix.noteFailure(err)
		return fmt.Errorf("index: compact: %w", err)
	}
	ix.log.Info("index compacted", slog.Duration("took", time.Since(start)))
	return nil
}

// Warm builds the live snapshot's search columns (facet values, dates,
// duplicates; see index/engine), so that the first search after opening
// does not wait for them: about half a second at 100k records.
func (ix *Index) Warm(ctx context.Context) error {
	err := ix.withReader(ctx, func(snap *segment.Snapshot) error {
		return ix.eng.Warm(ctx, snap, ix.live.Mapping())
	})
	if err != nil {
		return fmt.Errorf("index: warm: %w", err)
	}
	return nil
}

// withReader runs fn on the current snapshot of the live index; a reindex
// cannot swap the index out meanwhile.
func (ix *Index) withReader(ctx context.Context, fn func(*segment.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.swapMu.RLock()
	defer ix.swapMu.RUnlock()
	adv, err := ix.live.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, err := segment.Of(r)
	if err != nil {
		return err
	}
	return fn(snap)
}
