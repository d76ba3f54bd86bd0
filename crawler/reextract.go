package crawler

import (
	"context"
	"errors"
	"fmt"

	"github.com/pmkb/pmkb/data"
)

// Reextract rebuilds every record the crawler has emitted from the pages
// archived in the WARC files, without the network, and sends each to sink:
// a better extractor never needs a re-crawl. URLs whose page was never
// fetched are rebuilt from their list data, blurb extraction included. It returns how many records it
// sent; pages that cannot be read back are reported in the error, after
// the others were sent.
func (c *Crawler) Reextract(ctx context.Context, sink Sink) (int, error) {
	var states []urlState
	if err := c.state.all(func(st urlState) error {
		states = append(states, st)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("crawler: reextract: %w", err)
	}
	var errs []error
	n := 0
	for _, st := range states {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		prev, hasPrev, err := c.state.record(st.URL)
		if err != nil {
			return n, err
		}
		if !hasPrev {
			continue // queued by a run that never reached it
		}
		pm := prev
		if st.Page != nil {
			rebuilt, err := c.rebuild(st, prev)
			if err != nil {
				errs = append(errs, err)
				c.log.Error("reextract: page unreadable, keeping the record", "url", st.URL, "err", err)
			} else {
				pm = rebuilt
			}
		}
		pm, _ = c.relist(pm, st) // list-only records go through the extractor again too
		if err := sink.Put(ctx, pm); err != nil {
			return n, fmt.Errorf("crawler: reextract: store %s: %w", pm.URL, err)
		}
		if err := c.state.finishNow(st, pm); err != nil {
			return n, err
		}
		n++
	}
	if len(errs) > 0 {
		return n, fmt.Errorf("crawler: reextract: %d pages could not be read back: %w", len(errs), errors.Join(errs...))
	}
	return n, nil
}

// rebuild re-extracts one record from its archived response, keeping the
// fetch facts of the crawl that archived it.
func (c *Crawler) rebuild(st urlState, prev data.Postmortem) (data.Postmortem, error) {
	sr, err := c.warc.read(*st.Page)
	if err != nil {
		return data.Postmortem{}, err
	}
	p, err := decodePage(sr.Header, sr.Raw, c.opts.MaxBody)
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: reextract %s: %w", st.URL, err)
	}
	status := st.PageStatus
	if status == "" {
		status = data.FetchOK
	}
	res := result{Status: status, HTTPStatus: sr.Status, Page: &p, ArchiveURL: prev.ArchiveURL}
	return c.buildRecord(st, res, prev.Fetch.FetchedAt), nil
}
