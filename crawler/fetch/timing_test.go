package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pmkb/pmkb/data"
)

// The tests here run in a synctest bubble over memNet: waits and sleeps
// take no real time and the clock they read is exact, so gaps between
// requests are checked to the nanosecond and cannot flake.

// memSite is a host of memNet: it counts hits and their times per path and
// answers /robots.txt with robots (404 when empty).
type memSite struct {
	mux    *http.ServeMux
	robots string
	mu     sync.Mutex
	hits   map[string]int
	times  map[string][]time.Time
}

func newMemSite(n *memNet, host string) *memSite {
	s := &memSite{mux: http.NewServeMux(), hits: map[string]int{}, times: map[string][]time.Time{}}
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if s.robots == "" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, s.robots)
	})
	n.handle(host, s)
	return s
}

func (s *memSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.times[r.URL.Path] = append(s.times[r.URL.Path], time.Now())
	s.mu.Unlock()
	s.mux.ServeHTTP(w, r)
}

func (s *memSite) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// starts returns the request times of paths, in order.
func (s *memSite) starts(paths ...string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Time
	for p, ts := range s.times {
		if len(paths) == 0 && p != "/robots.txt" || slices.Contains(paths, p) {
			out = append(out, ts...)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func (s *memSite) page(path string) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><body><p>"+path+"</p></body></html>")
	})
}

// memFetcher is a Fetcher on n with fast test options changed by edit.
func memFetcher(t *testing.T, n *memNet, edit func(*Options)) *Fetcher {
	t.Helper()
	o := testOptions()
	o.transport = n
	if edit != nil {
		edit(&o)
	}
	return newFetcher(t, o)
}

// minGap returns the smallest gap between consecutive times.
func minGap(ts []time.Time) time.Duration {
	gap := time.Duration(1<<63 - 1)
	for i := 1; i < len(ts); i++ {
		gap = min(gap, ts[i].Sub(ts[i-1]))
	}
	return gap
}

func TestDelayOption(t *testing.T) {
	for _, tc := range []struct {
		name  string
		delay *time.Duration
		want  time.Duration
	}{{"unset", nil, DefaultDelay}, {"zero", new(time.Duration(0)), 0}, {"set", new(250 * time.Millisecond), 250 * time.Millisecond}} {
		o, err := Options{Delay: tc.delay}.WithDefaults()
		if err != nil || *o.Delay != tc.want {
			t.Errorf("%s: got %v, %v; want %s", tc.name, o.Delay, err, tc.want)
		}
	}
	if _, err := (Options{Delay: new(-time.Second)}).WithDefaults(); err == nil || !strings.Contains(err.Error(), "Delay") {
		t.Errorf("negative delay: got %v, want an error naming Delay", err)
	}
}

// TestZeroDelayMeansNone: --delay 0s sends a host's requests back to back,
// while an unset delay spaces them by DefaultDelay.
func TestZeroDelayMeansNone(t *testing.T) {
	for _, tc := range []struct {
		name  string
		delay *time.Duration
		gap   time.Duration
	}{{"zero", new(time.Duration(0)), 0}, {"unset", nil, DefaultDelay}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newMemNet()
				s := newMemSite(n, "a.test")
				f := memFetcher(t, n, func(o *Options) { o.Delay = tc.delay })
				for i := range 3 {
					p := fmt.Sprintf("/p%d", i)
					s.page(p)
					if res := f.Fetch(context.Background(), Request{URL: "http://a.test" + p}, nil); res.Status != data.FetchOK {
						t.Fatalf("%s: got %s (%v), want ok", p, res.Status, res.Err)
					}
				}
				if got := minGap(s.starts("/robots.txt", "/p0", "/p1", "/p2")); got != tc.gap {
					t.Errorf("gap between requests: got %s, want %s", got, tc.gap)
				}
			})
		})
	}
}

// TestLateSendKeepsDelay: a request sent late in its turn (it waited for a
// global slot) pushes the next one back, so two requests never go out
// closer than the delay.
func TestLateSendKeepsDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const delay = 60 * time.Millisecond
		u, _ := url.Parse("http://h.example/")
		h := newHostPool(delay, time.Minute).get(u)
		ctx := context.Background()
		if err := h.acquire(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(40 * time.Millisecond) // waiting for a global slot
		h.sent()
		first := time.Now()
		h.release()
		if err := h.acquire(ctx); err != nil {
			t.Fatal(err)
		}
		h.sent()
		if gap := time.Since(first); gap != delay {
			t.Errorf("requests sent %s apart, want %s", gap, delay)
		}
		h.release()
	})
}

