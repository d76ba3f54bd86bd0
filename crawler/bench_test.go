package crawler

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/internal/testutil"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// countSink counts records and keeps nothing.
type countSink struct{ n atomic.Int64 }

func (s *countSink) Put(context.Context, data.Postmortem) error { s.n.Add(1); return nil }

func (s *countSink) Get(context.Context, string) (data.Postmortem, bool, error) {
	return data.Postmortem{}, false, nil
}

// BenchmarkCrawlPolite crawls 2,000 pages spread over 50 local hosts, each
// answering after 20 ms, with Delay 100ms and Concurrency 32. Politeness
// caps it at hosts/delay = 500 pages/s; it reports pages/s, the share of
// that ceiling reached and the process's peak RSS.
//
//	go test -run '^$' -bench CrawlPolite -benchtime 3x ./crawler/
func BenchmarkCrawlPolite(b *testing.B) {
	const (
		hosts   = 50
		pages   = 2000
		latency = 20 * time.Millisecond
		delay   = 100 * time.Millisecond
	)
	body := htmlPage("Benchmark post-mortem", strings.Repeat("The cache tier ran out of memory and requests queued. ", 40))
	var urls []string
	for h := 0; h < hosts; h++ {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(latency)
			if r.URL.Path == "/robots.txt" {
				io.WriteString(w, "User-agent: *\nAllow: /\n")
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		}))
		b.Cleanup(srv.Close)
		for p := h; p < pages; p += hosts {
			urls = append(urls, fmt.Sprintf("%s/post/%d", srv.URL, p))
		}
	}
	var entries []lists.Entry
	for _, u := range urls {
		entries = append(entries, lists.Entry{URL: u, Company: "Bench", List: "bench", Section: "B"})
	}
	var total time.Duration
	cpu0 := testutil.ProcessCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := Options{DataDir: b.TempDir(), ProgressEvery: time.Hour, Options: fetch.Options{Concurrency: 32, Delay: new(delay),
			AllowPrivate: true, NoWayback: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
		c, err := New(o, &fakeExtractor{})
		if err != nil {
			b.Fatal(err)
		}
		sink := &countSink{}
		b.StartTimer()
		start := time.Now()
		sum, err := c.Run(context.Background(), entries, sink)
		total += time.Since(start)
		b.StopTimer()
		if err != nil || sum.ByStatus[data.FetchOK] != pages || sink.n.Load() != pages {
			b.Fatalf("run: %s, %v", sum, err)
		}
		c.Close()
		b.StartTimer()
	}
	cpu := testutil.ProcessCPU() - cpu0 // test servers included: the same work in every run
	rate := float64(pages*b.N) / total.Seconds()
	ceiling := float64(hosts) / delay.Seconds()
	b.ReportMetric(rate, "pages/s")
	b.ReportMetric(100*rate/ceiling, "%_of_ceiling")
	b.ReportMetric(float64(cpu.Microseconds())/float64(pages*b.N), "cpu_µs/page")
	if rss, err := peakRSS(); err == nil {
		b.ReportMetric(float64(rss)/(1<<20), "peak_RSS_MiB")
	}
}

// peakRSS reads the process's high-water resident set size (VmHWM).
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
