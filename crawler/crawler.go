// Package crawler fetches the post-mortems that lists name and turns each
// into a complete data.Postmortem: politely (robots.txt, one request at a
// time per host, a delay between requests), robustly (timeouts, body caps,
// retries, the Wayback Machine for dead links), resumably (state in bbolt)
// and with every response archived in WARC files so records can be rebuilt
// without the network. It never imports the index: records go to a Sink.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/data"
)

// DefaultUserAgent names pmkb and where to read about it.
const DefaultUserAgent = "pmkb/0.1 (+https://github.com/pmkb/pmkb)"

// robotsAgent is the product token robots.txt groups are matched against.
const robotsAgent = "pmkb"

// Defaults for zero Options fields, as the contract states them.
const (
	DefaultConcurrency    = 8
	DefaultDelay          = time.Second
	DefaultWaybackURL     = "https://archive.org"
	DefaultMaxBody        = 10 << 20
	DefaultConnectTimeout = 10 * time.Second
	DefaultHeaderTimeout  = 20 * time.Second
	DefaultTimeout        = 60 * time.Second
	DefaultMaxRedirects   = 10
	DefaultMaxAttempts    = 4
	DefaultBackoffBase    = time.Second
	DefaultMaxBackoff     = 2 * time.Minute
	DefaultMaxCrawlDelay  = time.Minute
	DefaultProgressEvery  = 5 * time.Second
)

// Sink receives every record the crawler emits; *index.Index satisfies it.
// The crawler calls Put from one goroutine at a time.
type Sink interface {
	Put(ctx context.Context, pm data.Postmortem) error
}

// Extractor turns one fetched page into an article; *extract.Extractor
// satisfies it. It must be safe for concurrent use.
type Extractor interface {
	Extract(in extract.Input) (data.Article, error)
}

// Options configure a Crawler. Zero values mean the defaults above.
type Options struct {
	DataDir      string        // required: state goes to DataDir/crawl, WARC files to DataDir/warc
	Concurrency  int           // requests in flight across all hosts
	Delay        time.Duration // minimum time between two request starts on one host
	AllowPrivate bool          // let the crawler reach loopback and private addresses
	WaybackURL   string        // base of a Wayback-compatible service
	NoWayback    bool          // never ask the Wayback Machine
	NoFetch      bool          // ingest list entries without fetching their pages
	MaxAge       time.Duration // skip URLs fetched more recently than this; 0 re-crawls all
	UserAgent    string
	MaxBody      int64 // cap on a body, both as received and decoded

	ConnectTimeout time.Duration // TCP and TLS connect
	HeaderTimeout  time.Duration // from request sent to response headers
	Timeout        time.Duration // one request, body included
	MaxRedirects   int
	MaxAttempts    int           // tries per request, the first included
	BackoffBase    time.Duration // first retry delay; doubles with each try, with jitter
	MaxBackoff     time.Duration // cap on a retry delay and on Retry-After
	MaxCrawlDelay  time.Duration // cap on a robots.txt Crawl-delay

	Logger        *slog.Logger
	Progress      io.Writer     // a terminal gets a live bar; anything else gets log lines
	ProgressEvery time.Duration // interval of the progress log lines

	// allowDial lets chosen host:port pairs past the private-address guard;
	// only tests set it.
	allowDial map[string]bool
}

func (o *Options) defaults() error {
	if o.DataDir == "" {
		return errors.New("crawler: options: DataDir is required")
	}
	for name, d := range map[string]time.Duration{"Delay": o.Delay, "MaxAge": o.MaxAge,
		"Timeout": o.Timeout, "ConnectTimeout": o.ConnectTimeout, "HeaderTimeout": o.HeaderTimeout,
		"BackoffBase": o.BackoffBase, "MaxBackoff": o.MaxBackoff, "MaxCrawlDelay": o.MaxCrawlDelay} {
		if d < 0 {
			return fmt.Errorf("crawler: options: %s must not be negative, got %s", name, d)
		}
	}
	if o.Concurrency < 0 || o.MaxBody < 0 || o.MaxRedirects < 0 || o.MaxAttempts < 0 {
		return errors.New("crawler: options: Concurrency, MaxBody, MaxRedirects and MaxAttempts must not be negative")
	}
	setInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	setInt(&o.Concurrency, DefaultConcurrency)
	setInt(&o.MaxRedirects, DefaultMaxRedirects)
	setInt(&o.MaxAttempts, DefaultMaxAttempts)
	setDur(&o.Delay, DefaultDelay)
	setDur(&o.ConnectTimeout, DefaultConnectTimeout)
	setDur(&o.HeaderTimeout, DefaultHeaderTimeout)
	setDur(&o.Timeout, DefaultTimeout)
	setDur(&o.BackoffBase, DefaultBackoffBase)
	setDur(&o.MaxBackoff, DefaultMaxBackoff)
	setDur(&o.MaxCrawlDelay, DefaultMaxCrawlDelay)
	setDur(&o.ProgressEvery, DefaultProgressEvery)
	if o.MaxBody == 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.WaybackURL == "" {
		o.WaybackURL = DefaultWaybackURL
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return nil
}

// Crawler fetches, archives and extracts post-mortems. It is safe to call
// its methods from one goroutine at a time; Run itself fans out.
type Crawler struct {
	opts   Options
	ex     Extractor
	log    *slog.Logger
	client *http.Client
	state  *store
	warc   *warcWriter
	hosts  *hostPool
	sem    chan struct{} // global cap on requests in flight
	putMu  sync.Mutex    // serialises Sink.Put
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
	st, err := openStore(filepath.Join(opts.DataDir, "crawl"))
	if err != nil {
		return nil, err
	}
	w, err := openWARC(filepath.Join(opts.DataDir, "warc"), opts.MaxBody, opts.Logger)
	if err != nil {
		st.close()
		return nil, err
	}
	c := &Crawler{
		opts:  opts,
		ex:    ex,
		log:   opts.Logger,
		state: st,
		warc:  w,
		sem:   make(chan struct{}, opts.Concurrency),
	}
	c.client = newClient(opts)
	c.hosts = newHostPool(opts.Delay, opts.MaxCrawlDelay)
	return c, nil
}

// Close flushes the WARC files and closes the state database.
func (c *Crawler) Close() error {
	c.client.CloseIdleConnections()
	return errors.Join(c.warc.close(), c.state.close())
}
