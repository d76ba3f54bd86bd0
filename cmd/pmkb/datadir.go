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
	"time"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// dataDir is an opened, locked data directory and the index inside it.
type dataDir struct {
	path string
	ix   *index.Index
	lock *os.File // nil for a read-only dir no writer can hold
	// readOnly is a dir opened by openReader: the index was opened
	// read-only, the lock (if any) is shared, nothing is written.
	readOnly bool
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
	ix, err := index.Open(ctx, index.Options{Path: filepath.Join(dir, "index"), Logger: e.logger, QueryTagger: newQueryTagger()})
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("data dir %s: %w", dir, err)
	}
	return &dataDir{path: dir, ix: ix, lock: lock}, nil
}

// Close closes the index, then releases the lock.
func (d *dataDir) Close() error {
	err := d.ix.Close()
	if d.lock != nil {
		err = errors.Join(err, d.lock.Close())
	}
	return err
}

// seededMarker is the file that says the embedded catalog has been loaded
// into a data dir, so that it is loaded once, whichever command comes first.
const seededMarker = "catalog-seeded"

// seedOnce loads the embedded default catalog into the index the first time
// a data dir is used, so a fresh install answers searches offline and a
// crawl-first data dir still has the curated incidents. A catalog record
// merges with a record already stored for its URL: a fetched page keeps its
// content, a list-only record gains the catalog's summary and tags.
func (d *dataDir) seedOnce(ctx context.Context, e env) error {
	if d.readOnly || seeded(d.path) {
		return nil
	}
	recs, err := data.DefaultCatalog()
	if err != nil {
		return err
	}
	for i, pm := range recs {
		old, err := d.ix.Get(ctx, pm.ID)
		switch {
		case err == nil:
			recs[i] = data.Merge(pm, old)
		case !errors.Is(err, index.ErrNotFound):
			return err
		}
	}
	if err := d.ix.PutBatch(ctx, recs); err != nil {
		return fmt.Errorf("seed default catalog: %w", err)
	}
	if err := d.compact(ctx, e); err != nil {
		return fmt.Errorf("seed default catalog: %w", err)
	}
	if err := d.markSeeded(); err != nil {
		return err
	}
	e.logger.Info("loaded the embedded catalog", "records", len(recs), "data_dir", d.path)
	return nil
}

// seededAt is when the embedded catalog was loaded into the data dir (the
// marker's time), zero when it was not: the ingestion date of catalog
// records, which carry no fetch time.
func (d *dataDir) seededAt() time.Time {
	fi, err := os.Stat(filepath.Join(d.path, seededMarker))
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime().UTC()
}

// compact merges the index into one segment after a bulk write, so that
// searches are fast (index.Index.Compact). A failure only costs speed, so
// it is logged, unless the disk refused the write (index.ErrWriteFailed):
// that is the command's error. An interrupted command skips it.
func (d *dataDir) compact(ctx context.Context, e env) error {
	if ctx.Err() != nil || d.readOnly {
		return nil
	}
	e.logger.Info("compacting the index")
	err := d.ix.Compact(ctx)
	if errors.Is(err, index.ErrWriteFailed) {
		return err
	}
	if err != nil {
		e.logger.Warn("compacting the index", "error", err)
	}
	return nil
}

// markSeeded records that the data dir has (or, after an import, wants no)
// embedded catalog.
func (d *dataDir) markSeeded() error {
	err := os.WriteFile(filepath.Join(d.path, seededMarker), []byte("the embedded catalog was loaded into this data dir\n"), 0o644)
	if err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	return nil
}

// seeded reports whether the embedded catalog was loaded into dir (or an
// import said it wants none).
func seeded(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, seededMarker))
	return err == nil
}

// lockHolder is what the lock file says about the process holding it.
type lockHolder struct {
	pid     int
	addr    string // where that process serves HTTP, when it is a server
	readers bool   // only readers (search, export, a read-only server) hold it
}

func (h lockHolder) String() string {
	if h.readers {
		return "pmkb readers (search, export or a read-only server)"
	}
	if h.pid == 0 {
		return "another process"
	}
	if h.addr != "" {
		return fmt.Sprintf("the pmkb server (pid %d, http://%s)", h.pid, h.addr)
	}
	return fmt.Sprintf("pmkb (pid %d)", h.pid)
}

// lockedError says the data dir is held by another process.
type lockedError struct {
	dir    string
	holder lockHolder
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("data dir %s is in use by %s: stop it first, or use another --data", e.dir, e.holder)
}

func readLockHolder(p string) lockHolder {
	b, _ := os.ReadFile(p)
	f := strings.Fields(string(b))
	var h lockHolder
	if len(f) > 0 {
		h.pid, _ = strconv.Atoi(f[0])
	}
	if len(f) > 1 {
		h.addr = f[1]
	}
	return h
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
		f.Close()
		return nil, &lockedError{dir: dir, holder: holderOf(p)}
	}
	if err := writeLock(f, ""); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// writeLock writes our pid, and the address we serve on if any, into the
// lock file.
func writeLock(f *os.File, addr string) error {
	line := strconv.Itoa(os.Getpid())
	if addr != "" {
		line += " " + addr
	}
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("data dir lock: %w", err)
	}
	if _, err := f.WriteAt([]byte(line+"\n"), 0); err != nil {
		return fmt.Errorf("data dir lock: %w", err)
	}
	return nil
}

// openSeeded opens the data dir for writing and loads the embedded catalog
// into it the first time; on an error nothing is left open.
func openSeeded(ctx context.Context, e env, dir string) (*dataDir, error) {
	d, err := openDataDir(ctx, e, dir)
	if err != nil {
		return nil, err
	}
	if err := d.seedOnce(ctx, e); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}
