package state

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/crawler/internal/testutil"
	"github.com/pmkb/pmkb/data"
)

func open(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRuns: a run stays unfinished until EndRun, so reopening the store
// resumes it; after EndRun the next run is a new one.
func TestRuns(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	run, resumed, err := s.BeginRun()
	if err != nil || run != "1" || resumed {
		t.Fatalf("BeginRun: got %q %v %v, want 1, a new run", run, resumed, err)
	}
	sts, err := s.Enqueue(run, []string{"https://a.example/1", "https://a.example/2"}, func(i int, st *URLState) {
		st.Company = fmt.Sprint("C", i)
	})
	if err != nil || len(sts) != 2 || sts[1].Company != "C1" || sts[1].Run != run {
		t.Fatalf("Enqueue: got %+v, %v", sts, err)
	}
	done := sts[0]
	done.DoneRun = run
	if err := s.Finish(done); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(t, dir)
	again, resumed, err := s.BeginRun()
	if err != nil || again != run || !resumed {
		t.Fatalf("BeginRun after reopening: got %q %v %v, want run %s resumed", again, resumed, err, run)
	}
	pending, err := s.Pending(run)
	if err != nil || len(pending) != 1 || pending[0].URL != "https://a.example/2" {
		t.Errorf("Pending: got %+v, %v; want the unfinished URL", pending, err)
	}
	if err := s.EndRun(run); err != nil {
		t.Fatal(err)
	}
	if next, resumed, _ := s.BeginRun(); next != "2" || resumed {
		t.Errorf("BeginRun after EndRun: got %q resumed=%v, want 2, a new run", next, resumed)
	}
}

// TestEnqueueKeepsState: a URL queued again keeps what the crawl learnt of
// it, and a hand-added URL (run "") is not taken out of a pending run.
func TestEnqueueKeepsState(t *testing.T) {
	s := open(t, t.TempDir())
	const u = "https://a.example/pm"
	if _, err := s.Enqueue("3", []string{u}, func(int, *URLState) {}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(u, func(st *URLState) { st.Status, st.HTTP, st.ETag = data.FetchOK, 200, `"v1"` }); err != nil {
		t.Fatal(err)
	}
	sts, err := s.Enqueue("", []string{u}, func(_ int, st *URLState) {
		st.AddSources([]data.Source{{List: "added"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := sts[0]
	if got.Run != "3" || got.Status != data.FetchOK || got.ETag != `"v1"` || len(got.Sources) != 1 {
		t.Errorf("got %+v, want run 3, the fetch facts kept and the new source", got)
	}
	if stored, ok, err := s.Get(u); !ok || err != nil || stored.ETag != `"v1"` || stored.Changed.IsZero() {
		t.Errorf("Get: got %+v %v %v", stored, ok, err)
	}
	if _, ok, err := s.Get("https://a.example/none"); ok || err != nil {
		t.Errorf("Get of an unknown URL: got ok=%v %v, want false, nil", ok, err)
	}
}

// TestOpenDropsRecords: the records bucket older crawls kept goes, the
// frontier stays.
func TestOpenDropsRecords(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if _, err := s.Enqueue("1", []string{"https://a.example/pm"}, func(int, *URLState) {}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketRecords)
		if err != nil {
			return err
		}
		return b.Put([]byte("https://a.example/pm"), []byte(`{"title":"old copy"}`))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dir)
	_ = s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketRecords) != nil {
			t.Error("the records bucket survived Open")
		}
		return nil
	})
	if _, ok, _ := s.Get("https://a.example/pm"); !ok {
		t.Error("the frontier lost its URL")
	}
}

// BenchmarkStateFinish records a page's final state, as every fetched page
// does, from several workers at once.
func BenchmarkStateFinish(b *testing.B) {
	s := open(b, b.TempDir())
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(16)
	cpu0 := testutil.ProcessCPU()
	defer func() {
		b.ReportMetric(float64((testutil.ProcessCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu_ns/op")
	}()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := fmt.Sprintf("http://bench.example/post/%d", n.Add(1))
			st := URLState{URL: u, Company: "Bench", Sources: []data.Source{{List: "bench"}}, Status: data.FetchOK, HTTP: 200,
				FetchedAt: time.Now(), Page: &archive.Ref{File: "pmkb-x.warc.gz", Offset: 1234}, ContentURL: u}
			if err := s.Finish(st); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
