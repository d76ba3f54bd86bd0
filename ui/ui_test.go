package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

func init() { gin.SetMode(gin.TestMode) }

func newEngine(t *testing.T, opts ui.Options) *gin.Engine {
	t.Helper()
	if opts.Index == nil {
		opts.Index = indextest.Open(t, indextest.Fixtures())
	}
	e, err := ui.NewEngine(opts)
	if err != nil {
		t.Fatalf("ui.NewEngine: %v", err)
	}
	return e
}

func TestPagesRender(t *testing.T) {
	e := newEngine(t, ui.Options{})
	globex := indextest.Fixtures()[1]
	tests := []struct {
		name   string
		target string
		want   []string
	}{
		{"search home", "/", []string{`<form class="search"`, "6 post-mortems", "Globex", "Category", `id="facet-company"`}},
		{"search query", "/?q=mysql+split+brain", []string{"MySQL failover split brain at Globex", "<mark>", "Sort"}},
		{"search filtered", "/?category=certificate", []string{"Expired certificate breaks Initech API", "Filtered by", "Clear filters"}},
		{"search misspelt", "/?q=mysqll", []string{"Nothing matched <q>mysqll</q>. Showing results for <a href=\"/?q=mysql\">mysql</a>", "Globex"}},
		{"search sorted", "/?sort=oldest", []string{"Leap second freezes Hooli clusters", `<option value="oldest" selected>`}},
		{"record", "/incidents/" + globex.ID, []string{`<h1 lang="en">MySQL failover split brain at Globex</h1>`, "Root cause",
			"orchestrator promote a replica", "Read the original post-mortem", "test-list — Tests", "Failover", "Orchestrator"}},
		{"similar form", "/similar", []string{`<textarea id="text" name="text"`, "Find similar incidents"}},
		{"similar results", "/similar?text=" + url.QueryEscape("mysql replica split brain"), []string{"Incidents like this one", "Globex", "Why it matched:"}},
		{"stats", "/stats", []string{"<strong>6</strong> distinct incidents", "By source list", "Top categories", "Incidents per year, by category", "Top companies", "Top technologies", "<rect width="}},
		{"wheel", "/wheel?id=" + globex.ID, []string{"The scenario", "Give a hint", "Spin the wheel", "Facilitator view"}},
		{"wheel revealed", "/wheel?category=time&view=facilitator&id=" + indextest.Fixtures()[3].ID, []string{"Hooli", "Leap second freezes Hooli clusters", "30 Jun 2012"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httpxtest.Get(t, e, tc.target)
			if w.Code != http.StatusOK {
				t.Fatalf("status: got %d, want 200\n%s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("content type: got %q, want text/html; charset=utf-8", ct)
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP: got %q, want script-src 'self'", csp)
			}
			body := w.Body.String()
			if !strings.HasPrefix(body, "<!doctype html>") || !strings.HasSuffix(body, "</html>") {
				t.Errorf("page is not one whole document: starts %.40q, ends %q", body, body[max(0, len(body)-20):])
			}
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
		})
	}
}

func TestPaging(t *testing.T) {
	e := newEngine(t, ui.Options{Index: indextest.Open(t, indextest.Synthetic(45))})
	tests := []struct {
		target    string
		wantRange string
		prev      bool
		next      bool
	}{
		{"/?sort=newest", "1–20 of 45", false, true},
		{"/?sort=newest&page=2", "21–40 of 45", true, true},
		{"/?sort=newest&page=3", "41–45 of 45", true, false},
		{"/?sort=newest&page=9", "past the last result", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			w := httpxtest.Get(t, e, tc.target)
			body := w.Body.String()
			if w.Code != http.StatusOK || !strings.Contains(body, tc.wantRange) {
				t.Fatalf("got %d without %q", w.Code, tc.wantRange)
			}
			var prev, next string
			for _, m := range regexp.MustCompile(`rel="(prev|next)" href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
				if m[1] == "prev" {
					prev = strings.ReplaceAll(m[2], "&amp;", "&")
				} else {
					next = strings.ReplaceAll(m[2], "&amp;", "&")
				}
			}
			if (prev != "") != tc.prev || (next != "") != tc.next {
				t.Errorf("pager: got prev %q next %q, want prev %v next %v", prev, next, tc.prev, tc.next)
			}
			for _, l := range []string{prev, next} {
				if l != "" && !strings.Contains(l, "sort=newest") {
					t.Errorf("pager link %q drops sort=newest", l)
				}
			}
		})
	}
}

func TestHeadRequests(t *testing.T) {
	e := newEngine(t, ui.Options{})
	for _, target := range []string{"/", "/stats", "/feed.atom", "/incidents/" + indextest.Fixtures()[0].ID, "/?page=abc"} {
		g, w := httpxtest.Get(t, e, target), httpxtest.Do(t, e, "HEAD", target, "", nil)
		if w.Code != g.Code || w.Header().Get("Content-Type") != g.Header().Get("Content-Type") {
			t.Errorf("HEAD %s: got %d %q, want GET's %d %q", target, w.Code, w.Header().Get("Content-Type"),
				g.Code, g.Header().Get("Content-Type"))
		}
		if w.Body.Len() != 0 {
			t.Errorf("HEAD %s: got a %d-byte body, want none", target, w.Body.Len())
		}
	}
}

func TestPostSimilarTooLarge(t *testing.T) {
	e := newEngine(t, ui.Options{})
	form := "text=" + strings.Repeat("a", 70<<10)
	w := httpxtest.Do(t, e, "POST", "/similar", "application/x-www-form-urlencoded", strings.NewReader(form))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "could not be read") {
		t.Errorf("oversize form: got %d, want a 400 page saying the form could not be read", w.Code)
	}
}

func TestPostSimilar(t *testing.T) {
	e := newEngine(t, ui.Options{})
	form := url.Values{"text": {"replica promoted during a network partition"}}.Encode()
	w := httpxtest.Do(t, e, "POST", "/similar", "application/x-www-form-urlencoded", strings.NewReader(form))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Globex") {
		t.Errorf("POST /similar: got %d, want 200 listing Globex\n%s", w.Code, w.Body)
	}
}

// hrefs returns the unescaped targets of every link in a page.
func hrefs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	return out
}

func TestFacetLinksToggleAndKeepParams(t *testing.T) {
	e := newEngine(t, ui.Options{})
	w := httpxtest.Get(t, e, "/?q=replica&category=database&sort=newest")
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200", w.Code)
	}
	var add, remove bool
	for _, h := range hrefs(w.Body.String()) {
		u, err := url.Parse(h)
		if err != nil || u.Path != "/" {
			continue
		}
		v := u.Query()
		if v.Get("company") == "Globex" {
			add = true
			if v.Get("q") != "replica" || v.Get("category") != "database" || v.Get("sort") != "newest" {
				t.Errorf("company link %q drops other params", h)
			}
		}
		if v.Get("q") == "replica" && v.Get("sort") == "newest" && !v.Has("category") && !v.Has("company") {
			remove = true
		}
	}
	if !add {
		t.Errorf("no facet link adds company=Globex while keeping the other params")
	}
	if !remove {
		t.Errorf("no link removes category=database while keeping q and sort")
	}
}

func TestBadInputPages(t *testing.T) {
	e := newEngine(t, ui.Options{})
	tests := []struct {
		name       string
		method     string
		target     string
		wantStatus int
		want       string
	}{
		{"parentheses grouping", "GET", "/?q=" + url.QueryEscape("(dns OR bgp)"), 400, "do not group"},
		{"unknown category", "GET", "/?category=cosmic-rays", 400, "unknown category"},
		{"bad page", "GET", "/?page=abc", 400, "does not exist"},
		{"page beyond the window", "GET", "/?page=100000", 400, "does not exist"},
		{"unknown sort", "GET", "/?sort=loudest", 400, "is not one of relevance"},
		{"query too long", "GET", "/?q=" + strings.Repeat("a", 501), 400, "limit is 500"},
		{"bad year", "GET", "/?year=20x9", 400, "four-digit year"},
		{"unknown id", "GET", "/incidents/0123456789abcdef", 404, "No incident"},
		{"malformed id", "GET", "/incidents/" + url.PathEscape("<x>"), 404, "No incident"},
		{"empty similar post", "POST", "/similar", 400, "Paste an alert"},
		{"similar text too long", "GET", "/similar?text=" + strings.Repeat("a", 10001), 400, "limit is 10000"},
		{"unknown wheel category", "GET", "/wheel?category=cosmic-rays", 400, "no category"},
		{"unknown page", "GET", "/nope", 404, "Page not found"},
		{"unknown asset", "GET", "/static/style.000000000000.css", 404, "no such file"},
		{"wrong method", "DELETE", "/stats", 405, "Method not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct := ""
			if tc.method == "POST" {
				ct = "application/x-www-form-urlencoded"
			}
			w := httpxtest.Do(t, e, tc.method, tc.target, ct, strings.NewReader(""))
			if w.Code != tc.wantStatus {
				t.Fatalf("status: got %d, want %d\n%s", w.Code, tc.wantStatus, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type: got %q, want an HTML page", ct)
			}
			if !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("page lacks %q:\n%s", tc.want, w.Body)
			}
		})
	}
}

func TestStaticAssets(t *testing.T) {
	e := newEngine(t, ui.Options{})
	body := httpxtest.Get(t, e, "/").Body.String()
	for _, m := range []struct{ re, ctype string }{
		{`href="(/static/style\.[0-9a-f]{12}\.css)"`, "text/css"},
		{`src="(/static/app\.[0-9a-f]{12}\.js)"`, "javascript"},
		{`href="(/static/favicon\.[0-9a-f]{12}\.svg)"`, "image/svg+xml"},
	} {
		found := regexp.MustCompile(m.re).FindStringSubmatch(body)
		if found == nil {
			t.Errorf("page links no asset matching %s", m.re)
			continue
		}
		w := httpxtest.Get(t, e, found[1])
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			t.Errorf("%s: got %d with %d bytes, want 200 with content", found[1], w.Code, w.Body.Len())
		}
		if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("%s: Cache-Control got %q, want a year, immutable", found[1], cc)
		}
		if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, m.ctype) {
			t.Errorf("%s: Content-Type got %q, want %s", found[1], ct, m.ctype)
		}
	}
}

// TestIncidentPageShowsTextOnce renders a record shaped like the
// extractor's output: the summary cut from the summary section, the root
// cause a sentence of both. Each text and heading appears once.
func TestIncidentPageShowsTextOnce(t *testing.T) {
	const cause = "A runaway cron job filled the shared volume."
	pm := indextest.Fixtures()[0]
	pm.Summary = "Storage on Acme's build farm stopped for an hour. " + cause
	pm.RootCause = cause
	pm.CategoryEvidence = map[string]string{"dns": "The farm could not resolve its mirrors.", "config-change": cause}
	pm.Sections.Summary = "Storage on Acme's build farm stopped for an hour.\n" + cause + "\n\nBuilds queued meanwhile."
	pm.Sections.RootCause = cause
	e := newEngine(t, ui.Options{Index: indextest.Open(t, []data.Postmortem{pm})})
	w := httpxtest.Get(t, e, "/incidents/"+pm.ID)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200", w.Code)
	}
	body := w.Body.String()
	for s, want := range map[string]int{
		cause:                      1,
		">Summary</h2>":            1,
		"Builds queued meanwhile.": 1,
		"Customers saw errors":     1, // the impact section adds something
		`<mark class="cause">`:     1,
		"resolve its mirrors.</q>": 1, // evidence not shown elsewhere is quoted
		`<a href="#sum">stated in the Summary section</a>`: 1, // evidence already shown is not repeated
		"(from: Impact)":              0,
		`<h2 id="rc">Root cause</h2>`: 0, // shown marked in the summary instead
	} {
		if got := strings.Count(body, s); got != want {
			t.Errorf("%q: got %d on the page, want %d", s, got, want)
		}
	}
	if i, j := strings.Index(body, ">Summary</h2>"), strings.Index(body, ">Impact</h2>"); i < 0 || j < i {
		t.Errorf("order: summary at %d, impact at %d; want the summary first", i, j)
	}
}

// TestLimitsFromOptions checks that the page limits come from Options:
// the query length, the page size, the pasted text and the form body.
func TestLimitsFromOptions(t *testing.T) {
	e := newEngine(t, ui.Options{MaxQueryLen: 10, PageSize: 2, MaxTextLen: 20, MaxBodyBytes: 1024})
	tests := []struct {
		method, target, body string
		wantStatus           int
		want                 []string
	}{
		{"GET", "/", "", 200, []string{"1–2 of 6 post-mortems", `maxlength="10"`, `rel="next" href="/?page=2"`}},
		{"GET", "/?page=3", "", 200, []string{"5–6 of 6 post-mortems"}},
		{"GET", "/?page=5001", "", 400, []string{"pages run from 1 to 5000"}},
		{"GET", "/?q=" + strings.Repeat("a", 11), "", 400, []string{"the limit is 10."}},
		{"GET", "/stats", "", 200, []string{`maxlength="10"`}},
		{"GET", "/similar", "", 200, []string{`maxlength="20"`}},
		{"GET", "/similar?text=" + strings.Repeat("a", 21), "", 400, []string{"the limit is 20."}},
		{"POST", "/similar", "text=" + strings.Repeat("a", 2000), 400, []string{"could not be read"}},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target[:min(len(tc.target), 30)], func(t *testing.T) {
			w := httpxtest.Do(t, e, tc.method, tc.target, "application/x-www-form-urlencoded", strings.NewReader(tc.body))
			if w.Code != tc.wantStatus {
				t.Fatalf("status: got %d, want %d", w.Code, tc.wantStatus)
			}
			for _, s := range tc.want {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("page lacks %q", s)
				}
			}
		})
	}
	body := httpxtest.Get(t, newEngine(t, ui.Options{}), "/similar").Body.String()
	for _, s := range []string{`maxlength="500"`, `maxlength="10000"`} {
		if !strings.Contains(body, s) {
			t.Errorf("default limits: the page lacks %q", s)
		}
	}
	if _, err := ui.New(ui.Options{Index: indextest.Open(t, indextest.Fixtures()), PageSize: 101}); err == nil || !strings.Contains(err.Error(), "PageSize") {
		t.Errorf("PageSize 101: got %v, want an error naming PageSize", err)
	}
}
