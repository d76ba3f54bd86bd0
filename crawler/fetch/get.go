package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Document is a document fetched with Get: its body with the content
// coding undone, and its media type as the server gave it.
type Document struct {
	URL         string // the URL that answered, after redirects
	ContentType string
	Body        []byte
}

// Get fetches a document that is not a post-mortem page of a list entry
// (a status page's API, a feed) with every rule a page fetch obeys:
// robots.txt, the per-host limit and delay, retries of 429 and 5xx, the
// dial guard and the size cap, each exchange archived in the WARC files.
// There is no Wayback fallback: an old copy of a live document would be
// wrong. An answer other than 200 is an error.
func (f *Fetcher) Get(ctx context.Context, u *url.URL) (Document, error) {
	ex, err := f.fetchRetry(ctx, u, nil, true, 0, nil)
	if err != nil {
		return Document{}, err
	}
	if ex.Status != http.StatusOK {
		return Document{}, fmt.Errorf("fetch: %s: http %d", ex.URL, ex.Status)
	}
	body, err := decodeContent(ex.Header.Get("Content-Encoding"), ex.Raw, f.opts.MaxBody)
	if err != nil {
		return Document{}, err
	}
	return Document{URL: ex.URL.String(), ContentType: ex.Header.Get("Content-Type"), Body: body}, nil
}
