package local

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/data"
)

// Syncer adds local sources to collections and keeps their records in
// step with the files. Its methods are safe for concurrent use; syncs run
// one at a time.
type Syncer struct {
	opts  Options
	log   *slog.Logger
	ex    Extractor
	store Store
	mu    sync.Mutex // one sync at a time: each reads and writes a manifest
}

// New returns a Syncer writing to store.
func New(opts Options, ex Extractor, store Store) (*Syncer, error) {
	if opts.DataDir == "" {
		return nil, errors.New("local: options: DataDir is required")
	}
	if ex == nil || store == nil {
		return nil, errors.New("local: new: nil extractor or store")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &Syncer{opts: opts, log: opts.Logger, ex: ex, store: store}, nil
}

// Report says what one sync did.
type Report struct {
	Collection string
	Added      []string // paths of new files now recorded
	Changed    []string // paths of files whose content or source changed, extracted again
	Removed    []string // paths of files gone, whose records were deleted
	Unchanged  int
	Skipped    []string // paths of files that could not be read or held no text
	Took       time.Duration
}

// Written is the number of records the sync wrote or deleted.
func (r Report) Written() int { return len(r.Added) + len(r.Changed) + len(r.Removed) }

// Add makes s a source of collection (or updates its link base, company or
// globs) and syncs it; other sources of the collection are not read.
func (s *Syncer) Add(ctx context.Context, collection string, src Source) (Report, error) {
	if err := src.Filter.Check(); err != nil {
		return Report{}, err
	}
	root, err := Abs(src.Root)
	if err != nil {
		return Report{}, err
	}
	if _, err := os.Stat(root); err != nil {
		return Report{}, fmt.Errorf("local: add: %w", err)
	}
	src.Root = root
	if src.LinkBase != "" {
		if err := CheckLinkBase(src.LinkBase); err != nil {
			return Report{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := LoadManifest(s.opts.DataDir, collection)
	if err != nil {
		return Report{}, err
	}
	m.addSource(src)
	return s.sync(ctx, m, []Source{src})
}

// Sync reads the sources of collection again, those whose roots are given
// or all of them: new files are added, changed ones extracted again,
// records of files gone deleted.
func (s *Syncer) Sync(ctx context.Context, collection string, roots ...string) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := LoadManifest(s.opts.DataDir, collection)
	if err != nil {
		return Report{}, err
	}
	srcs := m.Sources
	if len(roots) > 0 {
		srcs = nil
		for _, r := range roots {
			if src, ok := m.source(r); ok {
				srcs = append(srcs, src)
			}
		}
	}
	return s.sync(ctx, m, srcs)
}

// job is one file to extract.
type job struct {
	src    Source
	file   File
	hash   string
	id     string
	gitDay string
	known  bool // the manifest had the file: a change, not an addition
	rec    data.Postmortem
	err    error
}

// sync brings the records of srcs in m's collection up to date, then
// saves m. Records are written before the manifest: a crash in between
// makes the next sync write the same records again, nothing worse.
func (s *Syncer) sync(ctx context.Context, m *Manifest, srcs []Source) (Report, error) {
	start := time.Now()
	rep := Report{Collection: m.Collection}
	var jobs []*job
	var gone []string
	for _, src := range srcs {
		js, g, err := s.plan(ctx, m, src, &rep)
		if err != nil {
			return rep, err
		}
		jobs = append(jobs, js...)
		gone = append(gone, g...)
	}
	s.extractAll(ctx, m.Collection, jobs)
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	recs := make([]data.Postmortem, 0, len(jobs))
	var unread []*job
	for _, j := range jobs {
		if j.err != nil {
			s.log.Warn("local file not read", "path", j.file.Path, "err", j.err)
			rep.Skipped = append(rep.Skipped, j.file.Path)
			unread = append(unread, j)
			if m.Files[j.file.Path].ID != "" {
				gone = append(gone, j.file.Path) // its old record says what it no longer does
			}
			continue
		}
		recs = append(recs, j.rec)
		if j.known {
			rep.Changed = append(rep.Changed, j.file.Path)
		} else {
			rep.Added = append(rep.Added, j.file.Path)
		}
	}
	if err := s.store.PutBatch(ctx, recs); err != nil {
		return rep, fmt.Errorf("local: sync %s: %w", m.Collection, err)
	}
	for _, j := range jobs {
		if j.err == nil {
			m.Files[j.file.Path] = FileState{Source: j.src.Root, Hash: j.hash, ID: j.id}
		}
	}
	if err := s.remove(ctx, m, gone, &rep); err != nil {
		return rep, err
	}
	// A file that holds nothing to read is remembered with no record, so
	// that it is not read again at every sync while it stays the same.
	for _, j := range unread {
		m.Files[j.file.Path] = FileState{Source: j.src.Root, Hash: j.hash}
	}
	if err := m.save(s.opts.DataDir); err != nil {
		return rep, err
	}
	rep.Took = time.Since(start)
	return rep, nil
}

// remove deletes the records of the files at paths and forgets them.
func (s *Syncer) remove(ctx context.Context, m *Manifest, paths []string, rep *Report) error {
	var ids []string
	for _, p := range paths {
		if id := m.Files[p].ID; id != "" {
			ids = append(ids, id)
		}
	}
	if err := s.store.Delete(ctx, ids...); err != nil {
		return fmt.Errorf("local: sync %s: %w", m.Collection, err)
	}
	for _, p := range paths {
		if m.Files[p].ID != "" {
			rep.Removed = append(rep.Removed, p)
		}
		delete(m.Files, p)
	}
	return nil
}

// plan walks one source and sorts its files: the new and changed ones to
// extract, the unchanged ones counted, and the paths of files gone.
func (s *Syncer) plan(ctx context.Context, m *Manifest, src Source, rep *Report) ([]*job, []string, error) {
	files, err := Walk(ctx, src.Root, src.Filter)
	if errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("local source is gone; removing its records", "root", src.Root)
		files, err = nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	seen := make(map[string]bool, len(files))
	var jobs []*job
	for _, f := range files {
		seen[f.Path] = true
		j, err := s.check(ctx, m, src, f)
		if err != nil {
			return nil, nil, err
		}
		if j == nil {
			rep.Unchanged++
			continue
		}
		jobs = append(jobs, j)
	}
	if len(jobs) > 0 {
		dates, err := firstCommits(ctx, src.Root)
		if err != nil {
			s.log.Warn("no first-commit dates", "root", src.Root, "err", err)
		}
		for _, j := range jobs {
			j.gitDay = dates[j.file.Path]
		}
	}
	var gone []string
	for p, st := range m.Files {
		if st.Source == src.Root && !seen[p] {
			gone = append(gone, p)
		}
	}
	slices.Sort(gone)
	return jobs, gone, nil
}

// check reads file f and returns the job of extracting it, or nil when
// its record is up to date: same content, and the record stored with the
// link and company the source now gives.
func (s *Syncer) check(ctx context.Context, m *Manifest, src Source, f File) (*job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	j := &job{src: src, file: f, id: RecordID(m.Collection, f.Path)}
	st, known := m.Files[f.Path]
	j.known = known && st.ID != ""
	// The bytes are not kept: a folder of large PDFs would sit in memory
	// until extraction, which reads a changed file again.
	raw, err := s.read(f.Path)
	if err != nil {
		j.err = err
		return j, nil
	}
	j.hash = hashOf(raw)
	if !known || st.Hash != j.hash {
		return j, nil
	}
	if st.ID == "" {
		return nil, nil // unchanged, and known to hold nothing to read
	}
	stored, ok, err := s.store.Get(ctx, st.ID)
	if err != nil {
		return nil, fmt.Errorf("local: sync %s: %w", m.Collection, err)
	}
	if ok && stored.URL == link(src, f, st.ID) && (src.Company == "" || stored.Company == src.Company) {
		return nil, nil
	}
	return j, nil
}

// read reads a file of at most MaxFileSize bytes.
func (s *Syncer) read(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > s.opts.MaxFileSize {
		return nil, fmt.Errorf("local: %s: %d bytes, more than %d", path, info.Size(), s.opts.MaxFileSize)
	}
	return os.ReadFile(path)
}

// hashOf is the content hash a manifest keeps: SHA-256, hex.
func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// extractAll builds the record of every job, on every core.
func (s *Syncer) extractAll(ctx context.Context, collection string, jobs []*job) {
	next := make(chan *job)
	var wg sync.WaitGroup
	now := time.Now().UTC()
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Go(func() {
			for j := range next {
				if j.err == nil {
					j.rec, j.err = s.record(collection, j, now)
				}
			}
		})
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
}

// record reads one file through the extractor into its record.
func (s *Syncer) record(collection string, j *job, now time.Time) (pm data.Postmortem, err error) {
	defer func() {
		if r := recover(); r != nil { // one hostile file must not stop a sync
			err = fmt.Errorf("local: extract %s: panic: %v", j.file.Path, r)
		}
	}()
	raw, err := s.read(j.file.Path)
	if err != nil {
		return data.Postmortem{}, err
	}
	j.hash = hashOf(raw) // what is recorded is what was read, even if the file changed since the walk
	page, err := fetch.DecodePage(http.Header{"Content-Type": {contentType(j.file.Path)}}, raw, s.opts.MaxFileSize)
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("local: %s: %w", j.file.Path, err)
	}
	a, err := s.ex.Extract(extract.Input{Path: j.file.Path, ContentType: page.ContentType, Body: page.Body, Company: j.src.Company,
		Published: j.gitDay, Fetched: now})
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("local: %s: %w", j.file.Path, err)
	}
	pm = data.Postmortem{
		ID:           j.id,
		URL:          link(j.src, j.file, j.id),
		Company:      j.src.Company,
		Collection:   collection,
		Path:         j.file.Path,
		Categories:   []string{},
		Technologies: []string{},
		Sources:      []data.Source{sourceOf(j.src, j.file)},
		Fetch:        data.Fetch{Status: data.FetchOK, FetchedAt: now},
	}
	pm.Apply(a)
	if pm.Published == "" {
		pm.Published = j.gitDay // what the file does not say, its history does
	}
	if pm.Title == "" {
		pm.Title = fileTitle(j.file.Rel)
	}
	return pm, nil
}

// sourceOf names where a file came from in the source facet: the source
// folder's name, and the sub-folder the file sits in as its section.
func sourceOf(src Source, f File) data.Source {
	if f.Path == src.Root { // a single file: its folder names it
		return data.Source{List: filepath.Base(filepath.Dir(src.Root))}
	}
	s := data.Source{List: filepath.Base(src.Root)}
	if d := path.Dir(f.Rel); d != "." {
		s.Section = d
	}
	return s
}

// fileTitle is the title of a file that states none: its name.
func fileTitle(rel string) string {
	b := path.Base(rel)
	return b[:len(b)-len(path.Ext(b))]
}
