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
// fetched are rebuilt from their list data, blurb extraction included.
// Records go to the sink ingestBatch at a time through PutBatch when it has
// it. It returns how many records it sent; pages that cannot be read back
// are reported in the error, after the others were sent.
func (c *Crawler) Reextract(ctx context.Context, sink Sink) (int, error) {
	var states []urlState
	if err := c.state.all(func(st urlState) error {
		states = append(states, st)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("crawler: reextract: %w", err)
	}
	var (
		errs []error
		n    int
		sts  []urlState
		pms  []data.Postmortem
	)
	flush := func() error {
		if err := c.putAll(ctx, pms, sink); err != nil {
			return fmt.Errorf("crawler: reextract: %w", err)
		}
		if err := c.state.finishAll(sts, pms); err != nil {
			return err
		}
		n += len(pms)
		sts, pms = nil, nil
		return nil
	}
	for _, st := range states {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		prev, ok, err := c.state.record(st.URL)
		if err != nil {
			return n, err
		}
		if !ok {
			continue // queued by a run that never reached it
		}
		pm, err := c.rebuildOne(st, prev)
		if err != nil {
			errs = append(errs, err)
			c.log.Error("reextract: page unreadable, keeping the record", "url", st.URL, "err", err)
		}
		sts, pms = append(sts, st), append(pms, pm)
		if len(pms) == ingestBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := flush(); err != nil {
		return n, err
	}
	if len(errs) > 0 {
		return n, fmt.Errorf("crawler: reextract: %d pages could not be read back: %w", len(errs), errors.Join(errs...))
	}
	return n, nil
}

// rebuildOne is the record Reextract sends for a URL whose last record was
// prev. A page that cannot be read back keeps prev, and err says why.
func (c *Crawler) rebuildOne(st urlState, prev data.Postmortem) (data.Postmortem, error) {
	pm := prev
	var err error
	if st.Page != nil {
		var rebuilt data.Postmortem
		if rebuilt, err = c.rebuild(st, prev); err == nil {
			pm = rebuilt
		}
	}
	pm, _ = c.relist(pm, st) // list-only records go through the extractor again too
	return pm, err
}

// putAll stores pms, in one call when the sink takes batches.
func (c *Crawler) putAll(ctx context.Context, pms []data.Postmortem, sink Sink) error {
	if len(pms) == 0 {
		return nil
	}
	c.putMu.Lock()
	defer c.putMu.Unlock()
	if bs, ok := sink.(BatchSink); ok {
		if err := bs.PutBatch(ctx, pms); err != nil {
			return fmt.Errorf("store %d records: %w", len(pms), err)
		}
		return nil
	}
	for _, pm := range pms {
		if err := sink.Put(ctx, pm); err != nil {
			return fmt.Errorf("store %s: %w", pm.URL, err)
		}
	}
	return nil
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
