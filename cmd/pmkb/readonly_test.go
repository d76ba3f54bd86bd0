package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// seededDir is a data dir holding the default catalog, written by a
// command that has finished.
func seededDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "export", "--data", dir); code != 0 {
		t.Fatalf("seeding %s: exit %d: %s", dir, code, stderr)
	}
	return dir
}

// TestReadersShareTheDataDir: readers of a data dir no writer holds need
// no exclusive lock: search and export run while another reader holds the
// dir, and a writer is refused with a message naming the readers.
func TestReadersShareTheDataDir(t *testing.T) {
	dir := seededDir(t)
	lock, err := lockShared(dir)
	if err != nil || lock == nil {
		t.Fatalf("shared lock: got %v, %v", lock, err)
	}
	defer lock.Close()
	if code, out, stderr := runCLI(t, "search", "--data", dir, "--json", "database"); code != 0 || !strings.Contains(out, `"total"`) {
		t.Errorf("search beside a reader: exit %d, stderr %q", code, stderr)
	}
	if code, out, stderr := runCLI(t, "export", "--data", dir); code != 0 || strings.Count(out, "\n") < 60 {
		t.Errorf("export beside a reader: exit %d, %d lines, stderr %q", code, strings.Count(out, "\n"), stderr)
	}
	code, _, stderr := runCLI(t, "reindex", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "readers") {
		t.Errorf("reindex beside a reader: exit %d, stderr %q; want 1 and a message naming the readers", code, stderr)
	}
	lock.Close()
	if code, _, stderr := runCLI(t, "reindex", "--data", dir); code != 0 {
		t.Errorf("reindex once the reader left: exit %d, stderr %q", code, stderr)
	}
}

// readOnlyMount bind-mounts dir read-only at a new path and returns it.
// It needs root (CAP_SYS_ADMIN); the test skips without it.
func readOnlyMount(t *testing.T, dir string) string {
	t.Helper()
	mnt := t.TempDir()
	if err := syscall.Mount(dir, mnt, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount (needs root): %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(mnt, syscall.MNT_DETACH) })
	if err := syscall.Mount("", mnt, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	if err := os.WriteFile(filepath.Join(mnt, "probe"), nil, 0o644); err == nil {
		t.Fatalf("the read-only mount %s took a write", mnt)
	}
	return mnt
}

// TestReadOnlyDataDir: a data dir on a read-only mount is searched,
// exported and served, and nothing in it changes.
func TestReadOnlyDataDir(t *testing.T) {
	dir := seededDir(t)
	before := tree(t, dir)
	ro := readOnlyMount(t, dir)

	code, out, stderr := runCLI(t, "search", "--data", ro, "--json", "database")
	if code != 0 || !strings.Contains(out, `"total"`) {
		t.Errorf("search on a read-only data dir: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr = runCLI(t, "export", "--data", ro, "--format", "csv")
	if code != 0 || strings.Count(out, "\n") < 60 {
		t.Errorf("export of a read-only data dir: exit %d, %d lines, stderr %q", code, strings.Count(out, "\n"), stderr)
	}
	if code, _, stderr := runCLI(t, "import", "--data", ro, "nothing.jsonl"); code == 0 {
		t.Errorf("import into a read-only data dir: exit 0, want a failure (stderr %q)", stderr)
	}

	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""),
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)), getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, e, []string{"--data", ro, "--addr", addr}) }()
	base := "http://" + addr
	waitReady(t, base, done, time.Now())
	resp, err := http.Get(base + "/api/v1/search?q=database")
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if resp.StatusCode != 200 || res.Total == 0 {
		t.Errorf("search on a read-only server: got %d with %d hits, want 200 with hits", resp.StatusCode, res.Total)
	}
	// A second reader beside the read-only server.
	if code, _, stderr := runCLI(t, "search", "--data", ro, "dns"); code != 0 {
		t.Errorf("search beside a read-only server: exit %d, stderr %q", code, stderr)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("read-only serve: got %v, want a clean stop", err)
	}
	if after := tree(t, dir); after != before {
		t.Errorf("the read-only data dir changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestServeReadOnlyFlag: serve --read-only on a writable data dir writes
// nothing and leaves the dir to other readers.
func TestServeReadOnlyFlag(t *testing.T) {
	dir := seededDir(t)
	before := tree(t, dir)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""),
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)), getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, e, []string{"--data", dir, "--addr", addr, "--read-only"}) }()
	waitReady(t, "http://"+addr, done, time.Now())
	if code, _, stderr := runCLI(t, "export", "--data", dir); code != 0 {
		t.Errorf("export beside serve --read-only: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "crawl", "--data", dir, "--no-fetch"); code != 1 {
		t.Errorf("crawl beside serve --read-only: exit %d, want 1 (in use)", code)
	}
	cancel()
	<-done
	if after := tree(t, dir); after != before {
		t.Errorf("serve --read-only changed the data dir:\nbefore %s\nafter  %s", before, after)
	}
}

// tree lists every file under dir with its size and modification time.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !d.IsDir() {
			fmt.Fprintf(&b, "%s %s %d; ", p[len(dir):], info.ModTime(), info.Size())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
