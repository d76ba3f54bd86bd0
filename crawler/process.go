package crawler

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/state"
	"github.com/pmkb/pmkb/data"
)

// fetched is one URL whose page (or failure) is in hand, waiting to be
// extracted and stored.
type fetched struct {
	st  urlState
	res fetch.Result
	at  time.Time
}

// storeWorkers is the size of the pool that extracts and stores fetched
// pages. Extraction wants about one per core, but each worker ends with a
// state commit that bbolt batches with the others in flight: too few
// workers and every commit waits out the batch delay alone.
func (c *Crawler) storeWorkers() int {
	return max(c.opts.Concurrency, runtime.GOMAXPROCS(0))
}

// fetchStep decides whether a URL needs a request and makes it. A URL that
// needs none (finished earlier in this run and relisted, or fresh under
// MaxAge) keeps its stored record, brought up to date with the lists, and
// gets a nil *fetched and its status; when the sink has no record for it,
// it is fetched after all. --no-fetch runs go through ingest instead.
func (c *Crawler) fetchStep(ctx context.Context, run string, st urlState, sink Sink) (*fetched, string, error) {
	if status := c.keepStatus(run, st); status != "" {
		_, found, err := c.keep(ctx, run, st, sink)
		if found || err != nil {
			return nil, status, err
		}
	}
	if res, ok := c.replay(c.reuse, st); ok {
		c.log.Debug("reusing the page the interrupted run archived", "url", st.URL)
		return &fetched{st: st, res: res, at: time.Now()}, "", nil
	}
	onRetry := func(attempt int, next time.Time, cause string) {
		if _, err := c.state.Update(st.URL, func(s *state.URLState) {
			s.Attempts, s.NextRetry, s.Error = attempt, next, cause
		}); err != nil {
			c.log.Error("persist retry", "url", st.URL, "err", err)
		}
	}
	res := c.fetch.Fetch(ctx, request(st), onRetry)
	if ctx.Err() != nil {
		return nil, "", ctx.Err() // interrupted: leave the URL pending for the resume
	}
	return &fetched{st: st, res: res, at: time.Now()}, "", nil
}

// keepStatus is the status of a URL this run keeps without fetching it,
// or "" when it must be fetched.
func (c *Crawler) keepStatus(run string, st urlState) string {
	switch {
	case st.relisted:
		return StatusDone
	case run != "" && c.opts.MaxAge > 0 && !st.FetchedAt.IsZero() && time.Since(st.FetchedAt) < c.opts.MaxAge:
		return StatusFresh
	}
	return ""
}

// request is what the fetcher needs to know of a URL. The validators of
// its last page go only with a page the record can fall back on.
func request(st urlState) fetch.Request {
	r := fetch.Request{URL: st.Target(), ArchiveURL: st.ArchiveURL, IncidentDate: st.IncidentDate,
		Attempts: st.Attempts, NextRetry: st.NextRetry}
	if st.Page != nil {
		r.ETag, r.LastModified = st.ETag, st.LastModified
	}
	return r
}

// storeStep turns a fetch into the URL's record, writes it and records the
// URL's new state; it returns the URL's status and its record as it now
// stands. The state keeps how this attempt went; the record is the attempt
// merged into the one the sink holds.
func (c *Crawler) storeStep(ctx context.Context, run string, f *fetched, sink Sink) (string, data.Postmortem, error) {
	st, res := f.st, f.res
	if res.NotModified {
		kept := st
		kept.Status, kept.HTTP, kept.Error, kept.FetchedAt = data.FetchOK, res.HTTPStatus, "", f.at.UTC()
		kept.Attempts, kept.NextRetry = 0, time.Time{}
		if pm, found, err := c.keep(ctx, run, kept, sink); found || err != nil {
			return StatusUnchanged, pm, err
		}
	}
	pm := c.buildRecord(st, res, f.at)
	st.Status, st.HTTP, st.Error, st.FetchedAt = pm.Fetch.Status, res.HTTPStatus, pm.Fetch.Error, f.at.UTC()
	st.Attempts, st.NextRetry = 0, time.Time{}
	if res.Page != nil && res.Ref != nil && res.Ref.File != "" {
		st.Page, st.PageStatus, st.ContentURL = res.Ref, res.Status, res.ContentURL
		st.ETag, st.LastModified = res.ETag, res.LastMod
	}
	out, err := c.write(ctx, run, st, sink, func(stored data.Postmortem, has bool) (data.Postmortem, bool, error) {
		return merged(stored, has, pm, st), true, nil
	})
	return pm.Fetch.Status, out, err
}

// errNoRecord is how keep's write learns that the sink holds no record.
var errNoRecord = errors.New("crawler: no stored record")

// keep ends a URL without a new fetch: its stored record stands, brought up
// to date with the lists (new sources, a company where there was none) and
// sent again only when that changed it. found is false, and nothing is
// done, when the sink holds no record for the URL.
func (c *Crawler) keep(ctx context.Context, run string, st urlState, sink Sink) (data.Postmortem, bool, error) {
	pm, err := c.write(ctx, run, st, sink, func(stored data.Postmortem, has bool) (data.Postmortem, bool, error) {
		if !has {
			return data.Postmortem{}, false, errNoRecord
		}
		pm, changed := c.relist(stored, st)
		return merged(stored, true, pm, st), changed, nil
	})
	if errors.Is(err, errNoRecord) {
		return data.Postmortem{}, false, nil
	}
	return pm, true, err
}

// write is the one write of a URL's record. Under putMu it reads the record
// the sink holds for the URL, has next make the new record from it and say
// whether to send it, and puts it; then it marks the URL done in run in the
// state. A crash between the put and the state commit leaves the URL
// pending: the resumed run merges the same attempt into the record the sink
// now holds and sends it again under the same id, so nothing is lost or
// duplicated. An error from next stops the write before anything changes.
func (c *Crawler) write(ctx context.Context, run string, st urlState, sink Sink,
	next func(stored data.Postmortem, has bool) (data.Postmortem, bool, error)) (data.Postmortem, error) {
	c.putMu.Lock()
	pm, err := c.putMerged(ctx, st.URL, sink, next)
	c.putMu.Unlock()
	if err != nil {
		return pm, err
	}
	if run != "" {
		st.DoneRun = run
	}
	return pm, c.state.Finish(st.URLState)
}

// putMerged is write's part under putMu.
func (c *Crawler) putMerged(ctx context.Context, url string, sink Sink,
	next func(stored data.Postmortem, has bool) (data.Postmortem, bool, error)) (data.Postmortem, error) {
	stored, has, err := sink.Get(ctx, data.IDFor(url))
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: read the stored record of %s: %w", url, err)
	}
	pm, send, err := next(stored, has)
	if err != nil || !send {
		return pm, err
	}
	if err := sink.Put(ctx, pm); err != nil {
		return pm, fmt.Errorf("crawler: store %s: %w", url, err)
	}
	return pm, nil
}
