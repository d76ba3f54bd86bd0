package crawler

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/pmkb/pmkb/crawler/lists"
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
// failed, the state could not be written, ctx was cancelled). Entries
// that name no page (local paths, status pages, feeds) are not Run's: see
// PollStatuspage, PollFeed and crawler/local.
func (c *Crawler) Run(ctx context.Context, entries []lists.Entry, sink Sink) (Summary, error) {
	start := time.Now()
	entries = slices.DeleteFunc(slices.Clone(entries), func(e lists.Entry) bool { return e.Kind != lists.KindPage })
	run, resumed, err := c.state.BeginRun()
	if err != nil {
		return Summary{}, err
	}
	states, err := c.enqueue(run, groupEntries(entries))
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
	if resumed {
		c.reuse = c.archivedSince(states)
		defer func() { c.reuse = nil }()
	}
	sum := newSummary(len(states), resumed)
	prog := c.startProgress(ctx, len(states))
	queues := c.plan(run, states, sum, prog)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := func(host, status string) {
		sum.add(host, status)
		prog.done(status)
	}
	if c.opts.NoFetch { // nothing to wait for: no pipeline, batched writes
		if err := c.ingest(ctx, run, slices.Concat(queues...), sink, done); err != nil {
			cancel(err)
		}
	} else {
		c.pipeline(ctx, cancel, run, queues, sink, done)
	}
	prog.stop()
	out := sum.snapshot()
	out.Elapsed, out.NoFetch = time.Since(start), c.opts.NoFetch
	if cause := context.Cause(ctx); cause != nil {
		return out, fmt.Errorf("crawler: run stopped: %w", cause)
	}
	return out, c.state.EndRun(run)
}

// pipeline crawls the queues, one goroutine per host. Host goroutines only
// fetch, so each host's next request starts on time; extraction and storing
// happen in a pool behind them. A fatal error cancels ctx with its cause.
func (c *Crawler) pipeline(ctx context.Context, cancel context.CancelCauseFunc, run string,
	queues [][]urlState, sink Sink, done func(host, status string)) {
	fetchedCh := make(chan *fetched, c.opts.Concurrency)
	var stores sync.WaitGroup
	for i := 0; i < c.storeWorkers(); i++ {
		stores.Add(1)
		go func() {
			defer stores.Done()
			for f := range fetchedCh {
				if ctx.Err() != nil {
					continue // drain; the URL stays pending for the resume
				}
				status, _, err := c.storeStep(ctx, run, f, sink)
				if err != nil {
					cancel(err)
					continue
				}
				done(hostOf(f.st.URL), status)
			}
		}()
	}
	var hosts sync.WaitGroup
	for _, queue := range queues {
		hosts.Add(1)
		go func(queue []urlState) {
			defer hosts.Done()
			for _, st := range queue {
				if ctx.Err() != nil {
					return
				}
				f, status, err := c.fetchStep(ctx, run, st, sink)
				switch {
				case err != nil:
					cancel(err)
					return
				case f != nil:
					fetchedCh <- f
				default:
					done(hostOf(st.URL), status)
				}
			}
		}(queue)
	}
	hosts.Wait()
	close(fetchedCh)
	stores.Wait()
}

// plan splits the run's URLs into one queue per host, in list order (one
// queue in all with NoFetch). URLs the interrupted run already finished are
// counted and left out.
func (c *Crawler) plan(run string, states []urlState, sum *summary, prog *progress) [][]urlState {
	idx := map[string]int{}
	var queues [][]urlState
	for _, st := range states {
		if st.DoneRun == run && !st.relisted {
			sum.add(hostOf(st.URL), StatusDone)
			prog.done(StatusDone)
			continue
		}
		k := c.queueKey(st)
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
	pending, err := c.state.Pending(run)
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(states))
	for _, st := range states {
		have[st.URL] = true
	}
	for _, st := range pending {
		if !have[st.URL] {
			states = append(states, urlState{URLState: st})
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
	return c.fetch.FirstHost(st.URL, st.ArchiveURL)
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return raw
}
