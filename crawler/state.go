package crawler

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pmkb/pmkb/data"
)

// Buckets of the crawl state database (DataDir/crawl/state.db).
var (
	bucketURLs    = []byte("urls")    // canonical URL -> urlState (JSON)
	bucketRecords = []byte("records") // canonical URL -> last emitted data.Postmortem (JSON)
	bucketMeta    = []byte("meta")    // run bookkeeping
	keyRun        = []byte("run")     // the unfinished run's id, absent between runs
	keyRunSeq     = []byte("run_seq")
)

// urlState is everything the crawler remembers about one canonical URL
// across runs: what the lists said, how the last fetch went, the validators
// for a conditional re-crawl and where the raw page sits in the WARC files.
type urlState struct {
	URL          string        `json:"url"`
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

	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Page         *warcRef  `json:"page,omitempty"`        // the response the record was extracted from
	PageStatus   string    `json:"page_status,omitempty"` // ok or archived: how Page was obtained
	ContentURL   string    `json:"content_url,omitempty"` // the URL that answered (archive copy, redirect target)
	Changed      time.Time `json:"changed,omitzero"`

	// Not stored: how this call came to the URL.
	companyOverride bool // Company was given to Add: it replaces the record's
	relisted        bool // the run had finished it, and a list has since brought new data
}

// addSources merges srcs into the state's sources and reports whether any
// was new.
func (s *urlState) addSources(srcs []data.Source) bool {
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

// store persists crawl state in bbolt, so a crawl killed at any moment
// resumes where it stopped: every per-URL change is its own transaction.
type store struct {
	db *bolt.DB
}

// openStore opens (or creates) the state database in dir. A second process
// on the same data dir gets a clear error instead of waiting forever.
func openStore(dir string) (*store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("crawler: create state dir: %w", err)
	}
	path := filepath.Join(dir, "state.db")
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("crawler: open %s: another pmkb process holds it", path)
	}
	if err != nil {
		return nil, fmt.Errorf("crawler: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketURLs, bucketRecords, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("crawler: init %s: %w", path, err)
	}
	return &store{db: db}, nil
}

func (s *store) close() error { return s.db.Close() }

// beginRun returns the id of the unfinished run if there is one (a crawl
// that was killed), else starts a new one. resumed says which.
func (s *store) beginRun() (run string, resumed bool, err error) {
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
		return meta.Put(keyRun, []byte(run))
	})
	if err != nil {
		return "", false, fmt.Errorf("crawler: begin run: %w", err)
	}
	return run, resumed, nil
}

// endRun marks the run finished: the next crawl is a re-crawl, not a resume.
func (s *store) endRun(run string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if string(meta.Get(keyRun)) != run {
			return nil
		}
		return meta.Delete(keyRun)
	})
	if err != nil {
		return fmt.Errorf("crawler: end run: %w", err)
	}
	return nil
}

// get returns the state of url, or ok false.
func (s *store) get(url string) (st urlState, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketURLs).Get([]byte(url))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &st)
	})
	if err != nil {
		return urlState{}, false, fmt.Errorf("crawler: read state of %s: %w", url, err)
	}
	return st, ok, nil
}

// update applies fn to the state of url (a zero state with URL set when
// there is none) and writes it back. Concurrent updates are batched into
// shared transactions, so many workers do not each pay for an fsync.
func (s *store) update(url string, fn func(*urlState)) (urlState, error) {
	var out urlState
	err := s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketURLs)
		st := urlState{URL: url}
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
		return urlState{}, fmt.Errorf("crawler: write state of %s: %w", url, err)
	}
	return out, nil
}

// finish writes the URL's final state and the record emitted for it in one
// transaction, so the two never disagree after a crash. Concurrent calls
// share transactions; a lone caller waits up to bbolt's MaxBatchDelay.
func (s *store) finish(st urlState, pm data.Postmortem) error {
	return s.put(st, pm, s.db.Batch)
}

