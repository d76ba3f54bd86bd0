package index

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/pmkb/pmkb/index/internal/testutil"
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

// TestWarm checks that warming builds the columns a search then reuses.
func TestWarm(t *testing.T) {
	ix := newTestIndex(t, testutil.SynthCorpus(t, 20))
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

// segmentCount returns how many segments the live index has.
func segmentCount(t *testing.T, ix *Index) int {
	t.Helper()
	n := 0
	err := ix.withReader(func(r bindex.IndexReader) error {
		v, ok := segmentsOf(r)
		if !ok {
			t.Fatalf("reader %T is not a scorch snapshot", r)
		}
		n = len(v.segs)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMergePolicy plans merges with the options scorch reads from
// scorchConfig (it decodes them from JSON over its defaults) and with
// compactPlan: a bulk load's segments wait for Compact, a crawl's one-record
// segments merge in the background, and Compact merges everything in one
// task.
func TestMergePolicy(t *testing.T) {
	raw, err := json.Marshal(scorchConfig()["scorchMergePlanOptions"])
	if err != nil {
		t.Fatal(err)
	}
	background := mergeplan.DefaultMergePlanOptions
	if err := json.Unmarshal(raw, &background); err != nil {
		t.Fatal(err)
	}
	segments := func(n int, size int64) []mergeplan.Segment {
		out := make([]mergeplan.Segment, n)
		for i := range out {
			out[i] = &fakeSegment{id: uint64(i), size: size}
		}
		return out
	}
	merged := func(p *mergeplan.MergePlan) (tasks, segs int) {
		if p == nil {
			return 0, 0
		}
		for _, task := range p.Tasks {
			segs += len(task.Segments)
		}
		return len(p.Tasks), segs
	}
	for _, tc := range []struct {
		name      string
		segs      []mergeplan.Segment
		opts      *mergeplan.MergePlanOptions
		wantTasks int // -1: at least one
		wantSegs  int // -1: any
	}{
		{"bulk batches wait for compact", segments(40, bulkSegment), &background, 0, 0},
		{"large bulk batches wait for compact", segments(40, 2500), &background, 0, 0},
		{"one-record puts merge", segments(40, 1), &background, -1, -1},
		{"compact merges all at once", segments(40, 2500), &compactPlan, 1, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := mergeplan.Plan(tc.segs, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			tasks, segs := merged(p)
			switch {
			case tc.wantTasks < 0 && tasks == 0:
				t.Errorf("got no merge task, want some")
			case tc.wantTasks >= 0 && (tasks != tc.wantTasks || segs != tc.wantSegs):
				t.Errorf("got %d tasks merging %d segments, want %d merging %d", tasks, segs, tc.wantTasks, tc.wantSegs)
			}
		})
	}
}

// fakeSegment is a segment of size records, none deleted, for planning.
type fakeSegment struct {
	id   uint64
	size int64
}

func (s *fakeSegment) Id() uint64          { return s.id }
func (s *fakeSegment) FullSize() int64     { return s.size }
func (s *fakeSegment) LiveSize() int64     { return s.size }
func (s *fakeSegment) HasVector() bool     { return false }
func (s *fakeSegment) FileSize() int64     { return s.size * 1000 }
func (s *fakeSegment) LiveFileSize() int64 { return s.size * 1000 }
