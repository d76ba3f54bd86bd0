package crawler

import (
	"context"
	"fmt"
	"net/url"
	"os"
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
		ex, err := c.follow(ctx, u, nil, false)
		if err != nil {
			return nil, fmt.Errorf("crawler: load list %s: %w", src, err)
		}
		if ex.Status != 200 {
			return nil, fmt.Errorf("crawler: load list %s: http %d", src, ex.Status)
		}
		if b, err = decodeContent(ex.Header.Get("Content-Encoding"), ex.Raw, c.opts.MaxBody); err != nil {
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
	canon, archive, err := data.CanonicalURL(rawURL)
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: add: %w", err)
	}
	e.URL, e.ArchiveURL = canon, archive
	states, err := c.state.enqueue("", []entryGroup{{URL: canon, Entries: []lists.Entry{e}}})
	if err != nil {
		return data.Postmortem{}, err
	}
	st := states[0]
	if e.Company != "" { // asked for explicitly: beats what a list said
		st.Company, st.companyOverride = e.Company, true
	}
	f, _, err := c.fetchStep(ctx, "", st, sink)
	if err == nil && f != nil {
		_, err = c.storeStep(ctx, "", f, sink)
	}
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("crawler: add %s: %w", canon, err)
	}
	pm, _, err := c.state.record(canon)
	if err != nil {
		return data.Postmortem{}, err
	}
	if f == nil {
		return pm, nil
	}
	st, _, err = c.state.get(canon)
	if err != nil {
		return data.Postmortem{}, err
	}
	if st.Error != "" { // this attempt's error, even when an earlier record stands
		pm.Fetch.Error = st.Error
	}
	return pm, nil
}
