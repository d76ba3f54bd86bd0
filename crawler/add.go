package crawler

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// AddedList is the source list of post-mortems added one at a time with
// `pmkb add`.
const AddedList = "added"

// LoadList reads and parses a list from a file path or an http(s) URL. A URL
// is fetched with the crawler's client (size cap, timeouts, private-address
// guard) but not checked against robots.txt: a person asked for it.
func (c *Crawler) LoadList(ctx context.Context, src string) ([]lists.Entry, error) {
	var b []byte
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		u, err := url.Parse(src)
		if err != nil {
			return nil, fmt.Errorf("crawler: load list %s: %w", src, err)
		}
		if b, err = c.fetch.Download(ctx, u); err != nil {
			return nil, fmt.Errorf("crawler: load list %s: %w", src, err)
		}
	} else {
		var err error
		if b, err = os.ReadFile(src); err != nil {
			return nil, fmt.Errorf("crawler: load list: %w", err)
		}
	}
	entries, err := lists.Parse(src, b)
	if err != nil {
		return nil, fmt.Errorf("crawler: load list: %w", err)
	}
	for i, e := range entries {
		if e.Kind != lists.KindPath {
			continue
		}
		// A list from the web must not make pmkb read this machine's files.
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			return nil, fmt.Errorf("crawler: load list %s: it names the local path %s; only a list on this machine may", src, e.Source)
		}
		if !filepath.IsAbs(e.Source) { // relative to the list's own folder
			entries[i].Source = filepath.Join(filepath.Dir(src), e.Source)
		}
	}
	return entries, nil
}

// Add fetches one post-mortem now (`pmkb add URL --company NAME`), whatever
// its age, and sends its record to sink. The record keeps every source it
// already had and gains AddedList; a company given here replaces the one it
// had. Add returns the record as it now stands: when this fetch failed (or
// was refused) but an earlier one had read the page, that good record is
// what stays, and the new attempt's error is in the returned Fetch.Error.
func (c *Crawler) Add(ctx context.Context, rawURL, company string, sink Sink) (data.Postmortem, error) {
	if c.opts.NoFetch {
		return data.Postmortem{}, fmt.Errorf("crawler: add: the crawler was opened with NoFetch")
	}
	e := lists.Entry{Company: strings.TrimSpace(company), List: AddedList}
	l, err := data.ParseLink(rawURL)
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: add: %w", err)
	}
	canon := l.Canonical
	e.URL, e.Link, e.ArchiveURL = canon, l.URL, l.Archive
	states, err := c.enqueue("", []entryGroup{{URL: canon, Entries: []lists.Entry{e}}})
	if err != nil {
		return data.Postmortem{}, err
	}
	st := states[0]
	if e.Company != "" { // asked for explicitly: beats what a list said
		st.Company, st.companyOverride = e.Company, true
	}
	f, _, err := c.fetchStep(ctx, "", st, sink)
	var pm data.Postmortem
	switch {
	case err == nil && f != nil:
		_, pm, err = c.storeStep(ctx, "", f, sink)
	case err == nil:
		pm, _, err = c.stored(ctx, canon, sink)
	}
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: add %s: %w", canon, err)
	}
	if f == nil {
		return pm, nil
	}
	now, _, err := c.state.Get(canon)
	if err != nil {
		return data.Postmortem{}, err
	}
	if now.Error != "" { // this attempt's error, even when an earlier record stands
		pm.Fetch.Error = now.Error
	}
	return pm, nil
}

// stored reads the record the sink holds for url, under putMu.
func (c *Crawler) stored(ctx context.Context, url string, sink Sink) (data.Postmortem, bool, error) {
	c.putMu.Lock()
	defer c.putMu.Unlock()
	return sink.Get(ctx, data.IDFor(url))
}
