package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/local"
	"github.com/pmkb/pmkb/data"
)

// defaultLocalCollection is the collection of files and folders added
// without --collection: never "public", since they are a team's own.
const defaultLocalCollection = "local"

// addFlags are add's own flags, beside the crawl flags.
type addFlags struct {
	company, collection, linkBase string
	include, exclude              stringsFlag
	all                           bool
}

func runAdd(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "add")
	var cf crawlFlags
	cf.register(fs)
	var af addFlags
	fs.StringVar(&af.company, "company", "", "the company the post-mortems are about")
	fs.StringVar(&af.collection, "collection", "",
		`collection to add to (default "public" for URLs, "local" for files and folders)`)
	fs.StringVar(&af.linkBase, "link-base", "",
		"URL of the folder's files as people read them (a GitHub/GitLab blob URL, a wiki); without it, pmkb renders the file")
	fs.Var(&af.include, "include", "glob of the files of a folder to read (repeatable; default *.md *.markdown *.html *.htm *.pdf *.txt)")
	fs.Var(&af.exclude, "exclude", "glob of files or folders to leave out (repeatable)")
	fs.BoolVar(&af.all, "all", false, "also read hidden folders, READMEs, templates and index pages")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return &usageError{msg: "add takes one or more URLs, files or folders"}
	}
	var urls, paths []string
	for _, a := range rest {
		switch {
		case isURL(a) || strings.Contains(a, "://"):
			if _, _, err := data.CanonicalURL(a); err != nil {
				return &usageError{msg: err.Error()}
			}
			urls = append(urls, a)
		default:
			if _, err := os.Stat(a); err != nil {
				return &usageError{msg: fmt.Sprintf("%s is neither an http(s) URL nor a file or folder: %v", a, err)}
			}
			paths = append(paths, a)
		}
	}
	if af.collection != "" && af.collection != data.PublicCollection {
		if err := local.CheckName(af.collection); err != nil {
			return &usageError{msg: err.Error()}
		}
	}
	if af.linkBase != "" {
		if err := local.CheckLinkBase(af.linkBase); err != nil {
			return &usageError{msg: "--link-base: " + err.Error()}
		}
	}
	if err := (local.Filter{Include: af.include, Exclude: af.exclude}).Check(); err != nil {
		return &usageError{msg: err.Error()}
	}
	if len(paths) > 0 {
		if err := addPaths(ctx, e, *dir, af, paths); err != nil {
			return err
		}
	}
	for _, u := range urls {
		if err := addURL(ctx, e, *dir, cf, af, u); err != nil {
			return err
		}
	}
	return nil
}

// isURL tells an http(s) URL from a path.
func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// addURL fetches one post-mortem now and prints its record.
func addURL(ctx context.Context, e env, dir string, cf crawlFlags, af addFlags, u string) error {
	c, d, err := newCrawler(ctx, e, dir, cf)
	if err != nil {
		return err
	}
	defer d.Close()
	defer c.Close()
	pm, err := c.Add(ctx, u, af.company, sinkFor(d.ix, af.collection))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", pm.ID, pm.Fetch.Status, pm.Company, pm.Title)
	if pm.Fetch.Error != "" {
		fmt.Fprintf(e.stderr, "fetch: %s\n", pm.Fetch.Error)
	}
	return nil
}

// addPaths adds files and folders to a collection and syncs each.
func addPaths(ctx context.Context, e env, dir string, af addFlags, paths []string) error {
	coll := af.collection
	if coll == "" {
		coll = defaultLocalCollection
	}
	if coll == data.PublicCollection {
		return &usageError{msg: `files and folders cannot go into the "public" collection: name one with --collection`}
	}
	d, s, err := openSyncer(ctx, e, dir)
	if err != nil {
		return err
	}
	defer d.Close()
	for _, p := range paths {
		rep, err := s.Add(ctx, coll, local.Source{Root: p, LinkBase: af.linkBase, Company: strings.TrimSpace(af.company),
			Filter: local.Filter{Include: af.include, Exclude: af.exclude, All: af.all}})
		if err != nil {
			return err
		}
		printReport(e, rep)
	}
	return d.compact(ctx, e)
}

// openSyncer opens the data dir (loading the embedded catalog the first
// time) and a syncer of its collections' local sources.
func openSyncer(ctx context.Context, e env, dir string) (*dataDir, *local.Syncer, error) {
	d, err := openSeeded(ctx, e, dir)
	if err != nil {
		return nil, nil, err
	}
	s, err := newSyncer(e, d)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, s, nil
}

// newSyncer is the syncer of d's collections, writing to its index.
func newSyncer(e env, d *dataDir) (*local.Syncer, error) {
	ex, err := extract.Default()
	if err != nil {
		return nil, err
	}
	return local.New(local.Options{DataDir: d.path, Logger: e.logger}, ex, indexSink{d.ix})
}

// printReport writes one line per file written to stdout, then the
// summary to stderr.
func printReport(e env, rep local.Report) {
	for _, l := range []struct {
		what  string
		paths []string
	}{{"added", rep.Added}, {"changed", rep.Changed}, {"removed", rep.Removed}, {"skipped", rep.Skipped}} {
		for _, p := range l.paths {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", l.what, rep.Collection, p)
		}
	}
	fmt.Fprintln(e.stderr, reportLine(rep))
}

func reportLine(rep local.Report) string {
	return fmt.Sprintf("%s: %d added, %d changed, %d removed, %d unchanged, %d skipped (%s)", rep.Collection,
		len(rep.Added), len(rep.Changed), len(rep.Removed), rep.Unchanged, len(rep.Skipped), rep.Took.Round(1e6))
}

func runSync(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "sync")
	var colls stringsFlag
	fs.Var(&colls, "collection", "the collection to sync (repeatable; default: every collection with local sources)")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	for _, c := range colls {
		if err := local.CheckName(c); err != nil {
			return &usageError{msg: err.Error()}
		}
	}
	d, s, err := openSyncer(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if len(colls) == 0 {
		if colls, err = local.Collections(d.path); err != nil {
			return err
		}
		if len(colls) == 0 {
			fmt.Fprintln(e.stderr, "no collection has local sources yet: add some with pmkb add --collection NAME PATH")
			return nil
		}
	}
	return syncAll(ctx, e, d, s, colls, e.stdout)
}

// syncAll syncs every collection of names and compacts the index when
// something was written.
func syncAll(ctx context.Context, e env, d *dataDir, s *local.Syncer, names []string, out io.Writer) error {
	written := 0
	for _, c := range names {
		rep, err := s.Sync(ctx, c)
		if err != nil {
			return err
		}
		printReport(env{stdout: out, stderr: e.stderr}, rep)
		written += rep.Written()
	}
	if written > 0 {
		return d.compact(ctx, e)
	}
	return nil
}
