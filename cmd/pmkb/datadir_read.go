package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/pmkb/pmkb/index"
)

// openReader opens dir for a command that only reads it (search, export).
// A data dir no writer holds needs no exclusive lock: readers share it, so
// several can read at once, and a read-only data dir (a read-only mount, a
// read-only copy, a backup) can be searched and exported. Only a data dir
// that still wants the embedded catalog, and can take it, is opened for
// writing first, as every command did before.
func openReader(ctx context.Context, e env, dir string) (*dataDir, error) {
	if !seeded(dir) && writable(dir) {
		return openSeeded(ctx, e, dir)
	}
	return openReadOnly(ctx, e, dir)
}

// openReadOnly opens dir's index read-only under a shared lock, writing
// nothing in dir.
func openReadOnly(ctx context.Context, e env, dir string) (*dataDir, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	lock, err := lockShared(dir)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(ctx, index.Options{Path: filepath.Join(dir, "index"), Logger: e.logger, QueryTagger: newQueryTagger(), ReadOnly: true})
	if err == nil {
		return &dataDir{path: dir, ix: ix, lock: lock, readOnly: true}, nil
	}
	if errors.Is(err, index.ErrNoIndex) {
		err = fmt.Errorf("data dir %s holds no index yet, and is read-only: %w", dir, err)
	} else {
		err = fmt.Errorf("data dir %s: %w", dir, err)
	}
	if lock != nil {
		lock.Close()
	}
	return nil, err
}

// lockShared takes a shared, non-blocking lock on dir/.lock: readers
// share it, a writer (which takes it exclusively) excludes them. Where the
// lock file cannot be opened at all (a read-only file system, or no
// permission to create it), no writer can hold it either, and no lock is
// needed: it returns nil.
func lockShared(dir string) (*os.File, error) {
	p := filepath.Join(dir, ".lock")
	f, err := os.OpenFile(p, os.O_RDONLY|os.O_CREATE, 0o644)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission) {
		f, err = os.Open(p) // O_CREATE fails on a read-only dir even when the file exists
		if err != nil {
			return nil, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, &lockedError{dir: dir, holder: readLockHolder(p)}
	}
	return f, nil
}

// holderOf says who holds the lock at p that we could not take
// exclusively: readers only, when a shared lock is still to be had, else
// the writer the file names.
func holderOf(p string) lockHolder {
	if f, err := os.Open(p); err == nil {
		defer f.Close()
		if syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB) == nil {
			return lockHolder{readers: true}
		}
	}
	return readLockHolder(p)
}

// writable reports whether this process may write in dir, creating it
// when missing: false on a read-only file system or without permission.
func writable(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	return syscall.Access(dir, 2 /* W_OK */) == nil
}
