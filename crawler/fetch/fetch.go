// Package fetch gets pages politely and safely: one HTTP client, robots.txt, per-host limits, a dial guard, charset decoding and the Wayback fallback.
package fetch

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
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
)

// Options configure a Fetcher. Zero values mean the defaults above.
type Options struct {
	Concurrency int // requests in flight across all hosts
	// Delay is the minimum time between two request starts on one host:
	// nil means DefaultDelay, a zero duration no delay at all.
	Delay        *time.Duration
	AllowPrivate bool   // let the crawler reach loopback and private addresses
	WaybackURL   string // base of a Wayback-compatible service
	NoWayback    bool   // never ask the Wayback Machine
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

	Logger *slog.Logger

	// allowDial lets chosen host:port pairs past the private-address guard;
	// only tests set it.
	allowDial map[string]bool
	// transport replaces the network with handlers in memory, so a test
	// can run in a synctest bubble; the dial guard does not apply.
	transport http.RoundTripper
}

// WithDefaults returns o with every zero field set to its default, or an
// error for a negative value.
func (o Options) WithDefaults() (Options, error) {
	durations := map[string]time.Duration{"Timeout": o.Timeout, "ConnectTimeout": o.ConnectTimeout,
		"HeaderTimeout": o.HeaderTimeout, "BackoffBase": o.BackoffBase, "MaxBackoff": o.MaxBackoff, "MaxCrawlDelay": o.MaxCrawlDelay}
	if o.Delay != nil {
		durations["Delay"] = *o.Delay
	}
	for name, d := range durations {
		if d < 0 {
			return o, fmt.Errorf("fetch: options: %s must not be negative, got %s", name, d)
		}
	}
	if o.Concurrency < 0 || o.MaxBody < 0 || o.MaxRedirects < 0 || o.MaxAttempts < 0 {
		return o, errors.New("fetch: options: Concurrency, MaxBody, MaxRedirects and MaxAttempts must not be negative")
	}
	if o.Delay == nil {
		o.Delay = new(DefaultDelay)
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
	setDur(&o.ConnectTimeout, DefaultConnectTimeout)
	setDur(&o.HeaderTimeout, DefaultHeaderTimeout)
	setDur(&o.Timeout, DefaultTimeout)
	setDur(&o.BackoffBase, DefaultBackoffBase)
	setDur(&o.MaxBackoff, DefaultMaxBackoff)
	setDur(&o.MaxCrawlDelay, DefaultMaxCrawlDelay)
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
	return o, nil
}

// Archive is where a Fetcher records every request and response it
// exchanges; *archive.Writer satisfies it.
type Archive interface {
	Write(req *http.Request, resp *http.Response, raw []byte, truncated bool, at time.Time) (archive.Ref, error)
}

// Fetcher fetches pages for the crawler. It is safe for concurrent use:
// its limits hold across every goroutine that uses it.
type Fetcher struct {
	opts    Options
	log     *slog.Logger
	client  *http.Client
	hosts   *hostPool
	sem     chan struct{} // global cap on requests in flight
	archive Archive
}

// New returns a Fetcher that archives every exchange in a.
func New(opts Options, a Archive) (*Fetcher, error) {
	opts, err := opts.WithDefaults()
	if err != nil {
		return nil, err
	}
	return &Fetcher{
		opts:    opts,
		log:     opts.Logger,
		client:  newClient(opts),
		hosts:   newHostPool(*opts.Delay, opts.MaxCrawlDelay),
		sem:     make(chan struct{}, opts.Concurrency),
		archive: a,
	}, nil
}

// Close drops the client's idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }
