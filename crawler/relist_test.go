package crawler

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// versioned serves an HTML page at path that answers 304 to its ETag.
func (s *site) versioned(path, title, text string) {
	const etag = `"v1"`
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, htmlPage(title, text))
	})
}

// parseList parses a list written in the test.
func parseList(t *testing.T, name, text string) []lists.Entry {
	t.Helper()
	es, err := lists.Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("lists.Parse(%s): %v", name, err)
	}
	return es
}

// TestLaterListUpdatesRecord: a URL first crawled from a plain URL list (no
// company) and then named by a danluu-format list gets the second list's
// company and source, whether the page answers 304, is skipped as fresh
// under MaxAge, or is not fetched at all.
func TestLaterListUpdatesRecord(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		tweak  func(*Options)
		status string
	}{
		{"not modified", func(*Options) {}, StatusUnchanged},
		{"fresh under max-age", func(o *Options) { o.MaxAge = time.Hour }, StatusFresh},
		{"no-fetch after a fetch", func(o *Options) { o.NoFetch = true }, data.FetchOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.versioned("/pm", "Registry outage", "the package index was down")
			o := testOptions(t)
			c, _ := newCrawler(t, o)
			sink := newSink()
			plain := parseList(t, "urls.txt", s.URL+"/pm\n")
			if _, err := c.Run(context.Background(), plain, sink); err != nil {
				t.Fatal(err)
			}
			if pm := sink.get(t, s.URL+"/pm"); pm.Company != "" {
				t.Fatalf("after the URL list: got company %q, want none", pm.Company)
			}
			c.Close()
			tc.tweak(&o)
			c, _ = newCrawler(t, o)
			md := parseList(t, "pms.md", "## Uncategorized\n\n[PyPI]("+s.URL+"/pm). The package index went down.\n")
			sum, err := c.Run(context.Background(), md, sink)
			if err != nil {
				t.Fatal(err)
			}
			if sum.ByStatus[tc.status] != 1 {
				t.Errorf("summary: got %v, want %s 1", sum.ByStatus, tc.status)
			}
			pm := sink.get(t, s.URL+"/pm")
			want := []data.Source{{List: "urls"}, {List: "pms", Section: "Uncategorized"}}
			if pm.Company != "PyPI" || !slices.Equal(pm.Sources, want) || pm.Title != "Registry outage" ||
				pm.Fetch.Status != data.FetchOK {
				t.Errorf("got company %q sources %+v title %q status %s; want PyPI, %+v, the page's title, ok",
					pm.Company, pm.Sources, pm.Title, pm.Fetch.Status, want)
			}
			// Nothing new the third time: the record is not sent again.
			puts := sink.puts
			if _, err := c.Run(context.Background(), md, sink); err != nil {
				t.Fatal(err)
			}
			if sink.puts != puts {
				t.Errorf("puts: got %d more, want none for a list that brings nothing new", sink.puts-puts)
			}
		})
	}
}

// TestAddCompanyOverrides: `add --company X` replaces a list's company,
// also when the page answers 304.
func TestAddCompanyOverrides(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.versioned("/pm", "Outage", "text")
	c, _ := newCrawler(t, testOptions(t))
	sink := newSink()
	if _, err := c.Run(context.Background(), []lists.Entry{entry(t, s.URL+"/pm", "Acme")}, sink); err != nil {
		t.Fatal(err)
	}
	pm, err := c.Add(context.Background(), s.URL+"/pm", "Acme Corp", sink)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	if stored := sink.get(t, s.URL+"/pm"); pm.Company != "Acme Corp" || stored.Company != "Acme Corp" ||
		len(stored.Sources) != 2 || pm.Fetch.Error != "" {
		t.Errorf("Add: got %q, stored %q with sources %+v, error %q; want Acme Corp twice, 2 sources, no error",
			pm.Company, stored.Company, stored.Sources, pm.Fetch.Error)
	}
	// A later list does not take the company back.
	if _, err := c.Run(context.Background(), []lists.Entry{entry(t, s.URL+"/pm", "Other")}, sink); err != nil {
		t.Fatal(err)
	}
	if got := sink.get(t, s.URL+"/pm").Company; got != "Acme Corp" {
		t.Errorf("after another list: got company %q, want Acme Corp", got)
	}
}

