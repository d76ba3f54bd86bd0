package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// dataDir is an opened, locked data directory and the index inside it.
type dataDir struct {
	path string
	ix   *index.Index
	lock *os.File
}

// openDataDir creates dir if needed, takes its lock so that two pmkb
// processes never write one index at once, and opens the index.
func openDataDir(ctx context.Context, e env, dir string) (*dataDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	syn, err := data.DefaultSynonyms()
	if err != nil {
		lock.Close()
		return nil, err
	}
	ix, err := index.Open(ctx, index.Options{Path: filepath.Join(dir, "index"), Logger: e.logger, Synonyms: syn})
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("data dir %s: %w", dir, err)
	}
	return &dataDir{path: dir, ix: ix, lock: lock}, nil
}

// Close closes the index, then releases the lock.
func (d *dataDir) Close() error {
	err := d.ix.Close()
	return errors.Join(err, d.lock.Close())
}

// seedIfEmpty loads the embedded default catalog into an empty index, so a
// fresh install answers searches offline.
func (d *dataDir) seedIfEmpty(ctx context.Context, e env) error {
	n, err := d.ix.Count(ctx)
	if err != nil {
		return fmt.Errorf("count records: %w", err)
	}
	if n > 0 {
		return nil
	}
	recs, err := data.DefaultCatalog()
	if err != nil {
		return err
	}
	if err := d.ix.PutBatch(ctx, recs); err != nil {
		return fmt.Errorf("seed default catalog: %w", err)
	}
	e.logger.Info("seeded index from the embedded catalog", "records", len(recs), "data_dir", d.path)
	return nil
}

// lockDir takes an exclusive, non-blocking lock on dir/.lock and writes our
// pid into it so the error for a second process can name the holder.
func lockDir(dir string) (*os.File, error) {
	p := filepath.Join(dir, ".lock")
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(p)
		f.Close()
		holder := strings.TrimSpace(string(b))
		if holder == "" {
			holder = "another process"
		} else {
			holder = "pid " + holder
		}
		return nil, fmt.Errorf("data dir %s is in use by %s (stop it, or use another --data)", dir, holder)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}
