package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"github.com/pmkb/pmkb/data"
)

// result is how fetching one entry went.
type result struct {
	Status      string // a data.Fetch* status
	HTTPStatus  int
	Err         error
	Page        *page    // the text to extract; nil when nothing usable came back
	ContentURL  string   // the URL that answered
	ArchiveURL  string   // the capture used or known
	Ref         *warcRef // the archived response Page came from
	ETag        string
	LastMod     string
	NotModified bool // a conditional request answered 304
}

// fetchEntry fetches the page an entry names: its Wayback capture first
// when the list linked one, the origin otherwise or when that fails, and a
// Wayback capture when the origin is gone (404, 410, no such host, refused
// connection, a parked domain).
func (c *Crawler) fetchEntry(ctx context.Context, st urlState, onRetry func(int, time.Time, string)) result {
	var archiveErr error
	if st.ArchiveURL != "" && !c.opts.NoWayback {
		raw, err := c.rawCaptureURL(st.ArchiveURL)
		if err == nil {
			res := c.fetchCapture(ctx, raw, st.ArchiveURL, st.Attempts, onRetry)
			if res.Err == nil || ctx.Err() != nil {
				return res
			}
			err = res.Err
		}
		archiveErr = err
	}
	origin, err := url.Parse(st.URL)
	if err != nil {
		return result{Status: data.FetchFailed, Err: fmt.Errorf("crawler: %s: %w", st.URL, err)}
	}
	ex, err := c.fetchRetry(ctx, origin, conditional(st), true, st.Attempts, onRetry)
	res := c.classify(ex, err)
	res.ArchiveURL = st.ArchiveURL
	if archiveErr != nil && res.Err != nil {
		res.Err = errors.Join(res.Err, archiveErr)
	}
	if !res.rotten || c.opts.NoWayback || archiveErr != nil || ctx.Err() != nil {
		return res.result
	}
	raw, capture, werr := c.snapshot(ctx, st.URL, st.IncidentDate)
	if werr == nil {
		arc := c.fetchCapture(ctx, raw, capture, 0, onRetry)
		if arc.Err == nil {
			return arc
		}
		werr = arc.Err
	}
	res.Err = errors.Join(res.Err, werr)
	return res.result
}

// conditional returns the validators of the page a URL's record was last
// extracted from, so a re-crawl can be answered 304; nil when there is no
// such page to fall back on.
func conditional(st urlState) http.Header {
	if st.Page == nil || (st.ETag == "" && st.LastModified == "") {
		return nil
	}
	h := http.Header{}
	if st.ETag != "" {
		h.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		h.Set("If-Modified-Since", st.LastModified)
	}
	return h
}

// fetchCapture fetches a raw Wayback capture; capture is the URL recorded
// as archive_url.
func (c *Crawler) fetchCapture(ctx context.Context, raw *url.URL, capture string, done int,
	onRetry func(int, time.Time, string)) result {
	ex, err := c.fetchRetry(ctx, raw, nil, true, done, onRetry)
	res := c.classify(ex, err)
	res.ArchiveURL = capture
	if res.Err == nil && res.rotten {
		res.Err = fmt.Errorf("crawler: capture %s: http %d", raw, res.HTTPStatus)
	}
	if res.Err != nil {
		if res.Status == data.FetchOK {
			res.Status = data.FetchFailed
		}
		return res.result
	}
	res.Status = data.FetchArchived
	res.ETag, res.LastMod = "", "" // validators of the capture, not of the post
	return res.result
}

// classified is a result plus whether the failure looks like link rot.
type classified struct {
	result
	rotten bool
}

// classify turns the outcome of fetchRetry into a result.
func (c *Crawler) classify(ex *exchange, err error) classified {
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
		r.Err = fmt.Errorf("crawler: %s: http %d", ex.URL, ex.Status)
	case ex.Status < 200 || ex.Status > 299:
		r.Status = data.FetchFailed
		r.Err = fmt.Errorf("crawler: %s: http %d", ex.URL, ex.Status)
	default:
		p, derr := decodePage(ex.Header, ex.Raw, c.opts.MaxBody)
		var ute *UnsupportedTypeError
		switch {
		case errors.As(derr, &ute):
			r.Status, r.Err = data.FetchSkipped, derr
		case derr != nil:
			r.Status, r.Err = data.FetchFailed, derr
		case isParked(p.Body):
			r.Status, r.rotten = data.FetchFailed, true
			r.Err = fmt.Errorf("crawler: %s: a parked or placeholder page", ex.URL)
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
