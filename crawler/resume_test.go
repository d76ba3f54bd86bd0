package crawler

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/crawler/state"
	"github.com/pmkb/pmkb/data"
)

// fileSink appends one JSON line per Put to a file, as a crash-prone index
// would see them: what was put before a kill stays on disk.
type fileSink struct {
	mu sync.Mutex
	f  *os.File
}

func (s *fileSink) Put(_ context.Context, pm data.Postmortem) error {
	b, err := json.Marshal(struct {
		ID, URL, Status string
	}{pm.ID, pm.URL, pm.Fetch.Status})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err = s.f.Write(append(b, '\n'))
	return err
}

// Get finds nothing: the file is a log of Puts, not a store to merge into.
func (s *fileSink) Get(context.Context, string) (data.Postmortem, bool, error) {
	return data.Postmortem{}, false, nil
}

func openFileSink(t *testing.T, path string) *fileSink {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return &fileSink{f: f}
}

func sinkLines(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return map[string]int{}
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct{ URL string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("sink line %q: %v", sc.Text(), err)
		}
		out[l.URL]++
	}
	return out
}

const (
	envHelper = "PMKB_CRAWLER_RESUME_HELPER"
	envDir    = "PMKB_CRAWLER_RESUME_DIR"
	envURLs   = "PMKB_CRAWLER_RESUME_URLS"
)

// resumeOptions are the options both runs of the resume test use.
func resumeOptions(dir string) Options {
	return Options{DataDir: dir, ProgressEvery: time.Hour, Options: fetch.Options{Concurrency: 4, Delay: new(time.Millisecond),
		AllowPrivate: true, NoWayback: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
}

func resumeEntries(urls []string) []lists.Entry {
	var es []lists.Entry
	for _, u := range urls {
		es = append(es, lists.Entry{URL: u, Company: "Slow", List: "resume", Section: "S"})
	}
	return es
}

// TestResumeHelperProcess is the crawl that TestResumeAfterKill kills; it
// does nothing unless started by it.
func TestResumeHelperProcess(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("helper process for TestResumeAfterKill")
	}
	dir := os.Getenv(envDir)
	c, err := New(resumeOptions(dir), &fakeExtractor{})
	if err != nil {
		t.Fatal(err)
	}
	sink := openFileSink(t, filepath.Join(dir, "sink.jsonl"))
	_, err = c.Run(context.Background(), resumeEntries(strings.Split(os.Getenv(envURLs), ",")), sink)
	t.Fatalf("helper crawl finished before it was killed: %v", err)
}

// slowSites starts hosts sites whose pages take 150ms, and returns them and
// the URLs of perHost pages on each.
func slowSites(t *testing.T, hosts, perHost int) ([]*site, []string) {
	var sites []*site
	var urls []string
	for range hosts {
		s := newSite(t)
		s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(150 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, htmlPage("Slow "+r.URL.Path, "slow page"))
		})
		sites = append(sites, s)
		for p := range perHost {
			urls = append(urls, fmt.Sprintf("%s/p%d", s.URL, p))
		}
	}
	return sites, urls
}

