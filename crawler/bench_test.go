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
	"syscall"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// countSink counts records and keeps nothing.
type countSink struct{ n atomic.Int64 }

func (s *countSink) Put(context.Context, data.Postmortem) error { s.n.Add(1); return nil }

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
	cpu0 := processCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := Options{DataDir: b.TempDir(), Concurrency: 32, Delay: delay, AllowPrivate: true, NoWayback: true,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ProgressEvery: time.Hour}
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
	cpu := processCPU() - cpu0 // test servers included: the same work in every run
	rate := float64(pages*b.N) / total.Seconds()
	ceiling := float64(hosts) / delay.Seconds()
	b.ReportMetric(rate, "pages/s")
	b.ReportMetric(100*rate/ceiling, "%_of_ceiling")
	b.ReportMetric(float64(cpu.Microseconds())/float64(pages*b.N), "cpu_µs/page")
	if rss, err := peakRSS(); err == nil {
		b.ReportMetric(float64(rss)/(1<<20), "peak_RSS_MiB")
	}
}

// processCPU is the user and system CPU time the process has used: on a
// shared machine, a steadier measure of the crawler's cost than wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// BenchmarkWARCWrite archives one request and its 2.4 KB HTML response: the
// per-page cost of the WARC files on the crawl's hot path.
func BenchmarkWARCWrite(b *testing.B) {
	w, err := openWARC(b.TempDir(), DefaultMaxBody, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer w.close()
	body := []byte(htmlPage("Benchmark post-mortem", strings.Repeat("The cache tier ran out of memory and requests queued. ", 40)))
	req, _ := http.NewRequest(http.MethodGet, "http://bench.example/post/1", nil)
	req.Header.Set("User-Agent", DefaultUserAgent)
	resp := &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{
		"Content-Type": {"text/html; charset=utf-8"}, "Date": {"Mon, 02 Jan 2006 15:04:05 GMT"}}}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := w.write(req, resp, body, false, time.Now()); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// reportCPU reports, when the returned func is called, the process CPU
// time per op since reportCPU was: steadier than wall time on a shared
// machine.
func reportCPU(b *testing.B) func() {
	start := processCPU()
	return func() {
		b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu_ns/op")
	}
}

// BenchmarkStateFinish records a page's final state and record, as every
// fetched page does, from several workers at once.
func BenchmarkStateFinish(b *testing.B) {
	s, err := openStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	pm := data.Postmortem{Title: "Benchmark", Body: strings.Repeat("The cache tier ran out of memory and requests queued. ", 40),
		Categories: []string{"capacity"}, Technologies: []string{}, Fetch: data.Fetch{Status: data.FetchOK, HTTPStatus: 200}}
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(16)
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := fmt.Sprintf("http://bench.example/post/%d", n.Add(1))
			st := urlState{URL: u, Company: "Bench", Sources: []data.Source{{List: "bench"}}, Status: data.FetchOK, HTTP: 200,
				FetchedAt: time.Now(), Page: &warcRef{File: "pmkb-x.warc.gz", Offset: 1234}, ContentURL: u}
			pm.URL, pm.ID = u, data.IDFor(u)
			if err := s.finish(st, pm); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
