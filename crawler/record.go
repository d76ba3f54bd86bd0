package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/data"
)

// listRecord is the record a list entry alone gives: what a page that
// cannot be fetched still becomes.
func listRecord(st urlState) data.Postmortem {
	return data.Postmortem{
		ID:           data.IDFor(st.URL),
		URL:          st.URL,
		ArchiveURL:   st.ArchiveURL,
		Title:        listTitle(st),
		Company:      st.Company,
		IncidentDate: st.IncidentDate,
		Summary:      st.Blurb,
		Categories:   []string{},
		Technologies: []string{},
		Sources:      append([]data.Source(nil), st.Sources...),
	}
}

// listTitle makes a title from the company and the blurb's first sentence,
// or from the URL's host when the list gave neither.
func listTitle(st urlState) string {
	blurb := firstSentence(st.Blurb, 120)
	switch {
	case st.Company != "" && blurb != "":
		return st.Company + ": " + blurb
	case st.Company != "":
		return st.Company + " post-mortem"
	case blurb != "":
		return blurb
	}
	if u, err := url.Parse(st.URL); err == nil {
		return u.Host + u.Path
	}
	return st.URL
}

// firstSentence returns s up to its first sentence end, cut at a word
// boundary to at most max bytes.
func firstSentence(s string, max int) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut <= 0 {
		cut = max
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// buildRecord makes the record of one fetch: the list's data, the fetch
// outcome and, when a page came back, the extracted article.
func (c *Crawler) buildRecord(st urlState, res result, at time.Time) data.Postmortem {
	pm := listRecord(st)
	if res.ArchiveURL != "" {
		pm.ArchiveURL = res.ArchiveURL
	}
	pm.Fetch = data.Fetch{Status: res.Status, HTTPStatus: res.HTTPStatus, FetchedAt: at.UTC()}
	if res.Err != nil {
		pm.Fetch.Error = res.Err.Error()
	}
	if res.Page == nil {
		return pm
	}
	a, err := c.extract(extract.Input{
		URL:         st.URL,
		ContentType: res.Page.ContentType,
		Body:        res.Page.Body,
		Company:     st.Company,
		Blurb:       st.Blurb,
	})
	if err != nil {
		pm.Fetch.Status = data.FetchFailed
		pm.Fetch.Error = err.Error()
		return pm
	}
	pm.Apply(a)
	if st.IncidentDate != "" { // a list's curated date beats a guess from the page
		pm.IncidentDate = st.IncidentDate
	}
	if pm.Categories == nil {
		pm.Categories = []string{}
	}
	if pm.Technologies == nil {
		pm.Technologies = []string{}
	}
	return pm
}

// extract runs the extractor, turning a panic on a hostile page into an
// error so one page cannot take the crawl down.
func (c *Crawler) extract(in extract.Input) (a data.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("crawler: extract %s: panic: %v", in.URL, r)
		}
	}()
	a, err = c.ex.Extract(in)
	if err != nil {
		return data.Article{}, fmt.Errorf("crawler: extract %s: %w", in.URL, err)
	}
	return a, nil
}
