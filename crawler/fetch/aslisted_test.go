package fetch

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// loopback sends every request, whatever its host and scheme, to one
// server on loopback, keeping the Host header, so a test can serve the
// real web's URLs from one strict server.
type loopback struct {
	addr string
	rt   http.RoundTripper
}

func (l loopback) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Host = req.URL.Host
	r.URL.Scheme, r.URL.Host = "http", l.addr
	return l.rt.RoundTrip(r)
}

// rawLinks returns every link destination of a danluu-format list as the
// file writes it, skipping the headings that hold no post-mortems: read
// here without crawler/lists, so that the parser is checked against the
// file, not against itself.
func rawLinks(t *testing.T, b []byte) []string {
	t.Helper()
	start := regexp.MustCompile(`^\s*(?:[-*+]\s+)?\[[^\]]*\]\(`)
	skip := map[string]bool{"table of contents": true, "other lists of postmortems": true, "analysis": true, "contributors": true}
	var out []string
	skipping := false
	for _, line := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(strings.TrimSpace(line), "## "); ok {
			skipping = skip[strings.ToLower(strings.TrimSpace(h))]
			continue
		}
		m := start.FindStringIndex(line)
		if skipping || m == nil {
			continue
		}
		rest, depth := line[m[1]:], 0
		for i, r := range rest {
			if r == '(' {
				depth++
			} else if r == ')' {
				if depth == 0 {
					out = append(out, strings.TrimSpace(rest[:i]))
					break
				}
				depth--
			}
		}
	}
	return out
}

// pageKey is how the strict server files a page: host, decoded path
// (trailing slash and all) and raw query. A Wayback link's page is its
// origin's.
func pageKey(t *testing.T, raw string) string {
	t.Helper()
	if i := strings.Index(raw, "/http"); strings.Contains(raw, "web.archive.org/web/") && i > 0 {
		raw = raw[i+1:]
	}
	u, err := url.Parse(strings.ReplaceAll(raw, " ", "%20"))
	if err != nil {
		t.Fatalf("list link %q: %v", raw, err)
	}
	return strings.ToLower(u.Host) + u.Path + "?" + u.RawQuery
}

// TestDanluuListAsWritten serves every link of danluu's real list from a
// strict loopback server that holds a page for each URL exactly as the
// list writes it (a 404 for any other form, no redirects), and fetches
// each entry the parser gives the way the crawler does (Request.URL is
// the entry's Link): at least 98% must come back.
func TestDanluuListAsWritten(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "lists", "danluu-post-mortems.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("danluu's list absent: %v", err)
	}
	pages := map[string]bool{}
	for _, raw := range rawLinks(t, b) {
		pages[pageKey(t, raw)] = true
	}
	var mu sync.Mutex
	served := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.ToLower(r.Host) + r.URL.Path + "?" + r.URL.RawQuery
		if !pages[key] {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		served[key] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><head><title>"+key+"</title></head><body><article><p>The post-mortem at "+
			key+". The database failed over and the service was down for an hour.</p></article></body></html>")
	}))
	t.Cleanup(srv.Close)
	o := testOptions()
	o.Concurrency = 16
	o.transport = loopback{addr: srv.Listener.Addr().String(), rt: http.DefaultTransport}
	f := newFetcher(t, o)

	entries, err := lists.Parse(path, b)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	failed := make(chan string, len(entries))
	for _, e := range entries {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			res := f.Fetch(context.Background(), Request{URL: e.Link, ArchiveURL: e.ArchiveURL}, nil)
			if res.Status != data.FetchOK {
				failed <- e.Link + ": " + res.Status + " " + errString(res.Err)
			}
		})
	}
	wg.Wait()
	close(failed)
	for f := range failed {
		t.Logf("not fetched: %s", f)
	}
	frac := float64(len(served)) / float64(len(pages))
	t.Logf("danluu's list as written: %d of %d pages fetched (%.1f%%), %d entries parsed", len(served), len(pages), 100*frac, len(entries))
	if frac < 0.98 {
		t.Errorf("fetched %.1f%% of the list's pages, want at least 98%%", 100*frac)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
