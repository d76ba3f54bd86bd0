package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// TestPerHostAndGlobalLimits crawls several hosts and watches the servers:
// never two requests at once on one host, never more than Concurrency in
// all, request starts on one host at least Delay apart, and the pmkb
// User-Agent on every request.
func TestPerHostAndGlobalLimits(t *testing.T) {
	t.Parallel()
	const hosts, perHost = 5, 4
	const delay = 40 * time.Millisecond
	var global, globalMax atomic.Int32
	var badUA atomic.Int32
	var mu sync.Mutex
	perHostMax := map[int]int32{}
	var sites []*site
	var es []lists.Entry
	for h := 0; h < hosts; h++ {
		s := newSite(t)
		var inFlight atomic.Int32
		s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			if r.UserAgent() != DefaultUserAgent {
				badUA.Add(1)
			}
			n, g := inFlight.Add(1), global.Add(1)
			defer inFlight.Add(-1)
			defer global.Add(-1)
			mu.Lock()
			perHostMax[h] = max(perHostMax[h], n)
			mu.Unlock()
			for {
				m := globalMax.Load()
				if g <= m || globalMax.CompareAndSwap(m, g) {
					break
				}
			}
			time.Sleep(25 * time.Millisecond)
			io.WriteString(w, htmlPage("p", "x"))
		})
		sites = append(sites, s)
		for p := 0; p < perHost; p++ {
			es = append(es, entry(t, fmt.Sprintf("%s/p%d", s.URL, p), "Acme"))
		}
	}
	o := testOptions(t)
	o.Concurrency = 2
	o.Delay = delay
	c, _ := newCrawler(t, o)
	sum, err := c.Run(context.Background(), es, newSink())
	if err != nil || sum.ByStatus[data.FetchOK] != hosts*perHost {
		t.Fatalf("Run: got %s, %v", sum, err)
	}
	if m := globalMax.Load(); m > 2 {
		t.Errorf("global in flight: got %d, want at most Concurrency 2", m)
	}
	for h, m := range perHostMax {
		if m > 1 {
			t.Errorf("host %d in flight: got %d, want 1", h, m)
		}
	}
	if n := badUA.Load(); n != 0 {
		t.Errorf("%d requests without the pmkb User-Agent", n)
	}
	for _, s := range sites {
		s.mu.Lock()
		var starts []time.Time
		for p, ts := range s.times {
			if p != "/robots.txt" {
				starts = append(starts, ts...)
			}
		}
		s.mu.Unlock()
		sortTimes(starts)
		for i := 1; i < len(starts); i++ {
			if gap := starts[i].Sub(starts[i-1]); gap < delay-5*time.Millisecond {
				t.Errorf("%s: requests %s apart, want at least %s", s.URL, gap, delay)
			}
		}
	}
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

func TestSameURLInTwoLists(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Shared", "x")
	c, _ := newCrawler(t, testOptions(t))
	a := entry(t, s.URL+"/pm", "Acme")
	b := entry(t, s.URL+"/pm/#section", "")
	b.List, b.Section = "danluu/post-mortems", "Config Errors"
	sink := newSink()
	sum, err := c.Run(context.Background(), []lists.Entry{a, b}, sink)
	if err != nil || sum.Total != 1 {
		t.Fatalf("Run: got %s, %v; want one URL", sum, err)
	}
	pm := sink.get(t, a.URL)
	if len(pm.Sources) != 2 || pm.Sources[1].List != "danluu/post-mortems" || pm.Company != "Acme" {
		t.Errorf("got sources %+v company %q, want both lists and Acme", pm.Sources, pm.Company)
	}
	if s.hit("/pm") != 1 || len(sink.recs) != 1 {
		t.Errorf("got %d fetches and %d records, want 1 and 1", s.hit("/pm"), len(sink.recs))
	}
}

func TestRobotsServerError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.robotsStatus = http.StatusInternalServerError
	s.page("/pm", "P", "x")
	c, _ := newCrawler(t, testOptions(t))
	pm := crawlOne(t, c, s.URL+"/pm")
	if pm.Fetch.Status != data.FetchBlocked || s.hit("/pm") != 0 {
		t.Errorf("got %+v and %d hits, want blocked without a request (RFC 9309: 5xx on robots.txt disallows)", pm.Fetch, s.hit("/pm"))
	}
}

// TestLateSendKeepsDelay: a request sent late in its turn (it waited for a
// global slot) pushes the next one back, so two requests never go out
// closer than the delay.
func TestLateSendKeepsDelay(t *testing.T) {
	t.Parallel()
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
	if gap := time.Since(first); gap < delay {
		t.Errorf("requests sent %s apart, want at least %s", gap, delay)
	}
	h.release()
}
