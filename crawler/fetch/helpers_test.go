package fetch

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
)

// nopArchive archives nothing.
type nopArchive struct{}

func (nopArchive) Write(*http.Request, *http.Response, []byte, bool, time.Time) (archive.Ref, error) {
	return archive.Ref{}, nil
}

// testOptions are fast options for fetching from local test servers.
func testOptions() Options {
	return Options{
		Concurrency:  4,
		Delay:        new(time.Millisecond),
		AllowPrivate: true,
		NoWayback:    true,
		BackoffBase:  5 * time.Millisecond,
		MaxBackoff:   2 * time.Second,
		Timeout:      5 * time.Second,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func newFetcher(t *testing.T, o Options) *Fetcher {
	t.Helper()
	f, err := New(o, nopArchive{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(f.Close)
	return f
}

// site is an httptest server whose handlers count hits per path; its
// /robots.txt is a 404 (everything allowed).
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	hits map[string]int
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{mux: http.NewServeMux(), hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
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

// page serves a small HTML page with text at path.
func (s *site) page(path, text string) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><body><p>"+text+"</p></body></html>")
	})
}
