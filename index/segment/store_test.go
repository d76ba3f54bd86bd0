package segment

import (
	"encoding/json"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// TestMergePolicy plans merges with the options scorch reads from
// scorchConfig (it decodes them from JSON over its defaults) and with
// compactPlan: a bulk load's segments wait for Compact, a crawl's one-record
// segments merge in the background, and Compact merges everything in one
// task.
func TestMergePolicy(t *testing.T) {
	raw, err := json.Marshal(config()["scorchMergePlanOptions"])
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
