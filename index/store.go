package index

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/pmkb/pmkb/index/segment"
)

// bleveField is a stored field of a bleve document.
type bleveField = bindex.Field

// internalVersionKey is where an index records the mappingVersion it was
// built with.
const internalVersionKey = "pmkb_mapping_version"

// currentFile names the file in Options.Path that holds the name of the live
// index directory. It is replaced atomically (write, sync, rename), so after
// a crash it names either the old index or the new one, never half of one.
const currentFile = "current"

const genPrefix = "idx-"

// diskStore is the on-disk layout: Path/current names Path/idx-<n>/, the
// live bleve index. A reindex builds Path/idx-<n+1>/ beside it and then
// switches current.
type diskStore struct {
	path string
	gen  int
}

func (s *diskStore) dir(gen int) string {
	return filepath.Join(s.path, genPrefix+strconv.Itoa(gen))
}

// openDisk opens or creates the live index under path and removes leftovers
// of an interrupted reindex. stale reports that the index was built by
// another mapping version and should be rebuilt.
func openDisk(path string, create func(string) (bleve.Index, error), log *slog.Logger) (*diskStore, bleve.Index, bool, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, nil, false, fmt.Errorf("index: open %s: %w", path, err)
	}
	st := &diskStore{path: path, gen: 1}
	name, err := os.ReadFile(filepath.Join(path, currentFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, nil, false, fmt.Errorf("index: open %s: %w", path, err)
	default:
		gen, ok := parseGen(strings.TrimSpace(string(name)))
		if !ok {
			return nil, nil, false, fmt.Errorf("index: open %s: %s names no index directory (%q)", path, currentFile, name)
		}
		st.gen = gen
	}
	b, err := segment.Open(st.dir(st.gen))
	stale := false
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		if len(name) > 0 {
			log.Warn("live index directory is missing; starting an empty index", slog.String("dir", st.dir(st.gen)))
		}
		if b, err = create(st.dir(st.gen)); err != nil {
			return nil, nil, false, err
		}
		if err := st.setCurrent(st.gen); err != nil {
			_ = b.Close()
			return nil, nil, false, err
		}
	case err != nil:
		return nil, nil, false, fmt.Errorf("index: open %s: %w", st.dir(st.gen), err)
	default:
		v, err := b.GetInternal([]byte(internalVersionKey))
		if err != nil {
			_ = b.Close()
			return nil, nil, false, fmt.Errorf("index: open %s: read version: %w", st.dir(st.gen), err)
		}
		stale = string(v) != mappingVersion
	}
	st.removeOthers(log)
	return st, b, stale, nil
}

// openDiskReadOnly opens the live index under path for reading only, as
// openDisk does but writing nothing: no directory is created, none removed,
// and an index of another mapping version is an error.
func openDiskReadOnly(path string) (*diskStore, bleve.Index, error) {
	name, err := os.ReadFile(filepath.Join(path, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("index: open %s read-only: %w", path, ErrNoIndex)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("index: open %s read-only: %w", path, err)
	}
	gen, ok := parseGen(strings.TrimSpace(string(name)))
	if !ok {
		return nil, nil, fmt.Errorf("index: open %s: %s names no index directory (%q)", path, currentFile, name)
	}
	st := &diskStore{path: path, gen: gen}
	b, err := segment.OpenReadOnly(st.dir(gen))
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return nil, nil, fmt.Errorf("index: open %s read-only: %w", st.dir(gen), ErrNoIndex)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("index: open %s read-only: %w", st.dir(gen), err)
	}
	v, err := b.GetInternal([]byte(internalVersionKey))
	if err == nil && string(v) != mappingVersion {
		err = fmt.Errorf("built by mapping version %q, this pmkb reads %q: open it once for writing to rebuild it", v, mappingVersion)
	}
	if err != nil {
		_ = b.Close()
		return nil, nil, fmt.Errorf("index: open %s read-only: %w", st.dir(gen), err)
	}
	return st, b, nil
}

func parseGen(name string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(name, genPrefix))
	if err != nil || !strings.HasPrefix(name, genPrefix) || n < 1 {
		return 0, false
	}
	return n, true
}

// setCurrent makes gen the live index directory, atomically.
func (s *diskStore) setCurrent(gen int) error {
	tmp := filepath.Join(s.path, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("index: switch index: %w", err)
	}
	_, werr := f.WriteString(genPrefix + strconv.Itoa(gen) + "\n")
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("index: switch index: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(s.path, currentFile)); err != nil {
		return fmt.Errorf("index: switch index: %w", err)
	}
	if d, err := os.Open(s.path); err == nil {
		_ = d.Sync() // make the rename durable where the OS allows it
		_ = d.Close()
	}
	s.gen = gen
	return nil
}

// removeOthers deletes every index directory but the live one: leftovers of
// a reindex that crashed before or after its switch.
func (s *diskStore) removeOthers(log *slog.Logger) {
	entries, err := os.ReadDir(s.path)
	if err != nil {
		return
	}
	for _, e := range entries {
		gen, ok := parseGen(e.Name())
		if !ok || !e.IsDir() || gen == s.gen {
			continue
		}
		if err := os.RemoveAll(filepath.Join(s.path, e.Name())); err != nil {
			log.Warn("cannot remove old index directory", slog.String("dir", e.Name()), slog.Any("error", err))
		}
	}
}

// nextGen returns a generation number no directory uses yet.
func (s *diskStore) nextGen() int {
	n := s.gen + 1
	for {
		if _, err := os.Stat(s.dir(n)); errors.Is(err, os.ErrNotExist) {
			return n
		}
		n++
	}
}

// genOf returns the generation of an index directory made by dir.
func genOf(dir string) int {
	n, _ := parseGen(filepath.Base(dir))
	return n
}
