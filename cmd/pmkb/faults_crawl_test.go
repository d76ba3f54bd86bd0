package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
)

// TestDiskFullCrawl: a crawl that fills the disk stops with one line and
// exit 1; the records it stored are readable at once, and once there is
// room the same crawl resumes and finishes.
func TestDiskFullCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pmkb processes")
	}
	words := strings.Fields("database replica failover network partition dns resolver certificate expiry deploy rollback config")
	r := rand.New(rand.NewPCG(3, 4))
	mux := http.NewServeMux()
	var list strings.Builder
	srv := httptest.NewServer(mux)
	defer srv.Close()
	const pages = 300
	for i := range pages {
		var body strings.Builder
		for body.Len() < 20000 {
			body.WriteString(words[r.IntN(len(words))] + fmt.Sprint(r.IntN(1000)) + " ")
		}
		page := fmt.Sprintf("<html><head><title>Outage %d</title></head><body><article><h1>Outage %d</h1><p>%s</p></article></body></html>", i, i, body.String())
		mux.HandleFunc(fmt.Sprintf("/p%d/", i), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, page)
		})
		fmt.Fprintf(&list, "%s/p%d/\n", srv.URL, i)
	}
	listFile := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(listFile, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	disk := smallDisk(t, 30)
	dir := filepath.Join(disk, "data")
	args := []string{"crawl", "--data", dir, "--list", listFile, "--allow-private", "--delay", "0s", "--no-wayback"}
	code, stderr := runPmkb(t, args...)
	line := lastLine(stderr)
	if code != 1 || !strings.HasPrefix(line, "pmkb crawl: ") || !diskFullMessage(line) || strings.Contains(stderr, "panic") {
		t.Fatalf("crawl on a full disk: exit %d, last line %q; want exit 1 and one line naming the full disk\n%s", code, line, stderr)
	}
	t.Logf("full disk: %s", line)
	n := countExported(t, dir)
	if n < 10 {
		t.Errorf("after the full disk: %d records readable, want the catalog and the pages stored", n)
	}
	growDisk(t, disk, 400)
	if code, stderr := runPmkb(t, args...); code != 0 || !strings.Contains(stderr, "resumed") {
		t.Fatalf("crawl once there is room: exit %d, want 0 and a resumed run\n%s", code, stderr)
	}
	if m := countExported(t, dir); m < pages {
		t.Errorf("after the resumed crawl: %d records, want at least %d", m, pages)
	}
}

// countExported is how many records `pmkb export` reads from dir.
func countExported(t *testing.T, dir string) int {
	t.Helper()
	cmd := pmkbCmd("export", "--data", dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("export from %s: %v: %s", dir, err, errb.String())
	}
	return strings.Count(out.String(), "\n")
}

// TestKillDuringCrawl: kill -9 in the middle of `pmkb crawl` leaves a data
// dir that opens (export reads it at once), and the same crawl run again
// resumes, stores every page of the list, and fetches none of the pages
// the killed run had archived in its WARC files.
func TestKillDuringCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pmkb processes")
	}
	const pages = 40
	var mu sync.Mutex
	hits := map[string]int{} // page path -> fetches
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var list strings.Builder
	for i := range pages {
		path := fmt.Sprintf("/p%d/", i)
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[path]++
			mu.Unlock()
			time.Sleep(100 * time.Millisecond)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<html><head><title>Outage %d</title></head><body><article><h1>Outage %d</h1><p>%s</p></article></body></html>",
				i, i, strings.Repeat(fmt.Sprintf("The database of service %d failed over and the replica lagged. ", i), 40))
		})
		fmt.Fprintf(&list, "%s%s\n", srv.URL, path)
	}
	fetched := func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for p, n := range hits {
			out[srv.URL+p] = n
		}
		return out
	}
	listFile := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(listFile, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	args := []string{"crawl", "--data", dir, "--list", listFile, "--allow-private", "--delay", "0s", "--no-wayback"}
	startAndKill(t, func(string) bool { return len(fetched()) >= pages/3 }, args...)
	before := fetched()
	archived := archivedResponses(t, filepath.Join(dir, "warc"))
	n := countExported(t, dir)
	t.Logf("killed after %d pages fetched, %d archived; %d records readable", len(before), len(archived), n)

	code, stderr := runPmkb(t, args...)
	if code != 0 || !strings.Contains(stderr, "resumed") {
		t.Fatalf("crawl after the kill: exit %d, want 0 and a resumed run\n%s", code, stderr)
	}
	after := fetched()
	for u := range archived {
		if after[u] != before[u] {
			t.Errorf("%s: archived before the kill, then fetched again (%d fetches, %d before)", u, after[u], before[u])
		}
	}
	stored := exportedURLs(t, dir)
	for i := range pages {
		if u := fmt.Sprintf("%s/p%d/", srv.URL, i); !stored[u] {
			t.Errorf("%s: no record after the resumed crawl", u)
		}
	}
}

// archivedResponses returns the URLs with a 200 response in the WARC
// files of dir as a kill left them, read from a copy (archive.Open
// repairs a file left open, which the next crawl must find as it was).
func archivedResponses(t *testing.T, dir string) map[string]bool {
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
	w, err := archive.Open(cp, archive.Options{Logger: slog.New(slog.DiscardHandler)})
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

// exportedURLs is the set of the URLs of the records `pmkb export` reads
// from dir.
func exportedURLs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	cmd := pmkbCmd("export", "--data", dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("export from %s: %v: %s", dir, err, errb.String())
	}
	urls := map[string]bool{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct{ URL string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		urls[rec.URL] = true
	}
	return urls
}
