package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeEmptyDataDir starts the real server on an empty data dir: it
// must be ready within a few seconds, offline, with the default catalog
// searchable, and stop cleanly when its context ends.
func TestServeEmptyDataDir(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""),
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)), getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- runServe(ctx, e, []string{"--data", t.TempDir(), "--addr", addr}) }()

	base := "http://" + addr
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
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
	t.Logf("ready after %s", time.Since(start))

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

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: got %v, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15s of cancel")
	}
}

func TestServeRejectsBadAddrAndLockedDir(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := runCLI(t, "serve", "--data", dir, "--addr", "nonsense"); code != 2 {
		t.Errorf("serve --addr nonsense: exit %d, want 2", code)
	}
	lock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	code, _, stderr := runCLI(t, "search", "--data", dir, "dns")
	if code != 1 || !strings.Contains(stderr, "in use") {
		t.Errorf("search on a locked data dir: exit %d, stderr %q; want 1 and 'in use'", code, stderr)
	}
}
