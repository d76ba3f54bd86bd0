package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	logs := &syncBuffer{}
	e := env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""),
		logger: slog.New(slog.NewTextHandler(logs, nil)), getenv: func(string) string { return "" }}
	dir := t.TempDir()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- runServe(ctx, e, []string{"--data", dir, "--addr", addr}) }()

	base := "http://" + addr
	waitReady(t, base, done, start)
	t.Logf("ready after %s", time.Since(start))
	checkServing(t, base)
	checkCLIWhileServing(t, dir, logs)
	checkExportWhileServing(t, dir)

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

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCrawlFirstGetsCatalog: a data dir first used by crawl still gets the
// embedded catalog, once.
func TestCrawlFirstGetsCatalog(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(t.TempDir(), "mine.txt")
	os.WriteFile(list, []byte("https://example.com/our-outage\n"), 0o644)
	if code, _, stderr := runCLI(t, "crawl", "--data", dir, "--list", list, "--no-fetch"); code != 0 {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	_, out, _ := runCLI(t, "search", "--data", dir, "--json", "split brain")
	if !strings.Contains(out, "GitHub") {
		t.Errorf("search 'split brain' after a crawl-first data dir: no GitHub incident from the catalog")
	}
	_, out, _ = runCLI(t, "export", "--data", dir)
	n := strings.Count(out, "\n")
	runCLI(t, "crawl", "--data", dir, "--list", list, "--no-fetch")
	_, out, _ = runCLI(t, "export", "--data", dir)
	if m := strings.Count(out, "\n"); m != n {
		t.Errorf("records after a second crawl: got %d, want %d (catalog loaded once)", m, n)
	}
}
