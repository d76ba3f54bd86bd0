package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/segment"
)

// ErrReindexRunning is returned by Reindex when another reindex is under way.
var ErrReindexRunning = errors.New("index: a reindex is already running")

// Reindex rebuilds the index from its stored records with the current
// mapping and synonyms, without downtime: the new index is built beside the
// live one while searches and writes go on, then swapped in atomically
// through the IndexAlias. A search runs entirely on the old index or
// entirely on the new one. Records written during the rebuild are replayed
// into the new index before the swap. On disk, a crash at any point leaves
// the old index live; Open removes the half-built one.
func (ix *Index) Reindex(ctx context.Context) error {
	start := time.Now()
	fresh, dir, err := ix.beginReindex()
	if err != nil {
		return err
	}
	if dir != "" {
		defer segment.Releasing(releaseEvery)()
	}
	if err := ix.copyInto(ctx, fresh); err != nil {
		ix.abortReindex(fresh, dir)
		return fmt.Errorf("index: reindex: %w", err)
	}
	// A copy leaves one segment per batch; searches are several times
	// faster on one.
	if err := ix.compactFresh(ctx, fresh, dir); err != nil {
		ix.abortReindex(fresh, dir)
		return fmt.Errorf("index: reindex: compact: %w", err)
	}
	if ix.afterCopy != nil {
		ix.afterCopy()
	}
	n, err := ix.finishReindex(ctx, fresh, dir)
	if err != nil {
		ix.abortReindex(fresh, dir)
		return fmt.Errorf("index: reindex: %w", err)
	}
	ix.log.Info("reindexed", slog.Uint64("records", n), slog.Duration("took", time.Since(start)))
	return nil
}

// compactFresh merges a reindex's copy into one segment when it is on
// disk (dir set).
func (ix *Index) compactFresh(ctx context.Context, fresh bleve.Index, dir string) error {
	if dir == "" {
		return nil
	}
	return segment.Compact(ctx, fresh)
}

// beginReindex creates the new, empty index and starts recording writes.
func (ix *Index) beginReindex() (bleve.Index, string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, "", fmt.Errorf("index: reindex: %w", bleve.ErrorIndexClosed)
	}
	if ix.opts.ReadOnly {
		return nil, "", fmt.Errorf("index: reindex: %w", ErrReadOnly)
	}
	if ix.failed != nil {
		return nil, "", ix.failedError("reindex")
	}
	if ix.pending != nil {
		return nil, "", ErrReindexRunning
	}
	dir := ""
	if ix.store != nil {
		dir = ix.store.dir(ix.store.nextGen())
	}
	fresh, err := ix.newBleve(dir)
	if err != nil {
		return nil, "", fmt.Errorf("index: reindex: %w", err)
	}
	ix.pending = pendingSet{}
	return fresh, dir, nil
}

// copyInto writes every stored record into fresh, batch by batch. Only the
// reindex writes to fresh, so it needs no lock.
func (ix *Index) copyInto(ctx context.Context, fresh bleve.Index) error {
	batch := make([]data.Postmortem, 0, planChunk)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := ix.writeBatch(ctx, fresh, batch)
		batch = batch[:0]
		return err
	}
	err := ix.Each(ctx, func(pm data.Postmortem) error {
		batch = append(batch, pm)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// finishReindex replays the writes made during the copy, switches the live
// index on disk and in the alias, and drops the old index.
func (ix *Index) finishReindex(ctx context.Context, fresh bleve.Index, dir string) (uint64, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return 0, bleve.ErrorIndexClosed
	}
	var replay []data.Postmortem
	deleted := fresh.NewBatch()
	for _, id := range sortedIDs(ix.pending) {
		pm, err := ix.Get(ctx, id)
		if errors.Is(err, ErrNotFound) { // deleted during the copy
			deleted.Delete(id)
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("replay %s: %w", id, err)
		}
		replay = append(replay, pm)
	}
	if deleted.Size() > 0 {
		if err := fresh.Batch(deleted); err != nil {
			return 0, fmt.Errorf("replay deletions: %w", err)
		}
	}
	for start := 0; start < len(replay); start += planChunk {
		if err := ix.writeBatch(ctx, fresh, replay[start:min(start+planChunk, len(replay))]); err != nil {
			return 0, err
		}
	}
	n, err := fresh.DocCount()
	if err != nil {
		return 0, err
	}
	old, oldGen := ix.live, 0
	if ix.store != nil {
		oldGen = ix.store.gen
		if err := ix.store.setCurrent(genOf(dir)); err != nil {
			return 0, err
		}
	}
	ix.swapMu.Lock()
	ix.eng.Release()
	ix.alias.Swap([]bleve.Index{fresh}, []bleve.Index{old})
	ix.live = fresh
	ix.pending = nil
	ix.cache.bump()
	if err := old.Close(); err != nil {
		ix.log.Warn("closing the old index", slog.Any("error", err))
	}
	ix.swapMu.Unlock()
	if ix.store != nil {
		if err := os.RemoveAll(ix.store.dir(oldGen)); err != nil {
			ix.log.Warn("removing the old index", slog.Any("error", err))
		}
	}
	return n, nil
}

// abortReindex drops the half-built index and stops recording writes.
func (ix *Index) abortReindex(fresh bleve.Index, dir string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.pending = nil
	_ = fresh.Close()
	if dir != "" {
		if err := os.RemoveAll(dir); err != nil {
			ix.log.Warn("removing a half-built index", slog.String("dir", dir), slog.Any("error", err))
		}
	}
}
