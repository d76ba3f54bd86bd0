package index

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"

	"github.com/pmkb/pmkb/data"
)

// Delete removes the records ids from the index; ids it does not hold are
// skipped. A deleted record's group is planned again: its duplicates are
// written anew (one of them, or another record, now stands for the
// incident), and so is the primary it was folded into, which loses its
// text. Syncing a collection deletes the records of files that are gone.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return fmt.Errorf("index: delete: %w", bleve.ErrorIndexClosed)
	}
	gone := map[string]bool{}
	var regroup []string
	batch := ix.live.NewBatch()
	for _, id := range ids {
		if gone[id] {
			continue
		}
		primary, err := ix.Primary(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("index: delete: %w", err)
		}
		dups, err := ix.Duplicates(ctx, id)
		if err != nil {
			return fmt.Errorf("index: delete: %w", err)
		}
		gone[id] = true
		batch.Delete(id)
		if primary != id {
			regroup = append(regroup, primary)
		}
		regroup = append(regroup, dups...)
	}
	if len(gone) == 0 {
		return nil
	}
	if err := ix.live.Batch(batch); err != nil {
		return fmt.Errorf("index: delete %d records: %w", len(gone), err)
	}
	ix.cache.bump()
	if ix.pending != nil { // a reindex replays the deletion too
		for id := range gone {
			ix.pending[id] = struct{}{}
		}
	}
	return ix.rewrite(ctx, regroup, gone)
}

// rewrite writes the records ids again, but those in skip, so that dedupe
// plans their groups anew. The caller holds ix.mu.
func (ix *Index) rewrite(ctx context.Context, ids []string, skip map[string]bool) error {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var recs []data.Postmortem
	for _, id := range ids {
		if skip[id] {
			continue
		}
		pm, err := ix.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("index: delete: regroup: %w", err)
		}
		recs = append(recs, pm)
	}
	if len(recs) == 0 {
		return nil
	}
	err := ix.writeBatch(ctx, ix.live, recs)
	ix.cache.bump()
	if err != nil {
		return fmt.Errorf("index: delete: regroup: %w", err)
	}
	if ix.pending != nil {
		for _, pm := range recs {
			ix.pending[pm.ID] = struct{}{}
		}
	}
	return nil
}
