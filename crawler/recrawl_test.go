package crawler

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/crawler/state"
	"github.com/pmkb/pmkb/data"
)

func TestConditionalRecrawl(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	const etag = `"v1"`
	const lastMod = "Mon, 02 Jan 2006 15:04:05 GMT"
	var mu sync.Mutex
	var conds []string
	s.mux.HandleFunc("/pm", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conds = append(conds, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		mu.Unlock()
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		io.WriteString(w, htmlPage("Versioned", "first version"))
	})
	o := testOptions(t)
	c, _ := newCrawler(t, o)
	e := entry(t, s.URL+"/pm", "Acme")
	sink := newSink()
	if _, err := c.Run(context.Background(), []lists.Entry{e}, sink); err != nil {
		t.Fatal(err)
	}
	first := sink.get(t, e.URL)
	// Second run: conditional request, 304, the record stands as it was.
	sum, err := c.Run(context.Background(), []lists.Entry{e}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ByStatus[StatusUnchanged] != 1 {
		t.Errorf("summary: got %v, want unchanged 1", sum.ByStatus)
	}
	if sink.puts != 1 {
		t.Errorf("puts: got %d, want 1 (a 304 leaves the record as it is)", sink.puts)
	}
	mu.Lock()
	got := append([]string(nil), conds...)
	mu.Unlock()
	if len(got) != 2 || got[0] != "|" || got[1] != etag+"|"+lastMod {
		t.Errorf("conditional headers: got %q, want none then %q", got, etag+"|"+lastMod)
	}
	// A new list mentioning it adds a source: the same record is re-sent with it.
	e2 := e
	e2.List, e2.Section = "other", "Elsewhere"
	if _, err := c.Run(context.Background(), []lists.Entry{e2}, sink); err != nil {
		t.Fatal(err)
	}
	pm := sink.get(t, e.URL)
	if len(pm.Sources) != 2 || pm.Title != first.Title || !pm.Fetch.FetchedAt.Equal(first.Fetch.FetchedAt) {
		t.Errorf("after a new source: got sources %+v title %q fetched %s", pm.Sources, pm.Title, pm.Fetch.FetchedAt)
	}
	// --max-age: fetched moments ago, so not requested at all.
	c.Close()
	o.MaxAge = time.Hour
	c2, _ := newCrawler(t, o)
	hits := s.hit("/pm")
	sum, err = c2.Run(context.Background(), []lists.Entry{e}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if s.hit("/pm") != hits || sum.ByStatus[StatusFresh] != 1 {
		t.Errorf("max-age: got %d new hits, summary %v; want none, fresh 1", s.hit("/pm")-hits, sum.ByStatus)
	}
}

// upperExtractor is a "better" extractor: it shouts the title.
type upperExtractor struct{ fakeExtractor }

func (u *upperExtractor) Extract(in extract.Input) (data.Article, error) {
	a, err := u.fakeExtractor.Extract(in)
	a.Title = strings.ToUpper(a.Title)
	return a, err
}

func TestReextractFromWARC(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/a", "Alpha outage", "alpha text")
	s.page("/b", "Beta outage", "beta text")
	s.mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	o := testOptions(t)
	c, _ := newCrawler(t, o)
	sink := newSink()
	es := []lists.Entry{entry(t, s.URL+"/a", "A"), entry(t, s.URL+"/b", "B"), entry(t, s.URL+"/c", "C")}
	if _, err := c.Run(context.Background(), es, sink); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(o.DataDir, "warc", "*.warc.gz"))
	if len(files) == 0 {
		t.Fatal("no WARC file written")
	}
	s.Close() // no network from here on
	c2, err := New(o, &upperExtractor{})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	sink2 := newSink() // the store the crawl wrote to (a copy, to compare with)
	for id, pm := range sink.recs {
		sink2.recs[id] = pm
	}
	n, err := c2.Reextract(context.Background(), sink2)
	if err != nil || n != 3 {
		t.Fatalf("Reextract: got %d, %v; want 3, nil", n, err)
	}
	for _, tc := range []struct{ path, title, status string }{
		{"/a", "ALPHA OUTAGE", data.FetchOK}, {"/b", "BETA OUTAGE", data.FetchOK},
		{"/c", "C: C had an outage", data.FetchFailed},
	} {
		pm := sink2.get(t, s.URL+tc.path)
		old := sink.get(t, s.URL+tc.path)
		if pm.Title != tc.title || pm.Fetch.Status != tc.status || !pm.Fetch.FetchedAt.Equal(old.Fetch.FetchedAt) {
			t.Errorf("%s: got %q %+v, want %q %s with the crawl's fetch time", tc.path, pm.Title, pm.Fetch, tc.title, tc.status)
		}
		if len(pm.Sources) != 1 || pm.ID != old.ID || pm.Body == "" && tc.status == data.FetchOK {
			t.Errorf("%s: got id %s sources %+v body %q", tc.path, pm.ID, pm.Sources, pm.Body)
		}
	}
}

func TestWARCReadableAndRequestsPaired(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/a", "Alpha", "alpha text")
	o := testOptions(t)
	c, _ := newCrawler(t, o)
	crawlOne(t, c, s.URL+"/a")
	c.Close()
	targets := map[string]int{}
	err := archive.EachResponse(filepath.Join(o.DataDir, "warc"), func(_ string, _ int64, r archive.Response) error {
		targets[r.Target] = r.Status
		if r.Target == s.URL+"/a" && !strings.Contains(string(r.Raw), "alpha text") {
			t.Errorf("stored body: got %q", r.Raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if targets[s.URL+"/a"] != 200 || targets[s.URL+"/robots.txt"] != 404 {
		t.Errorf("responses archived: got %v, want the page (200) and robots.txt (404)", targets)
	}
	// Every file is gzip (one member per record).
	files, _ := filepath.Glob(filepath.Join(o.DataDir, "warc", "*.warc.gz"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: not gzip", f)
		}
	}
}

// TestResumeKeepsAttemptsAndRetryTime: a crawl killed while waiting to retry
// a page resumes with the scheduled time (see TestRequest) and only spends
// the attempts it has left.
func TestResumeKeepsAttemptsAndRetryTime(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	o := testOptions(t)
	o.MaxAttempts = 3
	c, _ := newCrawler(t, o)
	e := entry(t, s.URL+"/down", "Acme")
	// What a killed run leaves: the URL queued in run 1, two attempts spent,
	// the next one due.
	run, _, err := c.state.BeginRun()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.enqueue(run, groupEntries([]lists.Entry{e})); err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(time.Millisecond) // the wait itself is crawler/fetch's TestNextRetryWaits
	if _, err := c.state.Update(e.URL, func(st *state.URLState) { st.Attempts, st.NextRetry = 2, due }); err != nil {
		t.Fatal(err)
	}
	sink := newSink()
	sum, err := c.Run(context.Background(), []lists.Entry{e}, sink)
	if err != nil || !sum.Resumed {
		t.Fatalf("Run: %s, %v", sum, err)
	}
	if got := s.hit("/down"); got != 1 {
		t.Errorf("requests: got %d, want 1 (the last of 3 attempts)", got)
	}
	if pm := sink.get(t, e.URL); pm.Fetch.Status != data.FetchFailed || pm.Fetch.HTTPStatus != 503 {
		t.Errorf("got %+v, want failed 503", pm.Fetch)
	}
}

// TestRequest: what the fetcher is told of a URL: its retry schedule, and
// the validators of its page only when there is a page to fall back on.
func TestRequest(t *testing.T) {
	due := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	st := urlState{URLState: state.URLState{URL: "https://a.example/pm", ArchiveURL: "https://web.archive.org/web/2020/https://a.example/pm",
		IncidentDate: "2024-02-28", Attempts: 2, NextRetry: due, ETag: `"v1"`, LastModified: "Mon, 01 Jan 2024 00:00:00 GMT"}}
	r := request(st)
	if r.URL != st.URL || r.ArchiveURL != st.ArchiveURL || r.IncidentDate != st.IncidentDate || r.Attempts != 2 || !r.NextRetry.Equal(due) {
		t.Errorf("got %+v, want the state's URL, archive URL, date, attempts and retry time", r)
	}
	if r.ETag != "" || r.LastModified != "" {
		t.Errorf("without a page: got validators %q %q, want none", r.ETag, r.LastModified)
	}
	st.Page = &archive.Ref{File: "x.warc.gz"}
	if r := request(st); r.ETag != `"v1"` || r.LastModified != st.LastModified {
		t.Errorf("with a page: got validators %q %q, want the state's", r.ETag, r.LastModified)
	}
}
