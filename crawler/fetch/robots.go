package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/temoto/robotstxt"
)

// ErrDisallowed is returned for a URL that robots.txt forbids pmkb to fetch.
var ErrDisallowed = errors.New("fetch: disallowed by robots.txt")

// allowed fetches (once per host) and consults the host's robots.txt. An
// error wrapping ErrDisallowed or ErrPrivateAddress means the URL must not be
// requested; any other failure to read robots.txt allows the fetch, which
// then fails (or finds an archive) on its own.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) error {
	h := f.hosts.get(u)
	select {
	case h.robotsLock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.robotsLock }()
	if !h.robotsDone {
		if err := f.loadRobots(ctx, h, u); err != nil {
			return err // cancelled: try again next time
		}
	}
	if h.robotsErr != nil {
		return h.robotsErr
	}
	if h.robots != nil && !h.robots.Test(pathOf(u)) {
		return fmt.Errorf("%w: %s", ErrDisallowed, u)
	}
	return nil
}

// loadRobots fills h's robots fields. It returns an error only when ctx was
// cancelled.
func (f *Fetcher) loadRobots(ctx context.Context, h *host, u *url.URL) error {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	ex, err := f.follow(ctx, ru, nil, false)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	h.robotsDone = true
	switch {
	case errors.Is(err, ErrPrivateAddress):
		h.robotsErr = err
		return nil
	case err != nil:
		f.log.Debug("robots.txt unreachable, fetching as allowed", "host", h.key, "err", err)
		return nil
	}
	body, derr := decodeContent(ex.Header.Get("Content-Encoding"), ex.Raw, f.opts.MaxBody)
	if derr != nil {
		f.log.Warn("robots.txt undecodable, fetching as allowed", "host", h.key, "err", derr)
		return nil
	}
	data, perr := robotstxt.FromStatusAndBytes(ex.Status, body)
	if perr != nil {
		f.log.Warn("robots.txt unparseable, fetching as allowed", "host", h.key, "err", perr)
		return nil
	}
	if ex.Status >= 500 {
		// RFC 9309: a server error on robots.txt means assume complete disallow.
		h.robotsErr = fmt.Errorf("%w: robots.txt answered %d", ErrDisallowed, ex.Status)
		return nil
	}
	h.robots = data.FindGroup(robotsAgent)
	if cd := h.robots.CrawlDelay; cd > 0 {
		applied := h.setCrawlDelay(cd, f.opts.MaxCrawlDelay)
		f.log.Debug("crawl-delay honoured", "host", h.key, "crawl_delay", cd, "applied", applied)
	}
	return nil
}

// pathOf is the path and query robots.txt rules are tested against.
func pathOf(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}
