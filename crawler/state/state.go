// Package state is the crawl's persistent frontier in bbolt: what the crawler knows of every URL across runs, and the run under way.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/data"
)

// Buckets of the crawl state database (DataDir/crawl/state.db).
var (
	bucketURLs = []byte("urls") // canonical URL -> URLState (JSON)
	bucketMeta = []byte("meta") // run bookkeeping
	keyRun     = []byte("run")  // the unfinished run's id, absent between runs
	keyRunSeq  = []byte("run_seq")
	keyStarted = []byte("run_started") // when the unfinished run began (RFC 3339)
	// bucketRecords held a copy of every record the crawler emitted, before
	// the index became the one store of records; Open drops it.
	bucketRecords = []byte("records")
)

// URLState is everything the crawler remembers about one canonical URL
// across runs: what the lists said, how the last fetch went, the validators
// for a conditional re-crawl and where the raw page sits in the WARC files.
// The record built from it lives in the crawler's sink, not here.
type URLState struct {
	URL          string        `json:"url"`
	Link         string        `json:"link,omitempty"` // the URL as a list wrote it: what is fetched; "" means URL
	ArchiveURL   string        `json:"archive_url,omitempty"`
	Company      string        `json:"company,omitempty"`
	Blurb        string        `json:"blurb,omitempty"`
	IncidentDate string        `json:"incident_date,omitempty"`
	Sources      []data.Source `json:"sources,omitempty"`

	Run       string    `json:"run,omitempty"`      // the run that last queued it
	DoneRun   string    `json:"done_run,omitempty"` // the run that last finished it
	Status    string    `json:"status,omitempty"`
	HTTP      int       `json:"http_status,omitempty"`
	Error     string    `json:"error,omitempty"`
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	Attempts  int       `json:"attempts,omitempty"`
	NextRetry time.Time `json:"next_retry,omitzero"`

	ETag         string       `json:"etag,omitempty"`
	LastModified string       `json:"last_modified,omitempty"`
	Page         *archive.Ref `json:"page,omitempty"`        // the response the record was extracted from
	PageStatus   string       `json:"page_status,omitempty"` // ok or archived: how Page was obtained
	ContentURL   string       `json:"content_url,omitempty"` // the URL that answered (archive copy, redirect target)
	Changed      time.Time    `json:"changed,omitzero"`
}

// Target is the URL to request and to show: the link as a list wrote it,
// or the canonical URL when no list gave one.
func (s URLState) Target() string {
	if s.Link != "" {
		return s.Link
	}
	return s.URL
}

// AddSources merges srcs into the state's sources and reports whether any
// was new.
func (s *URLState) AddSources(srcs []data.Source) bool {
	changed := false
	for _, src := range srcs {
		found := false
		for _, have := range s.Sources {
			if have == src {
				found = true
				break
			}
		}
		if !found {
			s.Sources = append(s.Sources, src)
			changed = true
		}
	}
	return changed
}

// Store persists the crawl state in bbolt, so a crawl killed at any moment
// resumes where it stopped: every per-URL change is its own transaction.
type Store struct {
	db *bolt.DB
}

// Open opens (or creates) the state database in dir. A second process on
// the same data dir gets a clear error instead of waiting forever.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state: create dir: %w", err)
	}
	path := filepath.Join(dir, "state.db")
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("state: open %s: another pmkb process holds it", path)
	}
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketURLs, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if tx.Bucket(bucketRecords) != nil {
			return tx.DeleteBucket(bucketRecords)
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("state: init %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// BeginRun returns the id of the unfinished run if there is one (a crawl
// that was killed), else starts a new one. resumed says which.
func (s *Store) BeginRun() (run string, resumed bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keyRun); v != nil {
			run, resumed = string(v), true
			return nil
		}
		seq, _ := strconv.Atoi(string(meta.Get(keyRunSeq)))
		seq++
		run = strconv.Itoa(seq)
		if err := meta.Put(keyRunSeq, []byte(run)); err != nil {
			return err
		}
		// A second before now: file times may be coarser than the clock.
		started := time.Now().Add(-time.Second).UTC().Format(time.RFC3339Nano)
		if err := meta.Put(keyStarted, []byte(started)); err != nil {
			return err
		}
		return meta.Put(keyRun, []byte(run))
	})
	if err != nil {
		return "", false, fmt.Errorf("state: begin run: %w", err)
	}
	return run, resumed, nil
}

