package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// runCLI runs one pmkb command line in-process and returns its exit status
// and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{
		stdout: &out, stderr: &errb, stdin: strings.NewReader(""),
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		getenv: func(string) string { return "" },
	}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// site serves three post-mortems written for this test, a robots.txt that
// forbids one path, and a danluu-format list that links to all of them.
type site struct {
	srv      *httptest.Server
	privHits atomic.Int32
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	for _, name := range []string{"db-outage", "dns-outage", "cert-expiry"} {
		b, err := os.ReadFile(filepath.Join("testdata", "site", name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("/posts/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b)
		})
	}
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		s.privHits.Add(1)
		fmt.Fprint(w, "<html><body>secret</body></html>")
	})
	mux.HandleFunc("/list.md", func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		fmt.Fprintf(w, `# Incidents we study

## Config Errors

[Globex](%[1]s/posts/dns-outage). A bad zone file made every DNS query fail.

## Database

[Acme](%[1]s/posts/db-outage). An engineer deleted the primary database.

## Uncategorized

[Initech](%[1]s/posts/cert-expiry?utm_source=list#top). An expired certificate broke the API. <script>alert(1)</script>

[Hooli](%[1]s/private/report). A page robots.txt forbids.

[Vandelay](%[1]s/posts/gone). A page that no longer exists.

## Other lists of postmortems

[Someone else's list](%[1]s/posts/elsewhere). Not a post-mortem.
`, base)
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func getJSON(t *testing.T, h http.Handler, path string, v any) int {
	t.Helper()
	rec := httpxtest.Get(t, h, path)
	if v != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("GET %s: body is not JSON: %v\n%s", path, err, rec.Body)
		}
	}
	return rec.Code
}

type searchAnswer struct {
	Total  int         `json:"total"`
	Hits   []index.Hit `json:"hits"`
	Facets map[string][]index.FacetValue
}

func facetValues(a searchAnswer, name string) []string {
	var out []string
	for _, fv := range a.Facets[name] {
		out = append(out, fv.Value)
	}
	return out
}

