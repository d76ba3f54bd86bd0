package local

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultSettle is how long a watch waits after the last change before it
// syncs: an editor's save or a `git pull` is a burst of events, read once.
const DefaultSettle = 300 * time.Millisecond

// WatchOptions configure Watch.
type WatchOptions struct {
	Settle time.Duration // 0 means DefaultSettle
	// Synced, when set, is told of every sync the watch runs.
	Synced func(Report, error)
}

// Watch keeps collections in step with their local sources until ctx
// ends: it syncs them once, then again whenever a file under one of their
// sources changes. The sync goes through the same store as any other, so a
// server's searches go on while it writes. Watching uses fsnotify (inotify
// on Linux): every folder of a source is watched, new folders as they
// appear; when the kernel's queue overflows, every source is synced.
//
// fsnotify is the module for this in Go: the standard library has no file
// watching, and fsnotify wraps inotify, kqueue and ReadDirectoryChangesW
// with nothing else than golang.org/x/sys, which pmkb already requires.
func (s *Syncer) Watch(ctx context.Context, collections []string, o WatchOptions) error {
	if o.Settle <= 0 {
		o.Settle = DefaultSettle
	}
	if o.Synced == nil {
		o.Synced = func(Report, error) {}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("local: watch: %w", err)
	}
	defer w.Close()
	ws := &watchSet{s: s, w: w, collections: collections}
	if err := ws.refresh(); err != nil {
		return err
	}
	dirty := map[string]bool{}
	for _, c := range collections {
		dirty[c] = true // changes made while nothing watched
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if c := ws.collectionOf(ev.Name); c != "" {
				if ev.Has(fsnotify.Create) {
					ws.addTree(ev.Name, c)
				}
				dirty[c] = true
				timer.Reset(o.Settle)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			s.log.Warn("watching local sources", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				for _, c := range collections {
					dirty[c] = true
				}
				timer.Reset(o.Settle)
			}
		case <-timer.C:
			for _, c := range slices.Sorted(maps.Keys(dirty)) {
				rep, err := s.Sync(ctx, c)
				o.Synced(rep, err)
				delete(dirty, c)
			}
			if err := ws.refresh(); err != nil {
				s.log.Warn("watching local sources", "err", err)
			}
		}
	}
}

// watchSet is what a watch watches: the roots of its collections' sources.
type watchSet struct {
	s           *Syncer
	w           *fsnotify.Watcher
	collections []string
	roots       map[string]string // source root -> collection
	filters     map[string]Filter // source root -> its filter
}

// refresh reads the collections' manifests again and watches every
// folder of their sources.
func (ws *watchSet) refresh() error {
	ws.roots, ws.filters = map[string]string{}, map[string]Filter{}
	for _, c := range ws.collections {
		m, err := LoadManifest(ws.s.opts.DataDir, c)
		if err != nil {
			return err
		}
		for _, src := range m.Sources {
			ws.roots[src.Root] = c
			ws.filters[src.Root] = src.Filter
			st, err := os.Stat(src.Root)
			switch {
			case err != nil:
				ws.s.log.Warn("local source missing; watching for it", "root", src.Root)
				ws.add(filepath.Dir(src.Root))
			case st.IsDir():
				ws.addTree(src.Root, c)
			default:
				ws.add(filepath.Dir(src.Root)) // a file is replaced, not only written
			}
		}
	}
	return nil
}

// addTree watches dir and its sub-folders, but those a sync skips.
func (ws *watchSet) addTree(dir, collection string) {
	root := ws.rootOf(dir)
	f := ws.filters[root]
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && (d.Name() == ".git" || !f.All && skippedDir(d.Name())) {
			return filepath.SkipDir
		}
		ws.add(p)
		return nil
	})
}

func (ws *watchSet) add(dir string) {
	if err := ws.w.Add(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		ws.s.log.Warn("cannot watch a folder", "dir", dir, "err", err)
	}
}

// rootOf returns the source root holding p, the longest, or "".
func (ws *watchSet) rootOf(p string) string {
	best := ""
	for r := range ws.roots {
		if (p == r || strings.HasPrefix(p, r+string(filepath.Separator))) && len(r) > len(best) {
			best = r
		}
	}
	return best
}

// collectionOf returns the collection of the source an event's path
// belongs to, or "" when it belongs to none (a sibling of a source file,
// a change inside .git).
func (ws *watchSet) collectionOf(p string) string {
	r := ws.rootOf(p)
	if r == "" {
		return ""
	}
	if rel, err := filepath.Rel(r, p); err == nil && slices.Contains(strings.Split(filepath.ToSlash(rel), "/"), ".git") {
		return ""
	}
	return ws.roots[r]
}
