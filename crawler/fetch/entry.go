package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/data"
)

// Request names the page of one list entry and what the crawler knows of
// it from earlier runs.
type Request struct {
	URL          string // the URL as the list wrote it (not its canonical form: servers tell /post/ from /post)
	ArchiveURL   string // a Wayback capture the list linked, tried first
	IncidentDate string // YYYY-MM-DD or "": the Wayback capture closest to it is asked for
	// ETag and LastModified are the validators of the page a record was
	// extracted from, so a re-crawl can be answered 304; empty when there is
	// no such page to fall back on.
	ETag, LastModified string
	Attempts           int       // tries an interrupted crawl already spent
	NextRetry          time.Time // when an interrupted crawl had scheduled the next try
}

// Result is how fetching one entry went.
type Result struct {
	Status      string // a data.Fetch* status
	HTTPStatus  int
	Err         error
	Page        *Page        // the text to extract; nil when nothing usable came back
	ContentURL  string       // the URL that answered
	ArchiveURL  string       // the capture used or known
	Ref         *archive.Ref // the archived response Page came from
	ETag        string
	LastMod     string
	NotModified bool // a conditional request answered 304
}

// Fetch fetches the page an entry names: its Wayback capture first when
// the list linked one, the origin otherwise or when that fails, and a
// Wayback capture when the origin is gone (404, 410, no such host, refused
// connection, a parked domain). It first waits for a retry an interrupted
// crawl had scheduled. onRetry, when not nil, is told of every retry before
// its wait, so the attempt can be persisted. A cancelled ctx makes a Result
// whose Err wraps ctx's.
func (f *Fetcher) Fetch(ctx context.Context, r Request, onRetry func(attempt int, next time.Time, cause string)) Result {
	if err := sleepUntil(ctx, r.NextRetry); err != nil {
		return Result{Status: data.FetchFailed, Err: err}
	}
	var archiveErr error
	if r.ArchiveURL != "" && !f.opts.NoWayback {
		raw, err := f.rawCaptureURL(r.ArchiveURL)
		if err == nil {
			res := f.fetchCapture(ctx, raw, r.ArchiveURL, r.Attempts, onRetry)
			if res.Err == nil || ctx.Err() != nil {
				return res
			}
			err = res.Err
		}
		archiveErr = err
	}
	origin, err := url.Parse(r.URL)
	if err != nil {
		return Result{Status: data.FetchFailed, Err: fmt.Errorf("fetch: %s: %w", r.URL, err)}
	}
	ex, err := f.fetchRetry(ctx, origin, r.validators(), true, r.Attempts, onRetry)
	res := f.classify(ex, err)
	res.ArchiveURL = r.ArchiveURL
	if archiveErr != nil && res.Err != nil {
		res.Err = errors.Join(res.Err, archiveErr)
	}
	if !res.rotten || f.opts.NoWayback || archiveErr != nil || ctx.Err() != nil {
		return res.Result
	}
	raw, capture, werr := f.snapshot(ctx, r.URL, r.IncidentDate)
	if werr == nil {
		arc := f.fetchCapture(ctx, raw, capture, 0, onRetry)
		if arc.Err == nil {
			return arc
		}
		werr = arc.Err
	}
	res.Err = errors.Join(res.Err, werr)
	return res.Result
}

// validators returns the conditional request headers of r, nil when it has
// none.
func (r Request) validators() http.Header {
	if r.ETag == "" && r.LastModified == "" {
		return nil
	}
	h := http.Header{}
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	return h
}

// fetchCapture fetches a raw Wayback capture; capture is the URL recorded
// as archive_url.
func (f *Fetcher) fetchCapture(ctx context.Context, raw *url.URL, capture string, done int,
	onRetry func(int, time.Time, string)) Result {
	ex, err := f.fetchRetry(ctx, raw, nil, true, done, onRetry)
	res := f.classify(ex, err)
	res.ArchiveURL = capture
	if res.Err == nil && res.rotten {
		res.Err = fmt.Errorf("fetch: capture %s: http %d", raw, res.HTTPStatus)
	}
	if res.Err != nil {
		if res.Status == data.FetchOK {
			res.Status = data.FetchFailed
		}
		return res.Result
	}
	res.Status = data.FetchArchived
	res.ETag, res.LastMod = "", "" // validators of the capture, not of the post
	return res.Result
}

// classified is a result plus whether the failure looks like link rot.
type classified struct {
	Result
	rotten bool
}

