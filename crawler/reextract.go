package crawler

import (
	"context"
	"errors"
	"fmt"

	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/state"
	"github.com/pmkb/pmkb/data"
)

// Reextract rebuilds the record of every URL the crawl state knows and the
// sink holds, from the pages archived in the WARC files, without the
// network, and sends each, merged into the stored one, to sink: a better
// extractor never needs a re-crawl. URLs whose page was never fetched are
// rebuilt from their list data, blurb extraction included. Records go to
// the sink ingestBatch at a time through PutBatch when it has it. It
// returns how many records it sent; pages that cannot be read back are
// reported in the error, after the others were sent.
func (c *Crawler) Reextract(ctx context.Context, sink Sink) (int, error) {
	var states []urlState
	if err := c.state.All(func(st state.URLState) error {
		states = append(states, urlState{URLState: st})
		return nil
	}); err != nil {
		return 0, fmt.Errorf("crawler: reextract: %w", err)
	}
	var (
		errs []error
		n    int
	)
	for len(states) > 0 {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		batch := states[:min(len(states), ingestBatch)]
		states = states[len(batch):]
		c.putMu.Lock()
		sent, bad, err := c.reextractBatch(ctx, batch, sink)
		c.putMu.Unlock()
		n, errs = n+sent, append(errs, bad...)
		if err != nil {
			return n, err
		}
	}
	if len(errs) > 0 {
		return n, fmt.Errorf("crawler: reextract: %d pages could not be read back: %w", len(errs), errors.Join(errs...))
	}
	return n, nil
}

// reextractBatch rebuilds and stores the records of one batch of URLs and
// returns how many it sent and the pages it could not read back. The
// caller holds putMu.
func (c *Crawler) reextractBatch(ctx context.Context, batch []urlState, sink Sink) (int, []error, error) {
	var (
		pms  []data.Postmortem
		errs []error
	)
	for _, st := range batch {
		prev, ok, err := sink.Get(ctx, data.IDFor(st.URL))
		if err != nil {
			return 0, errs, fmt.Errorf("crawler: reextract: read the stored record of %s: %w", st.URL, err)
		}
		if !ok {
			continue // queued by a run that never reached it
		}
		pm, err := c.rebuildOne(st, prev)
		if err != nil {
			errs = append(errs, err)
			c.log.Error("reextract: page unreadable, keeping the record", "url", st.URL, "err", err)
		}
		pms = append(pms, merged(prev, true, pm, st))
	}
	if err := putAll(ctx, pms, sink); err != nil {
		return 0, errs, fmt.Errorf("crawler: reextract: %w", err)
	}
	return len(pms), errs, nil
}

// rebuildOne is the record Reextract sends for a URL whose stored record
// is prev. A page that cannot be read back keeps prev, and err says why.
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

// rebuild re-extracts one record from its archived response, keeping the
// fetch facts of the crawl that archived it.
func (c *Crawler) rebuild(st urlState, prev data.Postmortem) (data.Postmortem, error) {
	sr, err := c.warc.Read(*st.Page)
	if err != nil {
		return data.Postmortem{}, err
	}
	p, err := fetch.DecodePage(sr.Header, sr.Raw, c.opts.MaxBody)
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: reextract %s: %w", st.URL, err)
	}
	status := st.PageStatus
	if status == "" {
		status = data.FetchOK
	}
	res := fetch.Result{Status: status, HTTPStatus: sr.Status, Page: &p, ArchiveURL: prev.ArchiveURL}
	return c.buildRecord(st, res, prev.Fetch.FetchedAt), nil
}
