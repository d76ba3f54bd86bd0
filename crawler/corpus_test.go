package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// TestCrawlCorpus serves ../shared/corpus/docs (real post-mortems, read in
// place) from a local server and crawls every one of them.
func TestCrawlCorpus(t *testing.T) {
	t.Parallel()
	docs := filepath.Join(sharedDir(t), "corpus", "docs")
	names, err := filepath.Glob(filepath.Join(docs, "*.md"))
	if err != nil || len(names) == 0 {
		t.Skipf("corpus absent: %v", err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(docs)))
	t.Cleanup(srv.Close)

	var list strings.Builder
	list.WriteString("# corpus\n")
	for _, n := range names {
		list.WriteString(srv.URL + "/" + filepath.Base(n) + "\n")
	}
	listPath := filepath.Join(t.TempDir(), "corpus.txt")
	if err := os.WriteFile(listPath, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	o := testOptions(t)
	o.Concurrency = 8
	c, ex := newCrawler(t, o)
	entries, err := c.LoadList(context.Background(), listPath)
	if err != nil || len(entries) != len(names) {
		t.Fatalf("LoadList: got %d entries, %v; want %d", len(entries), err, len(names))
	}
	sink := newSink()
	sum, err := c.Run(context.Background(), entries, sink)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.ByStatus[data.FetchOK] != len(names) || len(sink.recs) != len(names) {
		t.Errorf("summary %s: got %d ok and %d records, want %d", sum, sum.ByStatus[data.FetchOK], len(sink.recs), len(names))
	}
	for _, e := range entries {
		pm := sink.get(t, e.URL)
		in, _ := ex.input(e.URL)
		if pm.Fetch.Status != data.FetchOK || pm.Title == "" || len(pm.Body) < 200 {
			t.Errorf("%s: got %s title %q body %d bytes", e.URL, pm.Fetch.Status, pm.Title, len(pm.Body))
		}
		if in.ContentType != "text/markdown" && in.ContentType != "text/plain" {
			t.Errorf("%s: extractor got content type %q, want Markdown or plain text", e.URL, in.ContentType)
		}
		if len(pm.Sources) != 1 || pm.Sources[0].List != "corpus" {
			t.Errorf("%s: sources %+v, want the corpus list", e.URL, pm.Sources)
		}
	}
	if sum.ByHost[strings.TrimPrefix(srv.URL, "http://")][data.FetchOK] != len(names) {
		t.Errorf("by host: got %v", sum.ByHost)
	}
}

// TestLoadListFromURL fetches danluu's list from a local server, as `pmkb
// crawl --list URL` does.
func TestLoadListFromURL(t *testing.T) {
	t.Parallel()
	path := filepath.Join(sharedDir(t), "lists", "danluu-post-mortems.md")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("danluu list absent: %v", err)
	}
	s := newSite(t)
	s.mux.HandleFunc("/danluu/post-mortems/master/README.md", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, path)
	})
	s.mux.HandleFunc("/broken.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("https://ok.example/a\nthis is not a url\n"))
	})
	c, _ := newCrawler(t, testOptions(t))
	entries, err := c.LoadList(context.Background(), s.URL+"/danluu/post-mortems/master/README.md")
	if err != nil || len(entries) < 180 || entries[0].List != lists.DanluuName {
		t.Fatalf("LoadList: got %d entries, %v", len(entries), err)
	}
	for _, src := range []string{s.URL + "/missing", s.URL + "/broken.txt", filepath.Join(t.TempDir(), "nope.md")} {
		if _, err := c.LoadList(context.Background(), src); err == nil {
			t.Errorf("LoadList(%s): got nil error, want one", src)
		}
	}
	if _, err := c.LoadList(context.Background(), s.URL+"/broken.txt"); err == nil || !strings.Contains(err.Error(), ":2:") {
		t.Errorf("broken list: got %v, want an error naming line 2", err)
	}
	// With NoFetch the whole list becomes records without a request.
	o := testOptions(t)
	o.NoFetch = true
	c2, _ := newCrawler(t, o)
	sink := newSink()
	sum, err := c2.Run(context.Background(), entries, sink)
	if err != nil || sum.ByStatus[data.FetchSkipped] != len(entries) {
		t.Fatalf("no-fetch run: got %s, %v", sum, err)
	}
	sections := map[string]bool{}
	for _, pm := range sink.recs {
		for _, src := range pm.Sources {
			sections[src.Section] = true
		}
	}
	if !sections["Config Errors"] || !sections["Time"] || sections["Analysis"] {
		t.Errorf("sources: got sections %v", sections)
	}
}
