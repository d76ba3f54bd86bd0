// Package crawler runs a crawl: the frontier of list entries, the workers that fetch and extract them, and the records it writes to a Sink.
package crawler

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/state"
	"github.com/pmkb/pmkb/data"
)

// DefaultProgressEvery is the interval of the progress log lines.
const DefaultProgressEvery = 5 * time.Second

// Sink is where the crawler's records go, and the one store of them: the
// crawler reads the record stored for a URL, merges the new attempt into
// it and puts the result. cmd/pmkb gives the index; the crawler calls Put
// (and Get before it) from one goroutine at a time.
type Sink interface {
	// Get returns the record stored under id; ok is false when there is none.
	Get(ctx context.Context, id string) (pm data.Postmortem, ok bool, err error)
	Put(ctx context.Context, pm data.Postmortem) error
}

// Extractor turns one fetched page into an article; *extract.Extractor
// satisfies it. It must be safe for concurrent use.
type Extractor interface {
	Extract(in extract.Input) (data.Article, error)
}

// Options configure a Crawler: how to fetch (fetch.Options, embedded) and
// how to run. Zero values mean the defaults.
type Options struct {
	fetch.Options
	DataDir       string        // required: state goes to DataDir/crawl, WARC files to DataDir/warc
	NoFetch       bool          // ingest list entries without fetching their pages
	MaxAge        time.Duration // skip URLs fetched more recently than this; 0 re-crawls all
	Progress      io.Writer     // a terminal gets a live bar; anything else gets log lines
	ProgressEvery time.Duration // interval of the progress log lines
}

func (o *Options) defaults() error {
	if o.DataDir == "" {
		return errors.New("crawler: options: DataDir is required")
	}
	if o.MaxAge < 0 || o.ProgressEvery < 0 {
		return errors.New("crawler: options: MaxAge and ProgressEvery must not be negative")
	}
	fo, err := o.Options.WithDefaults()
	if err != nil {
		return err
	}
	o.Options = fo
	if o.ProgressEvery == 0 {
		o.ProgressEvery = DefaultProgressEvery
	}
	return nil
}

// Crawler fetches, archives and extracts post-mortems. It is safe to call
// its methods from one goroutine at a time; Run itself fans out.
type Crawler struct {
	opts  Options
	ex    Extractor
	log   *slog.Logger
	fetch *fetch.Fetcher
	state *state.Store
	warc  *archive.Writer
	putMu sync.Mutex // serialises the sink's Get-merge-Put
	// reuse holds what the interrupted run this one resumes archived; set
	// by Run before its workers start, nil otherwise.
	reuse archivedSet
}

// New opens the crawl state and WARC directory under opts.DataDir. Close
// releases them.
func New(opts Options, ex Extractor) (*Crawler, error) {
	if ex == nil {
		return nil, errors.New("crawler: new: nil extractor")
	}
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	st, err := state.Open(filepath.Join(opts.DataDir, "crawl"))
	if err != nil {
		return nil, err
	}
	w, err := archive.Open(filepath.Join(opts.DataDir, "warc"),
		archive.Options{MaxBody: opts.MaxBody, Software: fetch.DefaultUserAgent, Logger: opts.Logger})
	if err != nil {
		st.Close()
		return nil, err
	}
	f, err := fetch.New(opts.Options, w)
	if err != nil {
		st.Close()
		w.Close()
		return nil, err
	}
	return &Crawler{opts: opts, ex: ex, log: opts.Logger, fetch: f, state: st, warc: w}, nil
}

// Close flushes the WARC files and closes the state database.
func (c *Crawler) Close() error {
	c.fetch.Close()
	return errors.Join(c.warc.Close(), c.state.Close())
}