// crawledRouter crawls s into a new data dir and serves that dir as
// `pmkb serve` would.
func crawledRouter(t *testing.T, s *site) http.Handler {
	t.Helper()
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "crawl", "--data", dir, "--list", s.srv.URL+"/list.md",
		"--allow-private", "--delay", "1ms", "--no-wayback")
	if code != 0 {
		t.Fatalf("crawl: exit %d, stderr:\n%s", code, stderr)
	}
	if n := s.privHits.Load(); n != 0 {
		t.Errorf("robots.txt-forbidden page was requested %d times, want 0", n)
	}
	d, err := openDataDir(context.Background(), env{logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	h, err := newRouter(serverOptions{Index: d.ix, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Ready: func() bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// crawledPage is a page of the test site and what its record must hold.
type crawledPage struct {
	query, company, category, tech, status string
}

func TestEndToEnd(t *testing.T) {
	h := crawledRouter(t, newSite(t))
	var all searchAnswer
	// The embedded catalog is loaded too; the list's own records carry its name.
	if code := getJSON(t, h, "/api/v1/search?size=100&source=list", &all); code != 200 {
		t.Fatalf("search all: got %d, want 200", code)
	}
	if all.Total != 5 {
		t.Errorf("records: got %d, want 5 (3 fetched, 1 blocked, 1 failed; the 'Other lists' entry skipped)", all.Total)
	}
	if srcs := facetValues(all, "source"); len(srcs) == 0 {
		t.Errorf("source facet is empty")
	}
	for _, tc := range []crawledPage{
		{"primary database deleted replica", "Acme", "human-error", "PostgreSQL", data.FetchOK},
		{"SERVFAIL zone file", "Globex", "dns", "", data.FetchOK},
		{"expired certificate load balancer", "Initech", "certificate", "", data.FetchOK},
	} {
		t.Run(tc.company, func(t *testing.T) { checkCrawledPage(t, h, tc) })
	}
	checkFetchStatuses(t, h, all)
	rec := httpxtest.Get(t, h, "/?q=certificate")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Initech") {
		t.Errorf("search page: got %d, want 200 listing Initech", rec.Code)
	}
	checkBadInputs(t, h)
}

// checkCrawledPage finds a crawled page by search and checks its hit, its
// facets and filters, its record and its HTML page.
func checkCrawledPage(t *testing.T, h http.Handler, tc crawledPage) {
	t.Helper()
	var a searchAnswer
	if code := getJSON(t, h, "/api/v1/search?q="+url.QueryEscape(tc.query), &a); code != 200 {
		t.Fatalf("search %q: got %d, want 200", tc.query, code)
	}
	if len(a.Hits) == 0 || a.Hits[0].Company != tc.company {
		t.Fatalf("search %q: top hit %+v, want company %s", tc.query, a.Hits, tc.company)
	}
	top := a.Hits[0]
	if !slices.Contains(top.Categories, tc.category) {
		t.Errorf("%s categories: got %v, want %s among them", tc.company, top.Categories, tc.category)
	}
	if tc.tech != "" && !slices.Contains(top.Technologies, tc.tech) {
		t.Errorf("%s technologies: got %v, want %s among them", tc.company, top.Technologies, tc.tech)
	}
	if !slices.Contains(facetValues(a, "category"), tc.category) {
		t.Errorf("category facet %v lacks %s", a.Facets["category"], tc.category)
	}
	var filtered searchAnswer
	getJSON(t, h, "/api/v1/search?source=list&category="+tc.category+"&company="+url.QueryEscape(tc.company), &filtered)
	if filtered.Total != 1 {
		t.Errorf("filter category=%s company=%s: got %d hits, want 1", tc.category, tc.company, filtered.Total)
	}
	var pm data.Postmortem
	if code := getJSON(t, h, "/api/v1/incidents/"+top.ID, &pm); code != 200 {
		t.Fatalf("incident %s: got %d, want 200", top.ID, code)
	}
	if pm.Fetch.Status != tc.status || pm.Body == "" || pm.RootCause == "" {
		t.Errorf("%s: status %q, body %d bytes, root cause %q; want %s with body and root cause",
			tc.company, pm.Fetch.Status, len(pm.Body), pm.RootCause, tc.status)
	}
	rec := httpxtest.Get(t, h, "/incidents/"+top.ID)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), tc.company) {
		t.Errorf("page /incidents/%s: got %d, want 200 naming %s", top.ID, rec.Code, tc.company)
	}
	if strings.Contains(rec.Body.String(), "<script>alert") {
		t.Errorf("page /incidents/%s contains unescaped crawled script", top.ID)
	}
}

// checkFetchStatuses: the robots-blocked and the failed pages are records
// too, with their fetch status (and, for a failure, its error).
func checkFetchStatuses(t *testing.T, h http.Handler, all searchAnswer) {
	t.Helper()
	statuses := map[string]string{}
	for _, hit := range all.Hits {
		var pm data.Postmortem
		getJSON(t, h, "/api/v1/incidents/"+hit.ID, &pm)
		statuses[pm.Company] = pm.Fetch.Status
		if pm.Company == "Vandelay" && pm.Fetch.Error == "" {
			t.Errorf("failed record has no fetch.error")
		}
	}
	if statuses["Hooli"] != data.FetchBlocked || statuses["Vandelay"] != data.FetchFailed {
		t.Errorf("statuses: got %v, want Hooli blocked and Vandelay failed", statuses)
	}
}

// checkBadInputs: bad input through the whole server is a 4xx JSON error.
func checkBadInputs(t *testing.T, h http.Handler) {
	t.Helper()
	for _, bad := range []string{
		"/api/v1/search?q=year:17",
		"/api/v1/search?size=-1",
		"/api/v1/search?size=100000",
		"/api/v1/search?sort=sideways",
		"/api/v1/search?from=abc",
		"/api/v1/incidents/does-not-exist",
	} {
		var e struct {
			Error struct{ Code, Message string }
		}
		code := getJSON(t, h, bad, &e)
		if code < 400 || code > 499 || e.Error.Message == "" {
			t.Errorf("GET %s: got %d %+v, want a 4xx JSON error", bad, code, e)
		}
	}
}
