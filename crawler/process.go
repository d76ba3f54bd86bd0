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

// fetchStep decides whether a URL needs a request and makes it. URLs that
// need none (fresh under MaxAge, finished earlier in this run) are finished
// here and get a nil *fetched and their status. --no-fetch runs go through
// ingest instead.
func (c *Crawler) fetchStep(ctx context.Context, run string, st urlState, sink Sink) (*fetched, string, error) {
	prev, hasPrev, err := c.state.record(st.URL)
	if err != nil {
		return nil, "", err
	}
	switch {
	case st.relisted && hasPrev:
		status, err := c.keep(ctx, run, st, prev, StatusDone, sink)
		return nil, status, err
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

// noFetchRecord is the record a --no-fetch run gives a URL, its status and
// whether it must be sent to the sink. A list-only record is always re-sent;
// one with a page is kept and re-sent only when the lists changed it.
func (c *Crawler) noFetchRecord(st urlState, prev data.Postmortem, hasPrev bool) (data.Postmortem, string, bool) {
	if !hasPrev {
		pm := c.listRecord(st)
		pm.Fetch = data.Fetch{Status: data.FetchSkipped}
		return pm, data.FetchSkipped, true
	}
	pm, changed := c.relist(prev, st)
	return pm, pm.Fetch.Status, changed || pm.Fetch.Status == data.FetchSkipped
}

// storeStep turns a fetch into the URL's record, sends it to the sink and
// records the URL's new state. The URL's state keeps how this attempt went;
// the record is the attempt merged into what the crawler already had.
func (c *Crawler) storeStep(ctx context.Context, run string, f *fetched, sink Sink) (string, error) {
	st, res := f.st, f.res
	if res.NotModified && f.hasPrev {
		st.Status, st.HTTP, st.Error, st.FetchedAt = data.FetchOK, res.HTTPStatus, "", f.at.UTC()
		st.Attempts, st.NextRetry = 0, time.Time{}
		return c.keep(ctx, run, st, f.prev, StatusUnchanged, sink)
	}
	pm := c.buildRecord(st, res, f.at)
	st.Status, st.HTTP, st.Error, st.FetchedAt = pm.Fetch.Status, res.HTTPStatus, pm.Fetch.Error, f.at.UTC()
	st.Attempts, st.NextRetry = 0, time.Time{}
	if res.Page != nil && res.Ref != nil && res.Ref.File != "" {
		st.Page, st.PageStatus, st.ContentURL = res.Ref, res.Status, res.ContentURL
		st.ETag, st.LastModified = res.ETag, res.LastMod
	}
	status := pm.Fetch.Status
	return status, c.emit(ctx, run, st, mergeAttempt(f.prev, f.hasPrev, pm, st), sink)
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

// keep ends a URL without a new fetch: its last record stands, brought up
// to date with the lists (new sources, a company where there was none) and
// re-sent only when that changed it.
func (c *Crawler) keep(ctx context.Context, run string, st urlState, prev data.Postmortem, status string, sink Sink) (string, error) {
	pm, changed := c.relist(prev, st)
	return status, c.finishKept(ctx, run, st, pm, changed, sink)
}

// finishKept marks the URL done with record pm, sending pm to the sink first
// when emit says so.
func (c *Crawler) finishKept(ctx context.Context, run string, st urlState, pm data.Postmortem, emit bool, sink Sink) error {
	if emit {
		return c.emit(ctx, run, st, pm, sink)
	}
	if run != "" {
		st.DoneRun = run
	}
	return c.state.finish(st, pm)
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