// classify turns the outcome of fetchRetry into a result.
func (f *Fetcher) classify(ex *exchange, err error) classified {
	var r classified
	if ex != nil {
		r.HTTPStatus = ex.Status
		r.ContentURL = ex.URL.String()
		ref := ex.Ref
		r.Ref = &ref
		r.ETag, r.LastMod = ex.Header.Get("ETag"), ex.Header.Get("Last-Modified")
	}
	switch {
	case err != nil && (errors.Is(err, ErrDisallowed) || errors.Is(err, ErrPrivateAddress)):
		r.Status, r.Err = data.FetchBlocked, err
	case err != nil:
		r.Status, r.Err, r.rotten = data.FetchFailed, err, goneHost(err)
	case ex.Status == http.StatusNotModified:
		r.Status, r.NotModified = data.FetchOK, true
	case ex.Status == http.StatusNotFound || ex.Status == http.StatusGone:
		r.Status, r.rotten = data.FetchFailed, true
		r.Err = fmt.Errorf("fetch: %s: http %d", ex.URL, ex.Status)
	case ex.Status < 200 || ex.Status > 299:
		r.Status = data.FetchFailed
		r.Err = fmt.Errorf("fetch: %s: http %d", ex.URL, ex.Status)
	default:
		p, derr := DecodePage(ex.Header, ex.Raw, f.opts.MaxBody)
		var ute *UnsupportedTypeError
		switch {
		case errors.As(derr, &ute):
			r.Status, r.Err = data.FetchSkipped, derr
		case derr != nil:
			r.Status, r.Err = data.FetchFailed, derr
		case isParked(p.Body):
			r.Status, r.rotten = data.FetchFailed, true
			r.Err = fmt.Errorf("fetch: %s: a parked or placeholder page", ex.URL)
		default:
			r.Status, r.Page = data.FetchOK, &p
		}
	}
	return r
}

// goneHost reports whether a network error says the site no longer exists:
// its name does not resolve or nothing listens.
func goneHost(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// FirstHost is the politeness unit (scheme://host:port) the first request
// for an entry goes to: its Wayback capture's host when the list linked one
// and the Wayback Machine is used, else its own. Entries queued by it wait
// behind each other while other hosts proceed.
func (f *Fetcher) FirstHost(rawURL, archiveURL string) string {
	if archiveURL != "" && !f.opts.NoWayback {
		if u, err := f.rawCaptureURL(archiveURL); err == nil {
			return hostKey(u)
		}
	}
	if u, err := url.Parse(rawURL); err == nil {
		return hostKey(u)
	}
	return rawURL
}

// Download fetches u, following its redirects, with the client's size
// cap, timeouts and dial guard, and returns its body with the content
// coding undone. It does not ask robots.txt (a person asked for u) and an
// answer other than 200 is an error.
func (f *Fetcher) Download(ctx context.Context, u *url.URL) ([]byte, error) {
	ex, err := f.follow(ctx, u, nil, false)
	if err != nil {
		return nil, err
	}
	if ex.Status != http.StatusOK {
		return nil, fmt.Errorf("fetch: %s: http %d", u, ex.Status)
	}
	return decodeContent(ex.Header.Get("Content-Encoding"), ex.Raw, f.opts.MaxBody)
}

// Replay gives the Result a fetch of target would give from responses
// already archived, without the network: a resumed crawl reuses what the
// interrupted one fetched and archived but did not get to store. lookup
// returns the last archived response for a URL. Redirects are followed
// through the archive as far as it holds them. ok is false, and the caller
// fetches, unless the chain ends in a page that reads as FetchOK.
func (f *Fetcher) Replay(target string, lookup func(u string) (archive.Response, archive.Ref, bool)) (Result, bool) {
	u, err := url.Parse(target)
	if err != nil {
		return Result{}, false
	}
	for hop := 0; hop <= f.opts.MaxRedirects; hop++ {
		r, ref, ok := lookup(u.String())
		if !ok {
			return Result{}, false
		}
		if isRedirect(r.Status) && r.Header.Get("Location") != "" {
			if u, err = u.Parse(r.Header.Get("Location")); err != nil {
				return Result{}, false
			}
			u.Fragment = ""
			continue
		}
		res := f.classify(&exchange{URL: u, Status: r.Status, Header: r.Header, Raw: r.Raw, Ref: ref}, nil)
		if res.Status != data.FetchOK || res.NotModified || res.Page == nil {
			return Result{}, false
		}
		return res.Result, true
	}
	return Result{}, false
}
