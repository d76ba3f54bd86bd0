package engine

import (
	"context"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pmkb/pmkb/index/segment"
)

// maxFilters bounds the filter sets kept for one snapshot.
const maxFilters = 512

// snapshotCache keeps the columns and filter sets of the latest snapshot.
// It retains that snapshot, so that its record numbers stay what the
// columns say they are.
type snapshotCache struct {
	mu      sync.Mutex
	snap    *segment.Snapshot
	cols    *columns
	filters map[string]bitset
}

// columnsFor returns the columns of snap, building them when snap is not
// the cached snapshot.
func (c *snapshotCache) columnsFor(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, schema Schema) (*columns, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if snap.Same(c.snap) && c.cols != nil {
		return c.cols, nil
	}
	cols, err := buildColumns(ctx, snap, m, schema)
	if err != nil {
		return nil, err
	}
	c.releaseLocked()
	snap.Retain()
	c.snap, c.cols, c.filters = snap, cols, map[string]bitset{}
	return cols, nil
}

// filter returns the records of snap matching f, below size, cached under
// f.Key for the snapshot.
func (c *snapshotCache) filter(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, f Filter, size int) (bitset, error) {
	c.mu.Lock()
	if snap.Same(c.snap) {
		if b, ok := c.filters[f.Key]; ok {
			c.mu.Unlock()
			return b, nil
		}
	}
	c.mu.Unlock()
	b, err := matchSet(ctx, snap, m, f.Query, size)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if snap.Same(c.snap) {
		if len(c.filters) >= maxFilters {
			clear(c.filters)
		}
		c.filters[f.Key] = b
	}
	return b, nil
}

// release drops the cached snapshot.
func (c *snapshotCache) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.releaseLocked()
}

func (c *snapshotCache) releaseLocked() {
	if c.snap != nil {
		_ = c.snap.Release()
	}
	c.snap, c.cols, c.filters = nil, nil, nil
}
