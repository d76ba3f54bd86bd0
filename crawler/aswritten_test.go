package crawler

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// strictSite answers only the exact paths it holds, trailing slash and
// all, as object stores and many static hosts do: no redirect from one
// form to the other, a 404 for the wrong one. Handlers are looked up by
// the decoded path.
type strictSite struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]http.HandlerFunc
	hits  map[string]int
}

func newStrictSite(t *testing.T) *strictSite {
	t.Helper()
	s := &strictSite{pages: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h := s.pages[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *strictSite) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = h
}

func (s *strictSite) html(path, title, text string) {
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, htmlPage(title, text))
	})
}

func (s *strictSite) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// TestFetchAsWritten crawls a Markdown list from a strict server: every
// page is fetched, stored and linked as the list wrote it (trailing slash,
// none, spaces in the path, a query), identified by its canonical URL,
// redirects are followed and the final URL recorded; slow and flaky pages
// and pages in legacy encodings come through.
func TestFetchAsWritten(t *testing.T) {
	t.Parallel()
	s := newStrictSite(t)
	s.html("/blog/slash/", "Slash", "the post with a trailing slash")
	s.html("/blog/noslash", "No slash", "the post without one")
	s.html("/blog/my post.html", "Space", "a path with a space")
	s.html("/view", "Query", "a page named by its query")
	s.handle("/old/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new/", http.StatusMovedPermanently)
	})
	s.html("/new/", "Moved", "the post after its redirect")
	s.handle("/slow/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, htmlPage("Slow", "a slow server"))
	})
	var flaky sync.Once
	s.handle("/flaky/", func(w http.ResponseWriter, r *http.Request) {
		failed := false
		flaky.Do(func() { failed = true })
		if failed {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, htmlPage("Flaky", "answered on the second try"))
	})
	// "Café – l’incident": é is 0xE9 in both; – and ’ exist only in windows-1252.
	s.handle("/cp1252/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		io.WriteString(w, htmlPage("Caf\xe9 \x96 l\x92incident", "caf\xe9 \x96 l\x92incident"))
	})
	s.handle("/latin1/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><html><head><meta charset=\"iso-8859-1\"><title>Ol\xe9</title></head>"+
			"<body><article><p>r\xe9seau coup\xe9 \xe0 l'a\xe9roport</p></article></body></html>")
	})

	list := "# Test list\n\n## Outages\n\n" + strings.Join([]string{
		"[Slash](" + s.URL + "/blog/slash/). Written with a slash.",
		"[NoSlash](" + s.URL + "/blog/noslash). Written without.",
		"[Space](" + s.URL + "/blog/my post.html). An unescaped space.",
		"[Query](" + s.URL + "/view?id=7&utm_source=x#top). A query and a fragment.",
		"[Moved](" + s.URL + "/old/). Redirected.",
		"[Slow](" + s.URL + "/slow/). Slow.",
		"[Flaky](" + s.URL + "/flaky/). Flaky.",
		"[CP1252](" + s.URL + "/cp1252/). Charset in the header.",
		"[Latin1](" + s.URL + "/latin1/). Charset in a meta tag.",
	}, "\n\n") + "\n"
	entries, err := lists.Parse("test.md", []byte(list))
	if err != nil || len(entries) != 9 {
		t.Fatalf("Parse: got %d entries, %v; want 9", len(entries), err)
	}
	c, ex := newCrawler(t, testOptions(t))
	sink := newSink()
	if _, err := c.Run(context.Background(), entries, sink); err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, tc := range []struct {
		written, link, final, text string
	}{
		{"/blog/slash/", "/blog/slash/", "/blog/slash/", "trailing slash"},
		{"/blog/noslash", "/blog/noslash", "/blog/noslash", "without one"},
		{"/blog/my post.html", "/blog/my%20post.html", "/blog/my%20post.html", "with a space"},
		{"/view?id=7&utm_source=x#top", "/view?id=7&utm_source=x", "/view?id=7&utm_source=x", "by its query"},
		{"/old/", "/old/", "/new/", "after its redirect"},
		{"/slow/", "/slow/", "/slow/", "slow server"},
		{"/flaky/", "/flaky/", "/flaky/", "second try"},
		{"/cp1252/", "/cp1252/", "/cp1252/", "café – l’incident"},
		{"/latin1/", "/latin1/", "/latin1/", "réseau coupé à l'aéroport"},
	} {
		t.Run(tc.written, func(t *testing.T) {
			canon, _, err := data.CanonicalURL(s.URL + tc.written)
			if err != nil {
				t.Fatal(err)
			}
			pm := sink.get(t, canon)
			if pm.ID != data.IDFor(canon) {
				t.Errorf("id: got %s, want %s (from the canonical %s)", pm.ID, data.IDFor(canon), canon)
			}
			if pm.Fetch.Status != data.FetchOK {
				t.Fatalf("fetch: got %s (%s), want ok", pm.Fetch.Status, pm.Fetch.Error)
			}
			if pm.URL != s.URL+tc.link {
				t.Errorf("url: got %s, want %s (as written)", pm.URL, s.URL+tc.link)
			}
			if pm.Fetch.FinalURL != s.URL+tc.final {
				t.Errorf("final_url: got %s, want %s", pm.Fetch.FinalURL, s.URL+tc.final)
			}
			in, _ := ex.input(canon)
			if !strings.Contains(string(in.Body), tc.text) {
				t.Errorf("page text: got %q, want it to hold %q", clipText(string(in.Body)), tc.text)
			}
		})
	}
	for _, p := range []string{"/blog/slash", "/blog/noslash/", "/old", "/slow", "/flaky"} {
		if n := s.hit(p); n != 0 {
			t.Errorf("%s: requested %d times, want never (the list did not write it so)", p, n)
		}
	}
	if n := s.hit("/flaky/"); n != 2 {
		t.Errorf("/flaky/: requested %d times, want 2 (a 503, then the page)", n)
	}
}

func clipText(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
