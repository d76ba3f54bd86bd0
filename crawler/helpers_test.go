package crawler

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// fakeExtractor stands in for crawler/extract: the <title> (or first
// Markdown heading) becomes the title, the visible text the body. It
// remembers what it was given.
type fakeExtractor struct {
	mu     sync.Mutex
	inputs []extract.Input
}

func (f *fakeExtractor) Extract(in extract.Input) (data.Article, error) {
	f.mu.Lock()
	f.inputs = append(f.inputs, in)
	f.mu.Unlock()
	if in.ContentType != "text/html" {
		title, _, _ := strings.Cut(strings.TrimSpace(string(in.Body)), "\n")
		return data.Article{Title: strings.TrimLeft(title, "# "), Body: string(in.Body)}, nil
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(in.Body))
	if err != nil {
		return data.Article{}, err
	}
	doc.Find("script,style").Remove()
	return data.Article{
		Title: strings.TrimSpace(doc.Find("title").First().Text()),
		Body:  strings.Join(strings.Fields(doc.Find("body").Text()), " "),
	}, nil
}

func (f *fakeExtractor) input(url string) (extract.Input, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.inputs) - 1; i >= 0; i-- {
		if f.inputs[i].URL == url {
			return f.inputs[i], true
		}
	}
	return extract.Input{}, false
}

// memSink keeps records by id and counts every Put.
type memSink struct {
	mu   sync.Mutex
	recs map[string]data.Postmortem
	puts int
}

func newSink() *memSink { return &memSink{recs: map[string]data.Postmortem{}} }

func (s *memSink) Put(_ context.Context, pm data.Postmortem) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs[pm.ID] = pm
	s.puts++
	return nil
}

func (s *memSink) Get(_ context.Context, id string) (data.Postmortem, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pm, ok := s.recs[id]
	return pm, ok, nil
}

func (s *memSink) get(t *testing.T, url string) data.Postmortem {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	pm, ok := s.recs[data.IDFor(url)]
	if !ok {
		t.Fatalf("no record for %s (have %d)", url, len(s.recs))
	}
	return pm
}

// site is an httptest server whose handlers count hits per path. It
// answers /robots.txt with robots (allow all when empty).
type site struct {
	*httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	times  map[string][]time.Time
	mux    *http.ServeMux
	robots string
	// robotsStatus, when set, is the status /robots.txt answers with.
	robotsStatus int
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{hits: map[string]int{}, times: map[string][]time.Time{}, mux: http.NewServeMux()}
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if s.robotsStatus != 0 {
			w.WriteHeader(s.robotsStatus)
			return
		}
		if s.robots == "" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, s.robots)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.times[r.URL.Path] = append(s.times[r.URL.Path], time.Now())
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// page serves a fixed HTML page at path.
func (s *site) page(path, title, text string) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, htmlPage(title, text))
	})
}

func htmlPage(title, text string) string {
	return "<!doctype html><html><head><title>" + title + "</title></head><body><article><p>" +
		text + "</p></article></body></html>"
}

// testOptions are fast options for a crawl of local test servers.
func testOptions(t testing.TB) Options {
	t.Helper()
	return Options{
		DataDir: t.TempDir(),
		Options: fetch.Options{
			Concurrency:  4,
			Delay:        new(time.Millisecond),
			AllowPrivate: true,
			NoWayback:    true,
			BackoffBase:  5 * time.Millisecond,
			MaxBackoff:   2 * time.Second,
			Timeout:      5 * time.Second,
			Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		},
		ProgressEvery: time.Hour,
	}
}

func newCrawler(t *testing.T, o Options) (*Crawler, *fakeExtractor) {
	t.Helper()
	ex := &fakeExtractor{}
	c, err := New(o, ex)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, ex
}

// entry makes a list entry for url.
func entry(t *testing.T, url, company string) lists.Entry {
	t.Helper()
	canon, archive, err := data.CanonicalURL(url)
	if err != nil {
		t.Fatalf("CanonicalURL(%s): %v", url, err)
	}
	return lists.Entry{URL: canon, ArchiveURL: archive, Company: company, Blurb: company + " had an outage. More words.",
		List: "test", Section: "Tests"}
}

// crawlOne runs a crawl of a single URL into a sink of its own and returns
// its record.
func crawlOne(t *testing.T, c *Crawler, url string) data.Postmortem {
	t.Helper()
	return crawlInto(t, c, url, newSink())
}

// crawlInto runs a crawl of a single URL into sink and returns its record.
func crawlInto(t *testing.T, c *Crawler, url string, sink *memSink) data.Postmortem {
	t.Helper()
	e := entry(t, url, "Acme")
	if _, err := c.Run(context.Background(), []lists.Entry{e}, sink); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sink.get(t, e.URL)
}

// sharedDir is ../shared seen from this package.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared dir absent: %v", err)
	}
	return dir
}
