package index

import (
	"context"
	"testing"
	"time"

	"github.com/pmkb/pmkb/index/internal/testutil"
	"github.com/pmkb/pmkb/index/segment"
)

// TestCompact checks that compacting returns, on an empty on-disk index, a
// one-record one and an in-memory one, and that searches still find the
// records afterwards.
func TestCompact(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		onDisk bool
		n      int
	}{{"empty on disk", true, 0}, {"one record on disk", true, 1}, {"several batches on disk", true, 30}, {"in memory", false, 5}} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Logger: testutil.Logger(), BatchSize: 4}
			if tc.onDisk {
				opts.Path = t.TempDir()
			}
			ix, err := Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			pms := testutil.SynthCorpus(t, max(tc.n, 1))[:tc.n]
			if err := ix.PutBatch(ctx, pms); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- ix.Compact(ctx) }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("compact did not return in 30s")
			}
			res, err := ix.Search(ctx, Query{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(tc.n) {
				t.Errorf("after compact: got %d records, want %d", res.Total, tc.n)
			}
			if tc.onDisk && tc.n > 0 {
				if got := segmentCount(t, ix); got != 1 {
					t.Errorf("after compact: got %d segments, want 1", got)
				}
			}
			if err := ix.Reindex(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// segmentCount returns how many segments the live index has.
func segmentCount(t *testing.T, ix *Index) int {
	t.Helper()
	n := 0
	err := ix.withReader(context.Background(), func(snap *segment.Snapshot) error {
		n = snap.Segments()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