// crawlAndKill crawls urls into dir in a helper process
// (TestResumeHelperProcess) and kills it with SIGKILL once its sink holds
// puts records.
func crawlAndKill(t *testing.T, dir string, urls []string, puts int) {
	t.Helper()
	sinkPath := filepath.Join(dir, "sink.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^TestResumeHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), envHelper+"=1", envDir+"="+dir, envURLs+"="+strings.Join(urls, ","))
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for n := 0; n < puts; n = len(sinkLines(t, sinkPath)) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("helper made no progress; output:\n%s", out)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

func TestResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	t.Parallel()
	sites, urls := slowSites(t, 3, 8)
	hitsOf := func() map[string]int {
		out := map[string]int{}
		for _, s := range sites {
			s.mu.Lock()
			for p, n := range s.hits {
				if p != "/robots.txt" {
					out[s.URL+p] = n
				}
			}
			s.mu.Unlock()
		}
		return out
	}
	dir := t.TempDir()
	sinkPath := filepath.Join(dir, "sink.jsonl")
	crawlAndKill(t, dir, urls, 9)
	before := hitsOf()
	putBefore := sinkLines(t, sinkPath)
	if len(putBefore) == len(urls) {
		t.Fatalf("the helper finished all %d pages before the kill; slow the pages down", len(urls))
	}

	if open, _ := filepath.Glob(filepath.Join(dir, "warc", "*.warc.gz.open")); len(open) == 0 {
		t.Errorf("after kill -9: got no WARC file left open, want the one being written")
	}

	// What the killed run archived, read from its files as they stand.
	archivedBeforeKill := archivedIn(t, filepath.Join(dir, "warc"))

	// Second run, same data dir: finishes the job.
	c, err := New(resumeOptions(dir), &fakeExtractor{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer c.Close()
	sum, err := c.Run(context.Background(), resumeEntries(urls), openFileSink(t, sinkPath))
	if err != nil {
		t.Fatalf("resumed Run: %v", err)
	}
	if !sum.Resumed || sum.ByStatus[StatusDone]+sum.ByStatus["ok"] != len(urls) || sum.ByStatus[StatusDone] == 0 {
		t.Errorf("summary: got %+v, want a resumed run where resumed + ok = %d", sum, len(urls))
	}
	after := hitsOf()
	putAfter := sinkLines(t, sinkPath)
	refetched := 0
	for _, u := range urls {
		if putAfter[u] == 0 {
			t.Errorf("%s: no record after the resume (lost)", u)
		}
		if putBefore[u] > 0 && after[u] > before[u] {
			refetched++ // put just before the kill, not yet marked done
		}
		if after[u] > 2 {
			t.Errorf("%s: fetched %d times, want at most 2", u, after[u])
		}
		if putAfter[u] > 1 && after[u] < 2 && !archivedBeforeKill[u] {
			t.Errorf("%s: put %d times, neither fetched again nor archived", u, putAfter[u])
		}
	}
	// A page put before the kill was archived before it: the resumed run
	// builds its record from the WARC files instead of fetching it again,
	// even when the kill came between its Put and its state commit.
	notRefetched := 0
	for u := range archivedBeforeKill {
		if after[u] == before[u] {
			notRefetched++
		}
	}
	t.Logf("killed after %d puts with %d pages archived; the resume skipped %d as done and rebuilt %d from the WARC files",
		len(putBefore), len(archivedBeforeKill), sum.ByStatus[StatusDone], notRefetched-sum.ByStatus[StatusDone])
	if refetched > 0 {
		t.Errorf("%d pages completed before the kill were fetched again, want none", refetched)
	}
	for _, u := range urls {
		if before[u] > 0 && after[u] > before[u] && archivedBeforeKill[u] {
			t.Errorf("%s: archived before the kill, then fetched again", u)
		}
	}
	if limit := c.storeWorkers(); sum.ByStatus[StatusDone] < len(putBefore)-limit {
		t.Errorf("resumed: got %d pages skipped as done, want at least %d", sum.ByStatus[StatusDone], len(putBefore)-limit)
	}
	// The state finished every URL, with how its fetch went.
	n := 0
	if err := c.state.All(func(st state.URLState) error {
		if st.DoneRun != "" && st.Status == data.FetchOK {
			n++
		}
		return nil
	}); err != nil || n != len(urls) {
		t.Errorf("state: got %d URLs finished ok (%v), want %d", n, err, len(urls))
	}
	c.Close()
	checkWARCs(t, dir, urls)
}

// archivedIn returns the URLs with a 200 response in the WARC files of
// dir, as a kill left them: read from a copy, which archive.Open repairs.
func archivedIn(t *testing.T, dir string) map[string]bool {
	t.Helper()
	cp := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cp, filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := archive.Open(cp, archive.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	out := map[string]bool{}
	if err := archive.EachResponse(cp, func(_ string, _ int64, r archive.Response) error {
		if r.Status == 200 {
			out[r.Target] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkWARCs checks that the WARC files of dir, including one a kill left
// open, read cleanly, hold a response for every URL and are all closed.
func checkWARCs(t *testing.T, dir string, urls []string) {
	t.Helper()
	pages := map[string]bool{}
	if err := archive.EachResponse(filepath.Join(dir, "warc"), func(_ string, _ int64, r archive.Response) error {
		if r.Status == 200 {
			pages[r.Target] = true
		}
		return nil
	}); err != nil {
		t.Fatalf("read WARC files after kill -9: %v", err)
	}
	for _, u := range urls {
		if !pages[u] {
			t.Errorf("%s: no response in the WARC files", u)
		}
	}
	if open, _ := filepath.Glob(filepath.Join(dir, "warc", "*.open")); len(open) != 0 {
		t.Errorf("files left open: %v", open)
	}
}
