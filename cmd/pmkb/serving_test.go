package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// waitReady polls /readyz until the server started at start answers 200;
// it fails the test after 10 s or when serve returns early on done.
func waitReady(t *testing.T, base string, done <-chan error, start time.Time) {
	t.Helper()
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("not ready after 10s (last error %v)", err)
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// checkServing: the seeded catalog is searchable, the search page renders,
// and the probes, metrics and OpenAPI document answer.
func checkServing(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/search?q=database")
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if res.Total == 0 {
		t.Errorf("search on the seeded catalog: got 0 hits, want some")
	}
	resp, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "<form") {
		t.Errorf("GET /: got %d, want 200 with a search form", resp.StatusCode)
	}
	for _, p := range []string{"/healthz", "/metrics", "/api/v1/openapi.json"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: got %d, want 200", p, resp.StatusCode)
		}
	}
}

// checkCLIWhileServing: while the server holds the data dir, the CLI's
// search goes through it, reindex asks it to rebuild without downtime (its
// log, logs, says when that is done) and a crawl is refused.
func checkCLIWhileServing(t *testing.T, dir string, logs fmt.Stringer) {
	t.Helper()
	code, out, stderr := runCLI(t, "search", "--data", dir, "--json", "database")
	if code != 0 || !strings.Contains(out, `"total"`) {
		t.Errorf("search while serving: exit %d, stderr %q; want results through the server", code, stderr)
	}
	code, _, stderr = runCLI(t, "search", "--data", dir, "--size", "1000", "dns")
	if code != 2 || !strings.Contains(stderr, "size") {
		t.Errorf("bad search while serving: exit %d, stderr %q; want 2 and the server's message", code, stderr)
	}
	if code, _, stderr := runCLI(t, "reindex", "--data", dir); code != 0 {
		t.Errorf("reindex while serving: exit %d, stderr %q", code, stderr)
	}
	start := time.Now()
	for !strings.Contains(logs.String(), "reindex done") {
		if time.Since(start) > 60*time.Second {
			t.Fatalf("no 'reindex done' in the server log:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _, _ := runCLI(t, "crawl", "--data", dir, "--no-fetch"); code != 1 {
		t.Errorf("crawl while serving: exit %d, want 1 (data dir in use)", code)
	}
}