// RunStarted returns when the unfinished run began; ok is false between
// runs and for a run begun by a pmkb that did not record it.
func (s *Store) RunStarted() (t time.Time, ok bool) {
	_ = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keyStarted)
		if v == nil || tx.Bucket(bucketMeta).Get(keyRun) == nil {
			return nil
		}
		var err error
		t, err = time.Parse(time.RFC3339Nano, string(v))
		ok = err == nil
		return nil
	})
	return t, ok
}

// EndRun marks the run finished: the next crawl is a re-crawl, not a resume.
func (s *Store) EndRun(run string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if string(meta.Get(keyRun)) != run {
			return nil
		}
		return meta.Delete(keyRun)
	})
	if err != nil {
		return fmt.Errorf("state: end run: %w", err)
	}
	return nil
}

// Get returns the state of url, or ok false.
func (s *Store) Get(url string) (st URLState, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketURLs).Get([]byte(url))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &st)
	})
	if err != nil {
		return URLState{}, false, fmt.Errorf("state: read %s: %w", url, err)
	}
	return st, ok, nil
}

// Update applies fn to the state of url (a zero state with URL set when
// there is none) and writes it back. Concurrent updates are batched into
// shared transactions, so many workers do not each pay for an fsync.
func (s *Store) Update(url string, fn func(*URLState)) (URLState, error) {
	var out URLState
	err := s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketURLs)
		st := URLState{URL: url}
		if v := b.Get([]byte(url)); v != nil {
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
		}
		fn(&st)
		st.Changed = time.Now().UTC()
		v, err := json.Marshal(st)
		if err != nil {
			return err
		}
		out = st
		return b.Put([]byte(url), v)
	})
	if err != nil {
		return URLState{}, fmt.Errorf("state: write %s: %w", url, err)
	}
	return out, nil
}

// Finish writes the URL's final state once its record is in the sink.
// Concurrent calls share transactions; a lone caller waits up to bbolt's
// MaxBatchDelay.
func (s *Store) Finish(st URLState) error {
	err := s.db.Batch(func(tx *bolt.Tx) error {
		return put(tx.Bucket(bucketURLs), st, time.Now().UTC())
	})
	if err != nil {
		return fmt.Errorf("state: write %s: %w", st.URL, err)
	}
	return nil
}

// FinishAll is Finish for many URLs in one transaction.
func (s *Store) FinishAll(sts []URLState) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, now := tx.Bucket(bucketURLs), time.Now().UTC()
		for _, st := range sts {
			if err := put(b, st, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: write %d URLs: %w", len(sts), err)
	}
	return nil
}

// put writes st, changed at now, into b.
func put(b *bolt.Bucket, st URLState, now time.Time) error {
	st.Changed = now
	v, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return b.Put([]byte(st.URL), v)
}

// Pending returns the URLs queued by run that it has not finished: the
// frontier a resumed crawl picks up again.
func (s *Store) Pending(run string) ([]URLState, error) {
	var out []URLState
	err := s.All(func(st URLState) error {
		if st.Run == run && st.DoneRun != run {
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state: read frontier: %w", err)
	}
	return out, nil
}

// All calls fn for every URL's state, in key order.
func (s *Store) All(fn func(URLState) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketURLs).ForEach(func(_, v []byte) error {
			var st URLState
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			return fn(st)
		})
	})
}

// Enqueue records that run will crawl urls: fill merges what the lists say
// about urls[i] into its state (a URL named by several lists gets every
// source), and the URL is queued in run, all in one transaction, so the
// whole frontier is on disk before the first fetch. run "" (a single URL
// added by hand) queues nothing: it must not take a URL out of a pending
// run.
func (s *Store) Enqueue(run string, urls []string, fill func(i int, st *URLState)) ([]URLState, error) {
	out := make([]URLState, 0, len(urls))
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, now := tx.Bucket(bucketURLs), time.Now().UTC()
		out = out[:0]
		for i, url := range urls {
			st := URLState{URL: url}
			if v := b.Get([]byte(url)); v != nil {
				if err := json.Unmarshal(v, &st); err != nil {
					return err
				}
			}
			fill(i, &st)
			if run != "" {
				st.Run = run
			}
			if err := put(b, st, now); err != nil {
				return err
			}
			st.Changed = now
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state: write frontier: %w", err)
	}
	return out, nil
}
