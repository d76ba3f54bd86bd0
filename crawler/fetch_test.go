package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

func TestFetchOK(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Acme outage", "The database fell over.")
	c, ex := newCrawler(t, testOptions(t))
	pm := crawlOne(t, c, s.URL+"/pm")
	if pm.Fetch.Status != data.FetchOK || pm.Fetch.HTTPStatus != 200 || pm.Fetch.FetchedAt.IsZero() {
		t.Errorf("fetch: got %+v, want ok/200 with a time", pm.Fetch)
	}
	if pm.Title != "Acme outage" || !strings.Contains(pm.Body, "database fell over") {
		t.Errorf("record: got title %q body %q", pm.Title, pm.Body)
	}
	if pm.ID != data.IDFor(s.URL+"/pm") || pm.Company != "Acme" || len(pm.Sources) != 1 || pm.Sources[0].Section != "Tests" {
		t.Errorf("record: got id %s company %q sources %+v", pm.ID, pm.Company, pm.Sources)
	}
	in, ok := ex.input(s.URL + "/pm")
	if !ok || in.ContentType != "text/html" || in.Company != "Acme" || in.Blurb == "" {
		t.Errorf("extractor input: got %+v", in)
	}
	if got := s.hit("/robots.txt"); got != 1 {
		t.Errorf("robots.txt hits: got %d, want 1", got)
	}
}

func TestRobotsDisallow(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.robots = "User-agent: *\nDisallow: /\n\nUser-agent: pmkb\nDisallow: /private\n"
	for _, p := range []string{"/a", "/b", "/c", "/private/x"} {
		s.page(p, "page "+p, "text")
	}
	c, _ := newCrawler(t, testOptions(t))
	sink := newSink()
	var es []lists.Entry
	for _, p := range []string{"/a", "/b", "/c", "/private/x"} {
		es = append(es, entry(t, s.URL+p, "Acme"))
	}
	sum, err := c.Run(context.Background(), es, sink)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := s.hit("/private/x"); got != 0 {
		t.Errorf("disallowed page: got %d hits, want 0", got)
	}
	pm := sink.get(t, s.URL+"/private/x")
	if pm.Fetch.Status != data.FetchBlocked || !strings.Contains(pm.Fetch.Error, "robots.txt") {
		t.Errorf("disallowed page: got fetch %+v, want blocked by robots.txt", pm.Fetch)
	}
	if pm.Title == "" || pm.Summary == "" {
		t.Errorf("blocked page record: got title %q summary %q, want them from the list", pm.Title, pm.Summary)
	}
	if sum.ByStatus["ok"] != 3 || sum.ByStatus["blocked"] != 1 {
		t.Errorf("summary: got %v, want ok 3 blocked 1", sum.ByStatus)
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.mux.Handle("/loop-a", http.RedirectHandler("/loop-b", http.StatusFound))
	s.mux.Handle("/loop-b", http.RedirectHandler("/loop-a", http.StatusMovedPermanently))
	for i := 0; i < 12; i++ {
		s.mux.Handle(fmt.Sprintf("/chain/%d", i), http.RedirectHandler(fmt.Sprintf("/chain/%d", i+1), http.StatusFound))
	}
	s.mux.Handle("/moved", http.RedirectHandler("/final", http.StatusMovedPermanently))
	s.page("/final", "Final", "arrived")
	c, _ := newCrawler(t, testOptions(t))

	pm := crawlOne(t, c, s.URL+"/loop-a")
	if pm.Fetch.Status != data.FetchFailed || !strings.Contains(pm.Fetch.Error, "redirect loop") {
		t.Errorf("loop: got %+v, want failed with a redirect loop", pm.Fetch)
	}
	if s.hit("/loop-a") != 1 || s.hit("/loop-b") != 1 {
		t.Errorf("loop: got %d and %d hits, want 1 each (no retry of a loop)", s.hit("/loop-a"), s.hit("/loop-b"))
	}
	pm = crawlOne(t, c, s.URL+"/chain/0")
	if pm.Fetch.Status != data.FetchFailed || !strings.Contains(pm.Fetch.Error, "too many redirects") {
		t.Errorf("chain: got %+v, want failed with too many redirects", pm.Fetch)
	}
	if got := s.hit("/chain/11"); got != 0 {
		t.Errorf("chain: hop 11 got %d hits, want 0 (stop after 10 redirects)", got)
	}
	pm = crawlOne(t, c, s.URL+"/moved")
	if pm.Fetch.Status != data.FetchOK || pm.Title != "Final" || pm.URL != s.URL+"/moved" {
		t.Errorf("moved: got %+v title %q url %s, want ok, Final, the listed URL", pm.Fetch, pm.Title, pm.URL)
	}
}

func TestBodyCaps(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	big := strings.Repeat("a", 5000)
	s.mux.HandleFunc("/declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
		io.WriteString(w, big)
	})
	s.mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 5; i++ {
			io.WriteString(w, big[:1000])
			w.(http.Flusher).Flush()
		}
	})
	bomb := gzipBytes(t, bytes.Repeat([]byte{'<'}, 20<<20))
	s.mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	o := testOptions(t)
	o.MaxBody = 1 << 20
	c, _ := newCrawler(t, o)
	for _, p := range []string{"/bomb"} {
		pm := crawlOne(t, c, s.URL+p)
		if pm.Fetch.Status != data.FetchFailed || !strings.Contains(pm.Fetch.Error, "too large") {
			t.Errorf("%s: got %+v, want failed: body too large", p, pm.Fetch)
		}
	}
	o = testOptions(t)
	o.MaxBody = 2000
	c, _ = newCrawler(t, o)
	for _, p := range []string{"/declared", "/chunked"} {
		pm := crawlOne(t, c, s.URL+p)
		if pm.Fetch.Status != data.FetchFailed || !strings.Contains(pm.Fetch.Error, "too large") {
			t.Errorf("%s: got %+v, want failed: body too large", p, pm.Fetch)
		}
		if s.hit(p) != 1 {
			t.Errorf("%s: got %d hits, want 1 (no retry)", p, s.hit(p))
		}
	}
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
