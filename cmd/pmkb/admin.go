package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pmkb/pmkb/api/jobs"
	"github.com/pmkb/pmkb/crawler"
	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// admin runs the serving process's write jobs: the admin API's crawls,
// reindexes and added URLs, the scheduled re-crawl and the reindex that
// SIGHUP asks for. They share one jobs.Runner, so one runs at a time,
// against the data dir the process already holds (its lock, its index);
// searches go on meanwhile. It implements api.Admin.
type admin struct {
	runner *jobs.Runner
	d      *dataDir
	e      env
	cf     crawlFlags // how the jobs crawl: serve's --delay, --allow-private, ...
	lists  []string   // what a crawl told no lists crawls (serve --list); none: the default lists
	m      *serviceMetrics
}

func newAdmin(e env, d *dataDir, cf crawlFlags, lists []string, m *serviceMetrics) *admin {
	return &admin{runner: jobs.New(jobs.Options{Logger: e.logger, Finished: m.jobEnded}),
		d: d, e: e, cf: cf, lists: lists, m: m}
}

// Close cancels the running job and waits for it; a crawl resumes where
// it stopped next time.
func (a *admin) Close() { a.runner.Close() }

// Crawl starts a crawl of the given list URLs, or of serve's --list
// lists, or of the default lists.
func (a *admin) Crawl(srcs []string) (jobs.Status, error) {
	return a.runner.Start("crawl", func(ctx context.Context, p *jobs.Progress) error {
		return a.crawl(ctx, p, srcs)
	})
}

// Reindex starts a zero-downtime reindex.
func (a *admin) Reindex() (jobs.Status, error) {
	return a.runner.Start("reindex", func(ctx context.Context, p *jobs.Progress) error {
		if err := a.d.ix.Reindex(ctx); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		n, err := a.d.ix.Count(ctx)
		if err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		p.Set("records", int(n))
		a.e.logger.InfoContext(ctx, "reindex done", "records", n)
		return nil
	})
}

// Add starts fetching one post-mortem URL into the index.
func (a *admin) Add(url, company string) (jobs.Status, error) {
	return a.runner.Start("add", func(ctx context.Context, p *jobs.Progress) error {
		c, err := a.newCrawler()
		if err != nil {
			return err
		}
		defer c.Close()
		pm, err := c.Add(ctx, url, company, a.sink(p))
		if err != nil {
			return fmt.Errorf("add %s: %w", url, err)
		}
		p.SetResult("id", pm.ID)
		p.SetResult("fetch_status", pm.Fetch.Status)
		if pm.Fetch.Error != "" {
			p.SetResult("fetch_error", data.RedactAddresses(pm.Fetch.Error))
		}
		return nil
	})
}

// Job returns a job's status.
func (a *admin) Job(id string) (jobs.Status, bool) { return a.runner.Get(id) }

func (a *admin) crawl(ctx context.Context, p *jobs.Progress, srcs []string) error {
	c, err := a.newCrawler()
	if err != nil {
		return err
	}
	defer c.Close()
	var entries []lists.Entry
	if len(srcs) == 0 {
		srcs = a.lists
	}
	if len(srcs) == 0 {
		if entries, err = defaultEntries(ctx, a.e, c); err != nil {
			return err
		}
	}
	for _, src := range srcs {
		es, err := c.LoadList(ctx, src)
		if err != nil {
			return fmt.Errorf("list %s: %w", src, err)
		}
		entries = append(entries, es...)
	}
	p.Set("total", len(entries))
	sum, err := c.Run(ctx, entries, a.sink(p))
	p.Set("done", sum.Done())
	if cerr := a.d.compact(ctx, a.e); err == nil {
		err = cerr
	}
	return err
}

// newCrawler opens the crawler on the data dir for one job; the job
// closes it, releasing the crawl state for the next.
func (a *admin) newCrawler() (*crawler.Crawler, error) {
	ex, err := extract.Default()
	if err != nil {
		return nil, err
	}
	o := a.cf.options(a.e, a.d.path)
	o.Progress = io.Discard // no terminal bar in a server: progress goes to the log and the job
	c, err := crawler.New(o, ex)
	if err != nil {
		return nil, fmt.Errorf("crawler: %w", err)
	}
	return c, nil
}

func (a *admin) sink(p *jobs.Progress) countingSink {
	return countingSink{next: indexSink{a.d.ix}, p: p, m: a.m}
}

// countingSink stores records through indexSink and counts them, by fetch
// status, in the job's progress and the crawl metrics.
type countingSink struct {
	next indexSink
	p    *jobs.Progress
	m    *serviceMetrics
}

// Get reads the stored record the crawler merges a new attempt into.
func (s countingSink) Get(ctx context.Context, id string) (data.Postmortem, bool, error) {
	return s.next.Get(ctx, id)
}

func (s countingSink) Put(ctx context.Context, pm data.Postmortem) error {
	if err := s.next.Put(ctx, pm); err != nil {
		return err
	}
	s.count(pm)
	return nil
}

// PutBatch keeps the crawler's batched writes (list-only runs) batched.
func (s countingSink) PutBatch(ctx context.Context, pms []data.Postmortem) error {
	if err := s.next.PutBatch(ctx, pms); err != nil {
		return err
	}
	for _, pm := range pms {
		s.count(pm)
	}
	return nil
}

func (s countingSink) count(pm data.Postmortem) {
	s.p.Add("stored", 1)
	s.p.Add(pm.Fetch.Status, 1)
	s.m.stored(pm.Fetch.Status)
}

// recrawlEvery starts a crawl of the default lists (or serve's --list
// lists) every interval until
// ctx ends (serve --recrawl). A tick that finds a job running is skipped:
// the next one comes soon enough.
func (a *admin) recrawlEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.startLogged(ctx, "scheduled re-crawl", func() (jobs.Status, error) { return a.Crawl(nil) })
		}
	}
}

// startLogged starts a job for a signal or a schedule, which have no one
// to answer but the log.
func (a *admin) startLogged(ctx context.Context, what string, start func() (jobs.Status, error)) {
	st, err := start()
	var busy *jobs.BusyError
	switch {
	case errors.As(err, &busy):
		a.e.logger.WarnContext(ctx, what+" skipped: a job is running", "running_job_id", busy.Running.ID, "running_kind", busy.Running.Kind)
	case err != nil:
		a.e.logger.WarnContext(ctx, what+" not started", "err", err)
	default:
		a.e.logger.InfoContext(ctx, what+" started", "job_id", st.ID)
	}
}
