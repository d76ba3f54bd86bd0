package crawler

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/pmkb/pmkb/data"
)

// fetched is one URL whose page (or failure) is in hand, waiting to be
// extracted and stored.
type fetched struct {
	st      urlState
	res     result
	prev    data.Postmortem
	hasPrev bool
	at      time.Time
}

// storeWorkers is the size of the pool that extracts and stores fetched
// pages. Extraction wants about one per core, but each worker ends with a
// state commit that bbolt batches with the others in flight: too few
// workers and every commit waits out the batch delay alone.
func (c *Crawler) storeWorkers() int {
	return max(c.opts.Concurrency, runtime.GOMAXPROCS(0))
}

// process handles one URL from start to finish (Add uses it; Run pipelines
// the same two steps) and returns the status it ends with. It returns an
// error only when the crawl must stop.
func (c *Crawler) process(ctx context.Context, run string, st urlState, sink Sink) (string, error) {
	f, status, err := c.fetchStep(ctx, run, st, sink)
	if err != nil || f == nil {
		return status, err
	}
	return c.storeStep(ctx, run, f, sink)
}

// fetchStep decides whether a URL needs a request and makes it. URLs that
// need none (no-fetch, fresh under MaxAge) are finished here and get a nil
// *fetched and their status.
func (c *Crawler) fetchStep(ctx context.Context, run string, st urlState, sink Sink) (*fetched, string, error) {
	prev, hasPrev, err := c.state.record(st.URL)
	if err != nil {
		return nil, "", err
	}
	switch {
	case c.opts.NoFetch && hasPrev && prev.Fetch.Status != data.FetchSkipped:
		status, err := c.keep(ctx, run, st, prev, prev.Fetch.Status, sink)
		return nil, status, err
	case c.opts.NoFetch:
		pm := listRecord(st)
		pm.Fetch = data.Fetch{Status: data.FetchSkipped}
		return nil, data.FetchSkipped, c.emit(ctx, run, st, pm, sink)
	case run != "" && c.opts.MaxAge > 0 && hasPrev && !st.FetchedAt.IsZero() && time.Since(st.FetchedAt) < c.opts.MaxAge:
		status, err := c.keep(ctx, run, st, prev, StatusFresh, sink)
		return nil, status, err
	}
	if err := sleepUntil(ctx, st.NextRetry); err != nil { // a retry the killed run had scheduled
		return nil, "", err
	}
	onRetry := func(attempt int, next time.Time, cause string) {
		if _, err := c.state.update(st.URL, func(s *urlState) {
			s.Attempts, s.NextRetry, s.Error = attempt, next, cause
		}); err != nil {
			c.log.Error("persist retry", "url", st.URL, "err", err)
		}
	}
	res := c.fetchEntry(ctx, st, onRetry)
	if ctx.Err() != nil {
		return nil, "", ctx.Err() // interrupted: leave the URL pending for the resume
	}
	return &fetched{st: st, res: res, prev: prev, hasPrev: hasPrev, at: time.Now()}, "", nil
}

// storeStep turns a fetch into the URL's record, sends it to the sink and
// records the URL's new state.
func (c *Crawler) storeStep(ctx context.Context, run string, f *fetched, sink Sink) (string, error) {
	st, res := f.st, f.res
	if res.NotModified && f.hasPrev {
		st.FetchedAt = f.at.UTC()
		return c.keep(ctx, run, st, f.prev, StatusUnchanged, sink)
	}
	pm := c.buildRecord(st, res, f.at)
	st.Status, st.HTTP, st.Error, st.FetchedAt = pm.Fetch.Status, res.HTTPStatus, pm.Fetch.Error, f.at.UTC()
	st.Attempts, st.NextRetry = 0, time.Time{}
	if res.Page != nil && res.Ref != nil && res.Ref.File != "" {
		st.Page, st.PageStatus, st.ContentURL = res.Ref, res.Status, res.ContentURL
		st.ETag, st.LastModified = res.ETag, res.LastMod
	}
	return pm.Fetch.Status, c.emit(ctx, run, st, pm, sink)
}

func sleepUntil(ctx context.Context, t time.Time) error {
	wait := time.Until(t)
	if wait <= 0 {
		return nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// keep ends a URL without a new fetch: its last record stands, re-sent only
// when a list added a source to it.
func (c *Crawler) keep(ctx context.Context, run string, st urlState, prev data.Postmortem, status string, sink Sink) (string, error) {
	pm, changed := withSources(prev, st)
	if !changed {
		st.DoneRun = run
		return status, c.state.finish(st, pm)
	}
	return status, c.emit(ctx, run, st, pm, sink)
}

// emit sends pm to the sink and then marks the URL done in run, record and
// state together. A crash between the two re-sends the same record on
// resume, which the sink stores under the same id: nothing is lost or
// duplicated.
func (c *Crawler) emit(ctx context.Context, run string, st urlState, pm data.Postmortem, sink Sink) error {
	c.putMu.Lock()
	err := sink.Put(ctx, pm)
	c.putMu.Unlock()
	if err != nil {
		return fmt.Errorf("crawler: store %s: %w", pm.URL, err)
	}
	if run != "" {
		st.DoneRun = run
	}
	return c.state.finish(st, pm)
}
