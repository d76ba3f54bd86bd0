package local_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/local"
	"github.com/pmkb/pmkb/crawler/local/localtest"
)

// TestWatch: a watched collection gains the record of a new file, in a new
// folder too, and loses the record of a deleted one, within seconds.
func TestWatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	repo, _ := local.Abs(localtest.Repo(t))
	store := newMemStore()
	s, _ := newSyncer(t, store)
	if _, err := s.Add(ctx, "ours", local.Source{Root: repo}); err != nil {
		t.Fatal(err)
	}
	synced := make(chan local.Report, 16)
	done := make(chan error, 1)
	go func() {
		done <- s.Watch(ctx, []string{"ours"}, local.WatchOptions{Settle: 50 * time.Millisecond, Synced: func(r local.Report, err error) {
			if err != nil {
				t.Errorf("sync: %v", err)
			}
			synced <- r
		}})
	}()
	<-synced // the first sync, of what changed while nothing watched

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 10s", what)
			}
			select {
			case <-synced:
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	start := time.Now()
	newFile := filepath.Join(repo, "2024/2024-06-01-queue-backlog.md")
	if err := os.WriteFile(newFile, []byte("# Queue backlog\n\nThe root cause was a consumer deploy that halved throughput.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("record of a new file", func() bool { _, ok := store.byPath(repo)["2024/2024-06-01-queue-backlog.md"]; return ok })
	t.Logf("new file picked up after %s", time.Since(start).Round(time.Millisecond))

	// A new folder and its file at once: the folder's creation is seen
	// (the file's may not be, before the folder is watched) and the sync
	// it starts walks the folder.
	if err := os.MkdirAll(filepath.Join(repo, "2025"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "2025/2025-01-09-disk-full.md"),
		[]byte("# Disk full\n\nThe root cause was a log rotation job that stopped.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("record of a file in a new folder", func() bool { _, ok := store.byPath(repo)["2025/2025-01-09-disk-full.md"]; return ok })

	if err := os.Remove(filepath.Join(repo, localtest.FreeForm)); err != nil {
		t.Fatal(err)
	}
	waitFor("record of a deleted file removed", func() bool { _, ok := store.byPath(repo)[localtest.FreeForm]; return !ok })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("watch: got %v, want nil after cancel", err)
	}
}
