package crawler

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// fakeWayback is a Wayback-compatible service: /wayback/available answers
// for the origins it holds, /web/TS/ORIGIN serves a capture with the
// toolbar, /web/TSid_/ORIGIN the raw capture.
type fakeWayback struct {
	*site
	mu       sync.Mutex
	captures map[string]string // origin -> page
	lookups  []string          // the url= of each availability call
}

const toolbarText = "WAYBACK TOOLBAR SHOULD NEVER SHOW"

func newWayback(t *testing.T) *fakeWayback {
	w := &fakeWayback{site: newSite(t), captures: map[string]string{}}
	w.mux.HandleFunc("/wayback/available", func(rw http.ResponseWriter, r *http.Request) {
		origin := r.URL.Query().Get("url")
		w.mu.Lock()
		w.lookups = append(w.lookups, origin)
		_, ok := w.captures[origin]
		w.mu.Unlock()
		ans := map[string]any{"url": origin, "archived_snapshots": map[string]any{}}
		if ok {
			ans["archived_snapshots"] = map[string]any{"closest": map[string]any{
				"available": true, "status": "200", "timestamp": "20200102030405",
				"url": w.URL + "/web/20200102030405/" + origin}}
		}
		json.NewEncoder(rw).Encode(ans)
	})
	w.mux.HandleFunc("/web/", func(rw http.ResponseWriter, r *http.Request) {
		ts, origin, _ := strings.Cut(strings.TrimPrefix(r.URL.RequestURI(), "/web/"), "/")
		if !strings.Contains(origin, "://") { // the mux cleans "//" as the real service tolerates
			origin = strings.Replace(origin, ":/", "://", 1)
		}
		w.mu.Lock()
		body, ok := w.captures[origin]
		w.mu.Unlock()
		if !ok {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "text/html")
		if !strings.HasSuffix(ts, "id_") {
			body = strings.Replace(body, "<body>", "<body><!-- BEGIN WAYBACK TOOLBAR INSERT --><div>"+
				toolbarText+"</div><!-- END WAYBACK TOOLBAR INSERT -->", 1)
		}
		io.WriteString(rw, body)
	})
	return w
}

func (w *fakeWayback) hold(origin, page string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.captures[origin] = page
}

func TestWaybackFallback(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	wb := newWayback(t)
	s.mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	s.mux.HandleFunc("/removed", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	s.page("/parked", "example.com", "This domain is for sale! Buy this domain today.")
	s.mux.HandleFunc("/nocapture", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	for _, p := range []string{"/gone", "/removed", "/parked"} {
		wb.hold(s.URL+p, htmlPage("Archived "+p, "The old text of "+p))
	}
	o := testOptions(t)
	o.NoWayback = false
	o.WaybackURL = wb.URL
	c, _ := newCrawler(t, o)
	for _, p := range []string{"/gone", "/removed", "/parked"} {
		t.Run(strings.Trim(p, "/"), func(t *testing.T) {
			pm := crawlOne(t, c, s.URL+p)
			if pm.Fetch.Status != data.FetchArchived || pm.Title != "Archived "+p {
				t.Errorf("got %+v title %q, want archived, Archived %s", pm.Fetch, pm.Title, p)
			}
			if want := wb.URL + "/web/20200102030405/" + s.URL + p; pm.ArchiveURL != want {
				t.Errorf("archive_url: got %q, want %q", pm.ArchiveURL, want)
			}
			if strings.Contains(pm.Body, toolbarText) {
				t.Errorf("body carries the Wayback toolbar: %q", pm.Body)
			}
			if pm.URL != s.URL+p {
				t.Errorf("url: got %q, want the origin", pm.URL)
			}
		})
	}
	pm := crawlOne(t, c, s.URL+"/nocapture")
	if pm.Fetch.Status != data.FetchFailed || !strings.Contains(pm.Fetch.Error, "http 404") ||
		!strings.Contains(pm.Fetch.Error, "no wayback snapshot") {
		t.Errorf("no capture: got %+v, want failed naming the 404 and the missing snapshot", pm.Fetch)
	}
}

func TestWaybackDeadHost(t *testing.T) {
	t.Parallel()
	dead := newSite(t)
	deadURL := dead.URL + "/post"
	dead.Close() // nothing listens there any more: connection refused
	wb := newWayback(t)
	wb.hold(deadURL, htmlPage("From the archive", "the post"))
	o := testOptions(t)
	o.NoWayback = false
	o.WaybackURL = wb.URL
	o.MaxAttempts = 2
	c, _ := newCrawler(t, o)
	pm := crawlOne(t, c, deadURL)
	if pm.Fetch.Status != data.FetchArchived || pm.Title != "From the archive" {
		t.Errorf("got %+v title %q, want archived from the Wayback copy", pm.Fetch, pm.Title)
	}
}

func TestListArchiveURLAndNoWayback(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/live", "Live copy", "origin text")
	wb := newWayback(t)
	wb.hold(s.URL+"/live", htmlPage("Archived copy", "archived text"))
	// The list links the capture on web.archive.org; the crawler asks the
	// configured compatible service for it, in raw form.
	listed := "https://web.archive.org/web/20200102030405/" + s.URL + "/live"
	o := testOptions(t)
	o.NoWayback = false
	o.WaybackURL = wb.URL
	c, _ := newCrawler(t, o)
	sink := newSink()
	e := entry(t, listed, "Acme")
	if _, err := c.Run(context.Background(), []lists.Entry{e}, sink); err != nil {
		t.Fatal(err)
	}
	pm := sink.get(t, s.URL+"/live")
	if pm.Fetch.Status != data.FetchArchived || pm.Title != "Archived copy" || pm.ArchiveURL != listed {
		t.Errorf("listed capture: got %+v title %q archive %q", pm.Fetch, pm.Title, pm.ArchiveURL)
	}
	if s.hit("/live") != 0 {
		t.Errorf("origin: got %d hits, want 0 (the list's capture was used)", s.hit("/live"))
	}
	// --no-wayback: the origin, never the service.
	o = testOptions(t)
	o.WaybackURL = wb.URL
	c2, _ := newCrawler(t, o)
	before := wb.hit("/wayback/available")
	sink = newSink()
	if _, err := c2.Run(context.Background(), []lists.Entry{e}, sink); err != nil {
		t.Fatal(err)
	}
	pm = sink.get(t, s.URL+"/live")
	if pm.Fetch.Status != data.FetchOK || pm.Title != "Live copy" || wb.hit("/wayback/available") != before {
		t.Errorf("no-wayback: got %+v title %q", pm.Fetch, pm.Title)
	}
}