// TestPerHostAndGlobalLimits fetches several hosts' pages at once, one
// goroutine per host as the crawler does, and watches the servers: never
// two requests at once on one host, never more than Concurrency in all,
// request starts on one host at least Delay apart, and the pmkb User-Agent
// on every request.
func TestPerHostAndGlobalLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const hosts, perHost = 5, 4
		const delay = 40 * time.Millisecond
		var global, globalMax, badUA atomic.Int32
		n := newMemNet()
		f := memFetcher(t, n, func(o *Options) { o.Concurrency, o.Delay = 2, new(delay) })
		sites := make([]*memSite, hosts)
		perHostMax := make([]atomic.Int32, hosts)
		var wg sync.WaitGroup
		for h := range hosts {
			sites[h] = newMemSite(n, fmt.Sprintf("h%d.test", h))
			var inFlight atomic.Int32
			sites[h].mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if r.UserAgent() != DefaultUserAgent {
					badUA.Add(1)
				}
				n, g := inFlight.Add(1), global.Add(1)
				defer inFlight.Add(-1)
				defer global.Add(-1)
				for m := perHostMax[h].Load(); n > m && !perHostMax[h].CompareAndSwap(m, n); m = perHostMax[h].Load() {
				}
				for m := globalMax.Load(); g > m && !globalMax.CompareAndSwap(m, g); m = globalMax.Load() {
				}
				time.Sleep(25 * time.Millisecond)
				io.WriteString(w, "<p>x</p>")
			})
			wg.Go(func() {
				for p := range perHost {
					u := fmt.Sprintf("http://h%d.test/p%d", h, p)
					if res := f.Fetch(context.Background(), Request{URL: u}, nil); res.Status != data.FetchOK {
						t.Errorf("%s: got %s (%v), want ok", u, res.Status, res.Err)
					}
				}
			})
		}
		wg.Wait()
		if m := globalMax.Load(); m > 2 {
			t.Errorf("global in flight: got %d, want at most Concurrency 2", m)
		}
		for h := range hosts {
			if m := perHostMax[h].Load(); m != 1 {
				t.Errorf("host %d in flight: got %d, want 1", h, m)
			}
			if gap := minGap(sites[h].starts()); gap < delay {
				t.Errorf("host %d: requests %s apart, want at least %s", h, gap, delay)
			}
		}
		if n := badUA.Load(); n != 0 {
			t.Errorf("%d requests without the pmkb User-Agent", n)
		}
	})
}

// TestCrawlDelay: a robots.txt Crawl-delay longer than Delay spaces the
// host's requests, the robots.txt request included; Disallow is obeyed.
func TestCrawlDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		s := newMemSite(n, "a.test")
		s.robots = "User-agent: *\nDisallow: /\n\nUser-agent: pmkb\nDisallow: /private\nCrawl-delay: 0.3\n"
		for _, p := range []string{"/a", "/b", "/c", "/private/x"} {
			s.page(p)
		}
		f := memFetcher(t, n, nil)
		for _, p := range []string{"/a", "/b", "/c"} {
			if res := f.Fetch(context.Background(), Request{URL: "http://a.test" + p}, nil); res.Status != data.FetchOK {
				t.Errorf("%s: got %s (%v), want ok", p, res.Status, res.Err)
			}
		}
		res := f.Fetch(context.Background(), Request{URL: "http://a.test/private/x"}, nil)
		if res.Status != data.FetchBlocked || !errors.Is(res.Err, ErrDisallowed) || s.hit("/private/x") != 0 {
			t.Errorf("disallowed page: got %s (%v) and %d hits, want blocked by robots.txt, no request", res.Status, res.Err, s.hit("/private/x"))
		}
		if gap := minGap(s.starts("/robots.txt", "/a", "/b", "/c")); gap != 300*time.Millisecond {
			t.Errorf("gap between requests: got %s, want the 300ms Crawl-delay", gap)
		}
	})
}

func TestRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		s := newMemSite(n, "a.test")
		n503 := 0
		s.mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
			if n503 < 2 {
				n503++
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			io.WriteString(w, "<p>finally</p>")
		})
		first429 := true
		s.mux.HandleFunc("/limited", func(w http.ResponseWriter, r *http.Request) {
			if first429 {
				first429 = false
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			io.WriteString(w, "<p>ok now</p>")
		})
		s.mux.HandleFunc("/forbidden", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusForbidden) })
		s.mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) })
		f := memFetcher(t, n, func(o *Options) { o.MaxAttempts = 3 })
		cases := []struct {
			path   string
			status string
			http   int
			hits   int
			minDur time.Duration
		}{
			{"/flaky", data.FetchOK, 200, 3, 0},
			{"/limited", data.FetchOK, 200, 2, time.Second}, // Retry-After: 1 honoured
			{"/forbidden", data.FetchFailed, 403, 1, 0},     // other 4xx: no retry
			{"/down", data.FetchFailed, 502, 3, 0},          // gives up after MaxAttempts
		}
		for _, tc := range cases {
			start := time.Now()
			res := f.Fetch(context.Background(), Request{URL: "http://a.test" + tc.path}, nil)
			if res.Status != tc.status || res.HTTPStatus != tc.http {
				t.Errorf("%s: got %s/%d (%v), want %s/%d", tc.path, res.Status, res.HTTPStatus, res.Err, tc.status, tc.http)
			}
			if got := s.hit(tc.path); got != tc.hits {
				t.Errorf("%s: hits: got %d, want %d", tc.path, got, tc.hits)
			}
			if d := time.Since(start); d < tc.minDur {
				t.Errorf("%s: took %s, want at least %s", tc.path, d, tc.minDur)
			}
		}
	})
}

func TestRetryAfterCapped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		s := newMemSite(n, "a.test")
		first := true
		s.mux.HandleFunc("/p", func(w http.ResponseWriter, r *http.Request) {
			if first {
				first = false
				w.Header().Set("Retry-After", "3600")
				http.Error(w, "later", http.StatusTooManyRequests)
				return
			}
			io.WriteString(w, "<p>x</p>")
		})
		f := memFetcher(t, n, func(o *Options) { o.MaxBackoff = 200 * time.Millisecond })
		start := time.Now()
		res := f.Fetch(context.Background(), Request{URL: "http://a.test/p"}, nil)
		// The retry waits the 200ms cap (not an hour), after the Delay since
		// robots.txt.
		if d := time.Since(start); d != 200*time.Millisecond+time.Millisecond || res.Status != data.FetchOK {
			t.Errorf("got %s after %s, want ok after the 200ms cap and the 1ms delay", res.Status, d)
		}
	})
}

func TestTrickleTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		s := newMemSite(n, "a.test")
		s.mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for range 100 {
				if _, err := io.WriteString(w, "<p>x</p>"); err != nil {
					return
				}
				select {
				case <-r.Context().Done():
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
		f := memFetcher(t, n, func(o *Options) { o.Timeout, o.MaxAttempts = 300*time.Millisecond, 2 })
		start := time.Now()
		res := f.Fetch(context.Background(), Request{URL: "http://a.test/slow"}, nil)
		if res.Status != data.FetchFailed || res.Err == nil || !strings.Contains(res.Err.Error(), "deadline exceeded") {
			t.Errorf("got %s (%v), want failed on the timeout", res.Status, res.Err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %s, want about 2 x 300ms", d)
		}
		if got := s.hit("/slow"); got != 2 {
			t.Errorf("hits: got %d, want 2 (a timeout is retried)", got)
		}
	})
}

// TestNextRetryWaits: a retry an interrupted crawl scheduled is made at its
// time, not before; a cancelled wait ends the fetch.
func TestNextRetryWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		s := newMemSite(n, "a.test")
		s.page("/p")
		f := memFetcher(t, n, nil)
		due := time.Now().Add(300 * time.Millisecond)
		if res := f.Fetch(context.Background(), Request{URL: "http://a.test/p", NextRetry: due}, nil); res.Status != data.FetchOK {
			t.Fatalf("got %s (%v), want ok", res.Status, res.Err)
		}
		if ts := s.starts("/robots.txt"); len(ts) != 1 || ts[0].Before(due) {
			t.Errorf("first request at %v, want it at or after %v", ts, due)
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		res := f.Fetch(ctx, Request{URL: "http://a.test/p", NextRetry: time.Now().Add(time.Hour)}, nil)
		if !errors.Is(res.Err, context.Canceled) || s.hit("/p") != 1 {
			t.Errorf("cancelled wait: got %v and %d hits, want context.Canceled and no request", res.Err, s.hit("/p"))
		}
	})
}
