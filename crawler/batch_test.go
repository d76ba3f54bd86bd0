package crawler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// batchSink is a memSink with PutBatch; failAt makes that call (1-based)
// fail.
type batchSink struct {
	*memSink
	mu      sync.Mutex
	batches []int
	failAt  int
}

func newBatchSink() *batchSink { return &batchSink{memSink: newSink()} }

func (s *batchSink) PutBatch(ctx context.Context, pms []data.Postmortem) error {
	s.mu.Lock()
	s.batches = append(s.batches, len(pms))
	fail := len(s.batches) == s.failAt
	s.mu.Unlock()
	if fail {
		return errors.New("index full")
	}
	s.memSink.mu.Lock()
	defer s.memSink.mu.Unlock()
	for _, pm := range pms {
		s.recs[pm.ID] = pm
	}
	return nil
}

func manyEntries(t testing.TB, n int) []lists.Entry {
	es := make([]lists.Entry, n)
	for i := range es {
		es[i] = lists.Entry{URL: fmt.Sprintf("https://h%d.example/pm/%d", i%7, i), Company: fmt.Sprintf("C%d", i),
			Blurb: "A disk filled up.", List: "big", Section: "S"}
	}
	return es
}

// TestNoFetchBatches: a --no-fetch run hands a BatchSink its records in
// batches, never one at a time, and a failed batch is neither marked done
// nor lost: the next run resumes and stores it.
func TestNoFetchBatches(t *testing.T) {
	t.Parallel()
	o := testOptions(t)
	o.NoFetch = true
	c, _ := newCrawler(t, o)
	es := manyEntries(t, 2*ingestBatch+88)
	sink := newBatchSink()
	sink.failAt = 2
	_, err := c.Run(context.Background(), es, sink)
	if err == nil || !strings.Contains(err.Error(), "index full") {
		t.Fatalf("Run: got %v, want the sink's error", err)
	}
	if sink.puts != 0 || len(sink.recs) != ingestBatch {
		t.Errorf("first run: got %d Puts and %d records, want 0 and %d", sink.puts, len(sink.recs), ingestBatch)
	}
	sink.failAt = 0
	sum, err := c.Run(context.Background(), es, sink)
	if err != nil || !sum.Resumed {
		t.Fatalf("second run: got %s, %v; want a resumed run", sum, err)
	}
	if sum.ByStatus[StatusDone] != ingestBatch || sum.ByStatus[data.FetchSkipped] != ingestBatch+88 {
		t.Errorf("second run: got %v, want %d resumed and %d skipped", sum.ByStatus, ingestBatch, ingestBatch+88)
	}
	if want := []int{ingestBatch, ingestBatch, ingestBatch, 88}; fmt.Sprint(sink.batches) != fmt.Sprint(want) {
		t.Errorf("batches: got %v, want %v", sink.batches, want)
	}
	if sink.puts != 0 || len(sink.recs) != len(es) {
		t.Errorf("got %d Puts and %d records, want 0 and %d", sink.puts, len(sink.recs), len(es))
	}
	pending, err := c.state.Pending("1")
	if err != nil || len(pending) != 0 {
		t.Errorf("pending after the run: got %d, %v; want none", len(pending), err)
	}
	if pm := sink.get(t, es[5].URL); pm.Company != "C5" || pm.Fetch.Status != data.FetchSkipped || len(pm.Sources) != 1 {
		t.Errorf("record: got %q %s %+v", pm.Company, pm.Fetch.Status, pm.Sources)
	}
}

// BenchmarkNoFetchDanluu ingests danluu's list (read in place from
// ../shared) with --no-fetch through the real extractor into a sink with
// PutBatch: the crawler's share of `pmkb crawl --no-fetch`.
func BenchmarkNoFetchDanluu(b *testing.B) {
	path := filepath.Join("..", "..", "shared", "lists", "danluu-post-mortems.md")
	text, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("danluu list absent: %v", err)
	}
	es, err := lists.Parse(path, text)
	if err != nil {
		b.Fatal(err)
	}
	ex, err := extract.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := testOptions(b)
		o.NoFetch = true
		c, err := New(o, ex)
		if err != nil {
			b.Fatal(err)
		}
		sink := newBatchSink()
		b.StartTimer()
		sum, err := c.Run(context.Background(), es, sink)
		b.StopTimer()
		if err != nil || len(sink.recs) != len(es) {
			b.Fatalf("Run: %s, %v", sum, err)
		}
		c.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(es)), "entries")
}

// TestReextractListOnlyInBatches: Reextract runs list-only records through
// the (now better) extractor again and hands a BatchSink batches.
func TestReextractListOnlyInBatches(t *testing.T) {
	t.Parallel()
	o := testOptions(t)
	o.NoFetch = true
	c, _ := newCrawler(t, o)
	es := manyEntries(t, ingestBatch+3)
	es[0].Blurb = "On March 3rd, 2021 the primary database ran out of disk space and writes failed."
	sink := newBatchSink()
	if _, err := c.Run(context.Background(), es, sink); err != nil {
		t.Fatal(err)
	}
	c.Close()
	sink.batches = nil
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := New(o, ex)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	n, err := c2.Reextract(context.Background(), sink)
	if err != nil || n != len(es) {
		t.Fatalf("Reextract: got %d, %v; want %d", n, err, len(es))
	}
	if fmt.Sprint(sink.batches) != fmt.Sprint([]int{ingestBatch, 3}) || sink.puts != 0 {
		t.Errorf("got batches %v and %d Puts, want [%d 3] and none", sink.batches, sink.puts, ingestBatch)
	}
	pm := sink.get(t, es[0].URL)
	if pm.IncidentDate != "2021-03-03" || len(pm.Categories) == 0 || pm.Fetch.Status != data.FetchSkipped {
		t.Errorf("got incident date %q categories %v status %s; want 2021-03-03, some, skipped",
			pm.IncidentDate, pm.Categories, pm.Fetch.Status)
	}
}