// TestAddAfterRefusalKeepsGoodRecord: a page fetched once, then added by a
// crawler that refuses private addresses: the good record stands (and is
// what Add returns and the sink gets), and the refusal is in Fetch.Error.
func TestAddAfterRefusalKeepsGoodRecord(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Fetched once", "text")
	o := testOptions(t)
	c, _ := newCrawler(t, o)
	sink := newSink()
	first := crawlInto(t, c, s.URL+"/pm", sink)
	c.Close()
	o.AllowPrivate = false
	c, _ = newCrawler(t, o)
	pm, err := c.Add(context.Background(), s.URL+"/pm", "", sink)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	if pm.Fetch.Status != data.FetchOK || pm.Title != first.Title || !strings.Contains(pm.Fetch.Error, "private address") {
		t.Errorf("Add: got %+v title %q; want the ok record with the refusal as its error", pm.Fetch, pm.Title)
	}
	if stored := sink.get(t, s.URL+"/pm"); stored.Fetch.Status != data.FetchOK || stored.Body == "" {
		t.Errorf("sink: got %+v body %q, want the ok record", stored.Fetch, stored.Body)
	}
	st, _, _ := c.state.Get(first.URL)
	if st.Status != data.FetchBlocked {
		t.Errorf("state: got status %q, want blocked (how the last attempt went)", st.Status)
	}
}

// TestListOnlyRecordsExtracted: records that have only the list's text
// (--no-fetch, or a page that could not be fetched) get the incident date,
// root cause and categories the blurb states, and keep their fetch status.
func TestListOnlyRecordsExtracted(t *testing.T) {
	t.Parallel()
	ex, err := extract.Default()
	if err != nil {
		t.Fatalf("extract.Default: %v", err)
	}
	const blurb = "On July 25th, 2023 a bad configuration push to the routers caused a cascading failure " +
		"across every region. Recovery took hours and many more words follow here."
	s := newSite(t)
	s.mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	for _, tc := range []struct {
		name, path, status string
		noFetch            bool
	}{
		{"no-fetch", "/pm", data.FetchSkipped, true},
		{"failed fetch", "/gone", data.FetchFailed, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions(t)
			o.NoFetch = tc.noFetch
			c, err := New(o, ex)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			e := entry(t, s.URL+tc.path, "Acme")
			e.Blurb = blurb
			sink := newSink()
			if _, err := c.Run(context.Background(), []lists.Entry{e}, sink); err != nil {
				t.Fatal(err)
			}
			pm := sink.get(t, e.URL)
			if pm.Fetch.Status != tc.status || pm.IncidentDate != "2023-07-25" || pm.Year() != "2023" {
				t.Errorf("got status %s incident date %q, want %s and 2023-07-25", pm.Fetch.Status, pm.IncidentDate, tc.status)
			}
			if !slices.Contains(pm.Categories, "cascading-failure") || !slices.Contains(pm.Categories, "config-change") ||
				!strings.Contains(pm.RootCause, "configuration push") {
				t.Errorf("got categories %v root cause %q, want cascading-failure, config-change and the push",
					pm.Categories, pm.RootCause)
			}
			if !strings.HasPrefix(pm.Title, "Acme: On July 25th, 2023") || len(pm.Title) > 110 || pm.Summary != blurb {
				t.Errorf("got title %q summary %q, want the company and a short form of the blurb", pm.Title, pm.Summary)
			}
		})
	}
}

// TestListOnlyRecordGainsCompany: with --no-fetch, a URL listed first
// without a company and then by a list naming it gets the company and a
// title with it.
func TestListOnlyRecordGainsCompany(t *testing.T) {
	t.Parallel()
	o := testOptions(t)
	o.NoFetch = true
	c, _ := newCrawler(t, o)
	sink := newSink()
	const u = "https://status.example.org/incidents/42"
	if _, err := c.Run(context.Background(), parseList(t, "urls.txt", u+"\n"), sink); err != nil {
		t.Fatal(err)
	}
	if pm := sink.get(t, u); pm.Title != "status.example.org/incidents/42" {
		t.Errorf("first: got title %q, want the URL's host and path", pm.Title)
	}
	md := parseList(t, "pms.md", "## Database\n\n[Example]("+u+"). The primary database ran out of disk.\n")
	if _, err := c.Run(context.Background(), md, sink); err != nil {
		t.Fatal(err)
	}
	pm := sink.get(t, u)
	if pm.Company != "Example" || pm.Title != "Example: The primary database ran out of disk" || len(pm.Sources) != 2 {
		t.Errorf("second: got company %q title %q sources %+v", pm.Company, pm.Title, pm.Sources)
	}
}

