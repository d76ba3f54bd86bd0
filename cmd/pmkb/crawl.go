package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/pmkb/pmkb/crawler"
	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/crawler/local"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// danluuListURL is where danluu's list lives; `pmkb crawl` with no --list
// ingests it with the embedded talk list.
const danluuListURL = "https://raw.githubusercontent.com/danluu/post-mortems/master/README.md"

// crawlFlags are the flags shared by crawl and add.
type crawlFlags struct {
	concurrency  int
	delay        time.Duration
	allowPrivate bool
	waybackURL   string
	noWayback    bool
	maxAge       time.Duration
	noFetch      bool
}

func (f *crawlFlags) register(fs interface {
	IntVar(*int, string, int, string)
	DurationVar(*time.Duration, string, time.Duration, string)
	BoolVar(*bool, string, bool, string)
	StringVar(*string, string, string, string)
}) {
	fs.IntVar(&f.concurrency, "concurrency", 8, "pages fetched at once, across hosts")
	fs.DurationVar(&f.delay, "delay", time.Second, "minimum delay between two requests to one host")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow loopback and private-network targets")
	fs.StringVar(&f.waybackURL, "wayback-url", "https://archive.org", "base URL of a Wayback-Machine-compatible service")
	fs.BoolVar(&f.noWayback, "no-wayback", false, "never fall back to the Wayback Machine")
	fs.DurationVar(&f.maxAge, "max-age", 0, "skip pages fetched more recently than this (0: re-check every page)")
}

func (f *crawlFlags) validate() error {
	if f.concurrency < 1 || f.concurrency > 1024 {
		return &usageError{msg: fmt.Sprintf("--concurrency must be between 1 and 1024, got %d", f.concurrency)}
	}
	if f.delay < 0 {
		return &usageError{msg: fmt.Sprintf("--delay must not be negative, got %s", f.delay)}
	}
	if f.maxAge < 0 {
		return &usageError{msg: fmt.Sprintf("--max-age must not be negative, got %s", f.maxAge)}
	}
	u, err := url.Parse(f.waybackURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &usageError{msg: fmt.Sprintf("--wayback-url must be an http(s) URL, got %q", f.waybackURL)}
	}
	return nil
}

// options are the crawler's options from the flags. --delay is always
// passed on, so 0s means no delay at all rather than the default.
func (f *crawlFlags) options(e env, dir string) crawler.Options {
	return crawler.Options{
		DataDir: dir,
		Options: fetch.Options{
			Concurrency:  f.concurrency,
			Delay:        new(f.delay),
			AllowPrivate: f.allowPrivate,
			WaybackURL:   f.waybackURL,
			NoWayback:    f.noWayback,
			Logger:       e.logger,
		},
		NoFetch:  f.noFetch,
		MaxAge:   f.maxAge,
		Progress: e.stderr,
	}
}

func runCrawl(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "crawl")
	var cf crawlFlags
	cf.register(fs)
	fs.BoolVar(&cf.noFetch, "no-fetch", false, "ingest list entries without fetching their pages")
	var srcs, pages, feeds stringsFlag
	fs.Var(&srcs, "list", "a list to crawl: danluu Markdown, pmkb YAML or one URL per line; a path or http(s) URL (repeatable)")
	fs.Var(&pages, "statuspage", "an Atlassian Statuspage status page (https://status.example.com) whose incidents to add (repeatable)")
	fs.Var(&feeds, "feed", "an Atom or RSS feed whose post-mortems to add; other posts are left out (repeatable)")
	collection := fs.String("collection", "", `collection the crawl's records go to (default "public")`)
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	limitBulkMemory(e)
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q (lists go after --list)", rest[0])}
	}
	if *collection != "" && *collection != data.PublicCollection {
		if err := local.CheckName(*collection); err != nil {
			return &usageError{msg: err.Error()}
		}
	}
	c, d, err := newCrawler(ctx, e, *dir, cf)
	if err != nil {
		return err
	}
	defer d.Close()
	defer c.Close()
	sink := sinkFor(d.ix, *collection)

	// Read every list before fetching anything, so a bad list fails fast
	// and nothing is half-ingested. With only status pages or feeds to
	// poll, the default lists are not crawled.
	var entries []lists.Entry
	if len(srcs) == 0 && len(pages)+len(feeds) == 0 {
		es, err := defaultEntries(ctx, e, c)
		if err != nil {
			return err
		}
		entries = es
	}
	for _, src := range srcs {
		es, err := c.LoadList(ctx, src)
		if err != nil {
			return fmt.Errorf("list %s: %w", src, err)
		}
		entries = append(entries, es...)
	}
	entries, paths := splitEntries(entries, &pages, &feeds)
	if len(pages)+len(feeds) > 0 {
		if err := poll(ctx, e, c, sink, pages, feeds); err != nil {
			return err
		}
	}
	if len(paths) > 0 {
		if err := addListedPaths(ctx, e, d, *collection, paths); err != nil {
			return err
		}
	}
	if len(entries) == 0 {
		return d.compact(ctx, e)
	}
	sum, err := c.Run(ctx, entries, sink)
	sum.Fprint(e.stderr)
	cerr := d.compact(ctx, e)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return cerr
}

// splitEntries keeps the entries that name pages and moves the others to
// the status pages, feeds and local paths they name.
func splitEntries(entries []lists.Entry, pages, feeds *stringsFlag) (kept []lists.Entry, paths []string) {
	for _, en := range entries {
		switch en.Kind {
		case lists.KindStatuspage:
			*pages = append(*pages, en.Source)
		case lists.KindFeed:
			*feeds = append(*feeds, en.Source)
		case lists.KindPath:
			paths = append(paths, en.Source)
		default:
			kept = append(kept, en)
		}
	}
	return kept, paths
}

// addListedPaths adds the files and folders a list names to collection
// (local when none or public is given: a team's files are never public).
func addListedPaths(ctx context.Context, e env, d *dataDir, collection string, paths []string) error {
	if collection == "" || collection == data.PublicCollection {
		collection = defaultLocalCollection
	}
	s, err := newSyncer(e, d)
	if err != nil {
		return err
	}
	for _, p := range paths {
		rep, err := s.Add(ctx, collection, local.Source{Root: p})
		if err != nil {
			return err
		}
		printReport(e, rep)
	}
	return nil
}

func runReextract(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "reextract")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	limitBulkMemory(e)
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	c, d, err := newCrawler(ctx, e, *dir, crawlFlags{concurrency: 1, waybackURL: "https://archive.org"})
	if err != nil {
		return err
	}
	defer d.Close()
	defer c.Close()
	n, err := c.Reextract(ctx, indexSink{d.ix})
	if err != nil {
		return err
	}
	if err := d.compact(ctx, e); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "re-extracted %d records from the archive\n", n)
	return nil
}

// newCrawler checks the crawl flags, opens the data dir (loading the
// embedded catalog the first time) and a crawler on it.
func newCrawler(ctx context.Context, e env, dir string, cf crawlFlags) (*crawler.Crawler, *dataDir, error) {
	if err := cf.validate(); err != nil {
		return nil, nil, err
	}
	d, err := openSeeded(ctx, e, dir)
	if err != nil {
		return nil, nil, err
	}
	ex, err := extract.Default()
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	c, err := crawler.New(cf.options(e, dir), ex)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return c, d, nil
}

// indexSink is the crawler's sink on the index, the one store of records:
// the crawler reads a URL's stored record through Get, merges its new
// attempt into it once and writes the result with Put or PutBatch.
type indexSink struct{ ix *index.Index }

func (s indexSink) Get(ctx context.Context, id string) (data.Postmortem, bool, error) {
	pm, err := s.ix.Get(ctx, id)
	switch {
	case err == nil:
		return pm, true, nil
	case errors.Is(err, index.ErrNotFound):
		return data.Postmortem{}, false, nil
	}
	return data.Postmortem{}, false, err
}

func (s indexSink) Put(ctx context.Context, pm data.Postmortem) error { return s.ix.Put(ctx, pm) }

// PutBatch stores many records in one index commit (list-only runs and
// reextract).
func (s indexSink) PutBatch(ctx context.Context, pms []data.Postmortem) error {
	return s.ix.PutBatch(ctx, pms)
}

// defaultEntries is what a crawl with no --list ingests: the embedded talk
// list, plus danluu's list fetched from its public URL. An unreachable
// danluu list is a warning, not a failure: the talk list still gets crawled.
func defaultEntries(ctx context.Context, e env, c *crawler.Crawler) ([]lists.Entry, error) {
	entries, err := lists.Talk()
	if err != nil {
		return nil, err
	}
	dl, err := c.LoadList(ctx, danluuListURL)
	if err != nil {
		e.logger.Warn("danluu's list could not be read; crawling the talk list alone", "url", danluuListURL, "err", err)
		return entries, nil
	}
	return append(entries, dl...), nil
}

// Delete removes records (the files of a collection that are gone).
func (s indexSink) Delete(ctx context.Context, ids ...string) error { return s.ix.Delete(ctx, ids...) }

// collectionSink puts the records of a crawl into a collection other than
// public (`--collection`): a page's URL is one record, so adding it to a
// collection moves it there.
type collectionSink struct {
	indexSink
	name string
}

func (s collectionSink) Put(ctx context.Context, pm data.Postmortem) error {
	pm.Collection = s.name
	return s.indexSink.Put(ctx, pm)
}

func (s collectionSink) PutBatch(ctx context.Context, pms []data.Postmortem) error {
	for i := range pms {
		pms[i].Collection = s.name
	}
	return s.indexSink.PutBatch(ctx, pms)
}

// sinkFor is the sink of records added to collection: the index itself
// for the public collection.
func sinkFor(ix *index.Index, collection string) crawler.Sink {
	if collection == "" || collection == data.PublicCollection {
		return indexSink{ix}
	}
	return collectionSink{indexSink{ix}, collection}
}

// poll reads status pages and feeds into sink, one report line each. A
// source that cannot be read is reported and the others still polled;
// the error names every one that failed.
func poll(ctx context.Context, e env, c *crawler.Crawler, sink crawler.Sink, pages, feeds []string) error {
	var errs []error
	report := func(rep crawler.PollReport, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		fmt.Fprintln(e.stderr, rep)
	}
	for _, p := range pages {
		report(c.PollStatuspage(ctx, p, sink))
	}
	for _, f := range feeds {
		report(c.PollFeed(ctx, f, sink))
	}
	return errors.Join(errs...)
}
