package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/internal/testutil"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

func TestSummaryPrint(t *testing.T) {
	t.Parallel()
	s := newSummary(5, false)
	for _, x := range []struct{ host, status string }{
		{"a.example", "ok"}, {"a.example", "ok"}, {"a.example", "failed"}, {"b.example", "archived"}, {"c.example", "blocked"},
	} {
		s.add(x.host, x.status)
	}
	sum := s.snapshot()
	sum.Elapsed = 1500 * time.Millisecond
	if got, want := sum.String(), "5/5 URLs in 1.5s: ok 2, archived 1, blocked 1, failed 1"; got != want {
		t.Errorf("String: got %q, want %q", got, want)
	}
	var b bytes.Buffer
	if err := sum.Fprint(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 || !strings.Contains(lines[1], "a.example") || !strings.Contains(lines[1], "ok 2, failed 1") {
		t.Errorf("Fprint: got\n%s\nwant the totals then a.example first with ok 2, failed 1", b.String())
	}
}

func TestSummaryHostsCapped(t *testing.T) {
	t.Parallel()
	s := newSummary(0, false)
	for h := 0; h < 15; h++ {
		for i := 0; i <= h; i++ { // host h has h+1 URLs
			s.add(fmt.Sprintf("h%02d.example", h), "ok")
			s.s.Total++
		}
	}
	cases := []struct {
		name    string
		noFetch bool
		want    []string
	}{
		{"fetching", false, []string{"crawl: 120/120 URLs", "  h14.example", "  h13.example", "  h12.example", "  h11.example",
			"  h10.example", "  h09.example", "  h08.example", "  h07.example", "  h06.example", "  h05.example", "  and 5 more hosts"}},
		{"no-fetch", true, []string{"crawl: 120/120 URLs"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sum := s.snapshot()
			sum.NoFetch = tc.noFetch
			var b bytes.Buffer
			if err := sum.Fprint(&b); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d lines\n%s\nwant %d", len(lines), b.String(), len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("line %d: got %q, want it to start with %q", i, lines[i], w)
				}
			}
		})
	}
}

// TestProgressLogLines: with no terminal, progress goes to the log every
// ProgressEvery, with the counts, the rate and the total.
func TestProgressLogLines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs testutil.SyncBuffer
		c := &Crawler{opts: Options{Progress: &bytes.Buffer{}, ProgressEvery: 50 * time.Millisecond}, // not a terminal
			log: slog.New(slog.NewTextHandler(&logs, nil))}
		p := c.startProgress(context.Background(), 6)
		for _, status := range []string{"ok", "ok", "failed", "archived", "ok", "blocked"} {
			time.Sleep(35 * time.Millisecond) // never on a tick: the order is certain
			p.done(status)
		}
		p.stop()
		out := logs.String()
		if n := strings.Count(out, "crawl progress"); n != 4 { // at 50, 100, 150 and 200ms of 210
			t.Errorf("got %d progress lines, want 4:\n%s", n, out)
		}
		for _, want := range []string{"total=6", "done=4", `counts="ok 2 archived 1 failed 1 blocked 0"`, "pages_per_s=26.7"} {
			if !strings.Contains(out, want) {
				t.Errorf("log: got %q, want it to hold %s", out, want)
			}
		}
	})
}

func TestOptionsValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		o    Options
		want string
	}{
		{"no data dir", Options{}, "DataDir is required"},
		{"negative delay", Options{DataDir: t.TempDir(), Options: fetch.Options{Delay: new(-time.Second)}}, "Delay must not be negative"},
		{"negative concurrency", Options{DataDir: t.TempDir(), Options: fetch.Options{Concurrency: -1}}, "must not be negative"},
		{"negative max age", Options{DataDir: t.TempDir(), MaxAge: -time.Hour}, "must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.o, &fakeExtractor{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
	if _, err := New(Options{DataDir: t.TempDir()}, nil); err == nil {
		t.Errorf("nil extractor: got nil error, want one")
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Added by hand", "text")
	o := testOptions(t)
	o.MaxAge = time.Hour
	c, _ := newCrawler(t, o)
	sink := newSink()
	// Listed first, then added: one record with both sources; Add fetches
	// even though MaxAge would let a crawl skip it.
	if _, err := c.Run(context.Background(), []lists.Entry{entry(t, s.URL+"/pm", "Acme")}, sink); err != nil {
		t.Fatal(err)
	}
	// Fetched and stored as written (fragment aside), one record by the
	// canonical URL.
	pm, err := c.Add(context.Background(), s.URL+"/pm?utm_source=x#top", "Acme Corp", sink)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	if pm.URL != s.URL+"/pm?utm_source=x" || pm.ID != data.IDFor(s.URL+"/pm") || pm.Company != "Acme Corp" || pm.Fetch.Status != data.FetchOK || len(pm.Sources) != 2 ||
		pm.Sources[1].List != AddedList {
		t.Errorf("Add: got url %s company %q status %s sources %+v", pm.URL, pm.Company, pm.Fetch.Status, pm.Sources)
	}
	if s.hit("/pm") != 2 {
		t.Errorf("hits: got %d, want 2", s.hit("/pm"))
	}
	if _, err := c.Add(context.Background(), "ftp://x.example/a", "", sink); err == nil {
		t.Errorf("Add(ftp): got nil error, want one")
	}
}

type failingSink struct{}

func (failingSink) Put(context.Context, data.Postmortem) error { return errors.New("disk full") }

func (failingSink) Get(context.Context, string) (data.Postmortem, bool, error) {
	return data.Postmortem{}, false, nil
}

func TestSinkFailureStopsRun(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/a", "A", "x")
	c, _ := newCrawler(t, testOptions(t))
	_, err := c.Run(context.Background(), []lists.Entry{entry(t, s.URL+"/a", "A")}, failingSink{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the sink's error", err)
	}
	// Nothing was marked done: the next run resumes and stores it.
	sink := newSink()
	sum, err := c.Run(context.Background(), []lists.Entry{entry(t, s.URL+"/a", "A")}, sink)
	if err != nil || !sum.Resumed || len(sink.recs) != 1 {
		t.Errorf("next run: got %s resumed=%v, %v, %d records; want a resumed run storing 1", sum, sum.Resumed, err, len(sink.recs))
	}
}

func TestProgressBar(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := (&progress{total: 3, start: time.Now(), byState: map[string]int{}}).withBar(&b)
	p.done("ok")
	p.done("failed")
	p.done("archived")
	p.stop()
	out := b.String()
	if !strings.Contains(out, "3/3") || !strings.Contains(out, "ok 1 archived 1 failed 1") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar: got %q, want 3/3 with the counts and the line ended", out)
	}
	// Interrupted: the line is ended too, and the bar does not claim 100%.
	b.Reset()
	p = (&progress{total: 3, start: time.Now(), byState: map[string]int{}}).withBar(&b)
	p.done("ok")
	p.stop()
	p.stop()
	if out := b.String(); strings.Contains(out, "3/3") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("interrupted bar: got %q, want it left short of 3/3 and one line end", out)
	}
}
