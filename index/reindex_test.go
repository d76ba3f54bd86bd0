package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/internal/testutil"
)

func openDir(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := Open(context.Background(), Options{Path: dir, Logger: testutil.Logger()})
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return ix
}

func TestDiskSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix := openDir(t, dir)
	if err := ix.PutBatch(ctx, smallCorpus()); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openDir(t, dir)
	defer ix.Close()
	if n, err := ix.Count(ctx); err != nil || n != 6 {
		t.Fatalf("Count after reopen: got %d (%v), want 6", n, err)
	}
	r, err := ix.Search(ctx, Query{Text: "leap second"})
	if err != nil || r.Total != 1 {
		t.Fatalf("search after reopen: got %d (%v), want 1", r.Total, err)
	}
}

func TestReindexOnDisk(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix := openDir(t, dir)
	if err := ix.PutBatch(ctx, smallCorpus()); err != nil {
		t.Fatal(err)
	}
	if err := ix.Reindex(ctx); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	if n, _ := ix.Count(ctx); n != 6 {
		t.Fatalf("Count after Reindex: got %d, want 6", n)
	}
	cur, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil || string(cur) != "idx-2\n" {
		t.Fatalf("current after Reindex: got %q (%v), want idx-2", cur, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "idx-1")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("old index directory still there: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// A crash in the middle of a reindex leaves a half-built directory
	// beside the live one: Open keeps the live index and removes it.
	if err := os.MkdirAll(filepath.Join(dir, "idx-3", "junk"), 0o755); err != nil {
		t.Fatal(err)
	}
	ix = openDir(t, dir)
	defer ix.Close()
	if n, _ := ix.Count(ctx); n != 6 {
		t.Errorf("Count after a crashed reindex: got %d, want 6", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "idx-3")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("half-built index directory not removed: %v", err)
	}
}

func TestOpenRebuildsStaleMapping(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix := openDir(t, dir)
	if err := ix.PutBatch(ctx, smallCorpus()); err != nil {
		t.Fatal(err)
	}
	if err := ix.live.SetInternal([]byte(internalVersionKey), []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openDir(t, dir)
	defer ix.Close()
	v, err := ix.live.GetInternal([]byte(internalVersionKey))
	if err != nil || string(v) != mappingVersion {
		t.Fatalf("mapping version after Open: got %q (%v), want %q", v, err, mappingVersion)
	}
	if n, _ := ix.Count(ctx); n != 6 {
		t.Errorf("Count after rebuild: got %d, want 6", n)
	}
}

func TestOpenRejectsBadCurrentFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("../etc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), Options{Path: dir, Logger: testutil.Logger()}); err == nil {
		t.Fatal("Open with a corrupt current file: got nil error")
	}
}

// TestReindexWhileSearching checks the zero-downtime promise: searches
// running through a reindex never fail and always see the whole index, and
// records written during the reindex are in the new index.
func TestReindexWhileSearching(t *testing.T) {
	ctx := context.Background()
	base := smallCorpus()
	var many []data.Postmortem
	for i := range 300 {
		pm := base[i%len(base)]
		pm.URL = fmt.Sprintf("%s/%d", pm.URL, i)
		pm.ID = data.IDFor(pm.URL)
		pm.IncidentDate = fmt.Sprintf("%d-01-01", 2000+i%20)
		pm.Company = fmt.Sprintf("%s %d", pm.Company, i) // distinct: no duplicates
		many = append(many, pm)
	}
	ix := newTestIndex(t, many)
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				r, err := ix.Search(ctx, Query{Size: 1})
				if err != nil {
					errs <- err
					return
				}
				if r.Total < 300 {
					errs <- fmt.Errorf("search saw %d records, want at least 300", r.Total)
					return
				}
			}
		}()
	}
	extra := rec("https://late.example/x", "Written during the reindex", "Late", "2024-01-01", "s", "r", nil, nil)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := ix.Put(ctx, extra); err != nil {
			errs <- err
		}
	}()
	if err := ix.Reindex(ctx); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, err := ix.Get(ctx, extra.ID); err != nil {
		t.Errorf("record written during the reindex: %v", err)
	}
	if n, _ := ix.Count(ctx); n != 301 {
		t.Errorf("Count: got %d, want 301", n)
	}
}

// TestReindexReplaysWrites writes records after the reindex copied the old
// index and before it swaps: they must be in the new index, the update of
// an existing record included.
func TestReindexReplaysWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := openDir(t, dir)
	defer ix.Close()
	pms := smallCorpus()
	if err := ix.PutBatch(ctx, pms); err != nil {
		t.Fatal(err)
	}
	late := rec("https://late.example/y", "Late arrival", "Late", "2024-02-02", "s", "r", nil, nil)
	changed := pms[0]
	changed.Title = "Renamed during the reindex"
	ix.afterCopy = func() {
		if err := ix.PutBatch(ctx, []data.Postmortem{late, changed}); err != nil {
			t.Error(err)
		}
		if err := ix.Reindex(ctx); !errors.Is(err, ErrReindexRunning) {
			t.Errorf("second Reindex during one: got %v, want ErrReindexRunning", err)
		}
	}
	if err := ix.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	ix.afterCopy = nil
	if got, err := ix.Get(ctx, late.ID); err != nil || got.Title != late.Title {
		t.Errorf("record added during the reindex: got %q (%v)", got.Title, err)
	}
	if got, _ := ix.Get(ctx, changed.ID); got.Title != changed.Title {
		t.Errorf("record updated during the reindex: got title %q, want %q", got.Title, changed.Title)
	}
	r, err := ix.Search(ctx, Query{Text: "renamed"})
	if err != nil || r.Total != 1 {
		t.Errorf("search for the updated title: got %d (%v), want 1", r.Total, err)
	}
	if n, _ := ix.Count(ctx); n != 7 {
		t.Errorf("Count: got %d, want 7", n)
	}
}