// finishNow is finish for a single sequential caller: its own transaction,
// no batching delay.
func (s *store) finishNow(st urlState, pm data.Postmortem) error {
	return s.put(st, pm, s.db.Update)
}

func (s *store) put(st urlState, pm data.Postmortem, txn func(func(*bolt.Tx) error) error) error {
	err := txn(func(tx *bolt.Tx) error {
		st.Changed = time.Now().UTC()
		v, err := json.Marshal(st)
		if err != nil {
			return err
		}
		r, err := json.Marshal(pm)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketURLs).Put([]byte(st.URL), v); err != nil {
			return err
		}
		return tx.Bucket(bucketRecords).Put([]byte(st.URL), r)
	})
	if err != nil {
		return fmt.Errorf("crawler: write state of %s: %w", st.URL, err)
	}
	return nil
}

// finishAll is finish for many URLs in one transaction.
func (s *store) finishAll(sts []urlState, pms []data.Postmortem) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		urls, recs := tx.Bucket(bucketURLs), tx.Bucket(bucketRecords)
		now := time.Now().UTC()
		for i, st := range sts {
			st.Changed = now
			v, err := json.Marshal(st)
			if err != nil {
				return err
			}
			r, err := json.Marshal(pms[i])
			if err != nil {
				return err
			}
			if err := urls.Put([]byte(st.URL), v); err != nil {
				return err
			}
			if err := recs.Put([]byte(st.URL), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("crawler: write state of %d URLs: %w", len(sts), err)
	}
	return nil
}

// records returns the last record emitted for each of sts' URLs, and
// whether there was one, in one transaction.
func (s *store) records(sts []urlState) ([]data.Postmortem, []bool, error) {
	pms, ok := make([]data.Postmortem, len(sts)), make([]bool, len(sts))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRecords)
		for i, st := range sts {
			if v := b.Get([]byte(st.URL)); v != nil {
				ok[i] = true
				if err := json.Unmarshal(v, &pms[i]); err != nil {
					return fmt.Errorf("%s: %w", st.URL, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("crawler: read records: %w", err)
	}
	return pms, ok, nil
}

// record returns the last record emitted for url.
func (s *store) record(url string) (pm data.Postmortem, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRecords).Get([]byte(url))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &pm)
	})
	if err != nil {
		return data.Postmortem{}, false, fmt.Errorf("crawler: read record of %s: %w", url, err)
	}
	return pm, ok, nil
}

// pending returns the URLs queued by run that it has not finished: the
// frontier a resumed crawl picks up again.
func (s *store) pending(run string) ([]urlState, error) {
	var out []urlState
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketURLs).ForEach(func(_, v []byte) error {
			var st urlState
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			if st.Run == run && st.DoneRun != run {
				out = append(out, st)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("crawler: read frontier: %w", err)
	}
	return out, nil
}

// all calls fn for every URL's state, in key order.
func (s *store) all(fn func(urlState) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketURLs).ForEach(func(_, v []byte) error {
			var st urlState
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			return fn(st)
		})
	})
}

// enqueue records that run will crawl entries: list data and sources are
// merged into each URL's state (a URL named by several lists gets every
// source) in one transaction, so the whole frontier is on disk before the
// first fetch.
func (s *store) enqueue(run string, groups []entryGroup) ([]urlState, error) {
	out := make([]urlState, 0, len(groups))
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketURLs)
		out = out[:0]
		for _, g := range groups {
			st := urlState{URL: g.URL}
			if v := b.Get([]byte(g.URL)); v != nil {
				if err := json.Unmarshal(v, &st); err != nil {
					return err
				}
			}
			changed := g.mergeInto(&st)
			if run != "" { // Add ("") must not take a URL out of a pending run
				st.Run = run
			}
			st.relisted = changed && run != "" && st.DoneRun == run
			st.Changed = time.Now().UTC()
			v, err := json.Marshal(st)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(g.URL), v); err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("crawler: write frontier: %w", err)
	}
	return out, nil
}
