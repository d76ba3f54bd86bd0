package index

import (
	"context"
	"testing"
	"time"
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
			opts := Options{Logger: quietLogger(), BatchSize: 4}
			if tc.onDisk {
				opts.Path = t.TempDir()
			}
			ix, err := Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			pms := synthCorpus(t, max(tc.n, 1))[:tc.n]
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
			if err := ix.Reindex(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestWarm checks that warming builds the columns a search then reuses.
func TestWarm(t *testing.T) {
	ix := newTestIndex(t, synthCorpus(t, 20))
	if err := ix.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix.snaps.mu.Lock()
	cols := ix.snaps.cols
	ix.snaps.mu.Unlock()
	if cols == nil || cols.size == 0 {
		t.Fatalf("after Warm: got columns %+v, want built ones", cols)
	}
	if _, err := ix.Search(context.Background(), Query{Text: "outage"}); err != nil {
		t.Fatal(err)
	}
	ix.snaps.mu.Lock()
	defer ix.snaps.mu.Unlock()
	if ix.snaps.cols != cols {
		t.Error("the search after Warm built its own columns, want the warmed ones")
	}
}