// TestResumedRunTakesNewListData: a URL the interrupted run had finished is
// not fetched again on resume, but a list given to the resuming command
// that names it with a company still updates its record.
func TestResumedRunTakesNewListData(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Outage", "text")
	c, _ := newCrawler(t, testOptions(t))
	u := s.URL + "/pm"
	plain := parseList(t, "urls.txt", u+"\n")
	// What a killed run leaves: the URL fetched and finished, the run open.
	run, _, err := c.state.BeginRun()
	if err != nil {
		t.Fatal(err)
	}
	states, err := c.enqueue(run, groupEntries(plain))
	if err != nil {
		t.Fatal(err)
	}
	sink := newSink()
	f, _, err := c.fetchStep(context.Background(), run, states[0], sink)
	if err != nil || f == nil {
		t.Fatalf("fetchStep: %v, %v", f, err)
	}
	if _, _, err := c.storeStep(context.Background(), run, f, sink); err != nil {
		t.Fatal(err)
	}
	hits := s.hit("/pm")
	md := parseList(t, "pms.md", "## Misc\n\n[Acme]("+u+"). An outage.\n")
	sum, err := c.Run(context.Background(), append(plain, md...), sink)
	if err != nil || !sum.Resumed || sum.ByStatus[StatusDone] != 1 {
		t.Fatalf("Run: got %s resumed=%v, %v; want a resumed run with 1 %s", sum, sum.Resumed, err, StatusDone)
	}
	if s.hit("/pm") != hits {
		t.Errorf("requests: got %d more, want none", s.hit("/pm")-hits)
	}
	if pm := sink.get(t, u); pm.Company != "Acme" || len(pm.Sources) != 2 || pm.Fetch.Status != data.FetchOK {
		t.Errorf("got company %q sources %+v status %s; want Acme, 2 sources, ok", pm.Company, pm.Sources, pm.Fetch.Status)
	}
}

// TestFailedRecrawlKeepsRecord: a re-crawl that fails keeps the record the
// page gave (the URL's state says how the attempt went), and a later 304
// puts the state back to ok.
func TestFailedRecrawlKeepsRecord(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	var down atomic.Bool
	s.mux.HandleFunc("/pm", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case down.Load():
			http.Error(w, "down", http.StatusInternalServerError)
		case r.Header.Get("If-None-Match") == `"v1"`:
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Header().Set("ETag", `"v1"`)
			io.WriteString(w, htmlPage("Outage", "text"))
		}
	})
	o := testOptions(t)
	o.MaxAttempts = 1
	c, _ := newCrawler(t, o)
	u := s.URL + "/pm"
	sink := newSink()
	first := crawlInto(t, c, u, sink)
	down.Store(true)
	sum, err := c.Run(context.Background(), []lists.Entry{entry(t, u, "Acme")}, sink)
	if err != nil || sum.ByStatus[data.FetchFailed] != 1 {
		t.Fatalf("Run: got %s, %v; want failed 1", sum, err)
	}
	if pm := sink.get(t, u); pm.Fetch.Status != data.FetchOK || pm.Title != first.Title || pm.Body == "" {
		t.Errorf("after a failed re-crawl: got %+v title %q, want the ok record", pm.Fetch, pm.Title)
	}
	if st, _, _ := c.state.Get(u); st.Status != data.FetchFailed || st.HTTP != 500 || st.Error == "" {
		t.Errorf("state after the failure: got %s %d %q, want failed 500 with the error", st.Status, st.HTTP, st.Error)
	}
	down.Store(false)
	if sum, err := c.Run(context.Background(), []lists.Entry{entry(t, u, "Acme")}, sink); err != nil || sum.ByStatus[StatusUnchanged] != 1 {
		t.Fatalf("Run: got %s, %v; want unchanged 1", sum, err)
	}
	if st, _, _ := c.state.Get(u); st.Status != data.FetchOK || st.HTTP != 304 || st.Error != "" {
		t.Errorf("state after the 304: got %s %d %q, want ok 304 and no error", st.Status, st.HTTP, st.Error)
	}
}
