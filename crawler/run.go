package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// Summary statuses beyond the record's fetch statuses.
const (
	StatusUnchanged = "unchanged" // a conditional re-crawl answered 304
	StatusFresh     = "fresh"     // fetched more recently than MaxAge
	StatusDone      = "resumed"   // finished by the interrupted run this one resumed
)

// Run crawls entries and sends one record per canonical URL to sink. A run
// that was killed is resumed: its frontier is read back from the state and
// the pages it finished are not fetched again. Pages that fail still become
// records; Run returns an error only when it could not go on (the sink
// failed, the state could not be written, ctx was cancelled).
func (c *Crawler) Run(ctx context.Context, entries []lists.Entry, sink Sink) (Summary, error) {
	start := time.Now()
	run, resumed, err := c.state.beginRun()
	if err != nil {
		return Summary{}, err
	}
	states, err := c.state.enqueue(run, groupEntries(entries))
	if err != nil {
		return Summary{}, err
	}
	if resumed {
		c.log.Info("resuming interrupted crawl", "run", run)
		states, err = c.addPending(run, states)
		if err != nil {
			return Summary{}, err
		}
	}
	sum := newSummary(len(states), resumed)
	prog := c.startProgress(ctx, len(states))
	queues := c.plan(run, states, sum, prog)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, queue := range queues {
		wg.Add(1)
		go func(queue []urlState) {
			defer wg.Done()
			for _, st := range queue {
				if ctx.Err() != nil {
					return
				}
				status, err := c.process(ctx, run, st, sink)
				if err != nil {
					cancel(err)
					return
				}
				sum.add(hostOf(st.URL), status)
				prog.done(status)
			}
		}(queue)
	}
	wg.Wait()
	prog.stop()
	out := sum.snapshot()
	out.Elapsed = time.Since(start)
	if cause := context.Cause(ctx); cause != nil {
		return out, fmt.Errorf("crawler: run stopped: %w", cause)
	}
	return out, c.state.endRun(run)
}

// plan splits the run's URLs into one queue per host, in list order.
// URLs the interrupted run already finished are counted and left out.
func (c *Crawler) plan(run string, states []urlState, sum *summary, prog *progress) [][]urlState {
	idx := map[string]int{}
	var queues [][]urlState
	for _, st := range states {
		if st.DoneRun == run {
			sum.add(hostOf(st.URL), StatusDone)
			prog.done(StatusDone)
			continue
		}
		k := c.queueKey(st)
		if c.opts.NoFetch { // no network: spread over workers so state writes batch
			k = strconv.Itoa(len(idx) % c.opts.Concurrency)
		}
		i, ok := idx[k]
		if !ok {
			i = len(queues)
			idx[k] = i
			queues = append(queues, nil)
		}
		queues[i] = append(queues[i], st)
	}
	return queues
}

// addPending adds the URLs an interrupted run had queued but were not in
// this call's entries.
func (c *Crawler) addPending(run string, states []urlState) ([]urlState, error) {
	pending, err := c.state.pending(run)
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(states))
	for _, st := range states {
		have[st.URL] = true
	}
	for _, st := range pending {
		if !have[st.URL] {
			states = append(states, st)
		}
	}
	return states, nil
}

// queueKey is the host an entry's first request goes to: entries are
// crawled one host at a time, so a host's pages queue behind each other
// while other hosts proceed.
func (c *Crawler) queueKey(st urlState) string {
	if c.opts.NoFetch {
		return ""
	}
	if st.ArchiveURL != "" && !c.opts.NoWayback {
		if u, err := c.rawCaptureURL(st.ArchiveURL); err == nil {
			return hostKey(u)
		}
	}
	if u, err := url.Parse(st.URL); err == nil {
		return hostKey(u)
	}
	return st.URL
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return raw
}

// process handles one URL of run from start to finish and returns the
// status it ends with. It returns an error only when the crawl must stop.
func (c *Crawler) process(ctx context.Context, run string, st urlState, sink Sink) (string, error) {
	prev, hasPrev, err := c.state.record(st.URL)
	if err != nil {
		return "", err
	}
	switch {
	case c.opts.NoFetch && hasPrev && prev.Fetch.Status != data.FetchSkipped:
		return c.keep(ctx, run, st, prev, prev.Fetch.Status, sink)
	case c.opts.NoFetch:
		pm := listRecord(st)
		pm.Fetch = data.Fetch{Status: data.FetchSkipped}
		return data.FetchSkipped, c.emit(ctx, run, st, pm, sink)
	case run != "" && c.opts.MaxAge > 0 && hasPrev && !st.FetchedAt.IsZero() && time.Since(st.FetchedAt) < c.opts.MaxAge:
		return c.keep(ctx, run, st, prev, StatusFresh, sink)
	}
	if wait := time.Until(st.NextRetry); wait > 0 { // a retry the killed run had scheduled
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", ctx.Err()
		case <-t.C:
		}
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
		return "", ctx.Err() // interrupted: leave the URL pending for the resume
	}
	now := time.Now()
	if res.NotModified && hasPrev {
		st.FetchedAt = now.UTC()
		return c.keep(ctx, run, st, prev, StatusUnchanged, sink)
	}
	pm := c.buildRecord(st, res, now)
	st.Status, st.HTTP, st.Error, st.FetchedAt = pm.Fetch.Status, res.HTTPStatus, pm.Fetch.Error, now.UTC()
	st.Attempts, st.NextRetry = 0, time.Time{}
	if res.Page != nil && res.Ref != nil && res.Ref.File != "" {
		st.Page, st.PageStatus, st.ContentURL = res.Ref, res.Status, res.ContentURL
		st.ETag, st.LastModified = res.ETag, res.LastMod
	}
	return pm.Fetch.Status, c.emit(ctx, run, st, pm, sink)
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
