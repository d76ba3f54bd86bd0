package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/data"
)

// baseRecord is what a list entry says about its URL, before any
// extraction.
func baseRecord(st urlState) data.Postmortem {
	return data.Postmortem{
		ID:           data.IDFor(st.URL),
		URL:          st.Target(),
		ArchiveURL:   st.ArchiveURL,
		Title:        listTitle(st.Company, st.Blurb, st.URL),
		Company:      st.Company,
		IncidentDate: st.IncidentDate,
		Summary:      st.Blurb,
		Categories:   []string{},
		Technologies: []string{},
		Sources:      append([]data.Source(nil), st.Sources...),
	}
}

// listRecord is the record a list entry alone gives: what a page that is
// not fetched (--no-fetch) or cannot be fetched still becomes. The list's
// own text goes through the extractor, so a blurb that states a date, a
// cause or a technology gives the record its incident date, root cause,
// categories and technologies, and the category and year facets see it.
func (c *Crawler) listRecord(st urlState) data.Postmortem {
	pm := baseRecord(st)
	if strings.TrimSpace(st.Blurb) == "" {
		return pm
	}
	a, err := c.extract(extract.Input{
		URL:         st.URL,
		ContentType: "text/plain",
		Body:        []byte(st.Blurb),
		Company:     st.Company,
		Blurb:       st.Blurb,
	})
	if err != nil {
		c.log.Debug("extract list text", "url", st.URL, "err", err)
		return pm
	}
	if pm.Company == "" {
		pm.Company = a.Company
		pm.Title = listTitle(pm.Company, st.Blurb, st.URL)
	}
	if pm.IncidentDate == "" { // the list's curated date beats a guess from its prose
		pm.IncidentDate, pm.Start, pm.End, pm.DurationMinutes = a.IncidentDate, a.Start, a.End, a.DurationMinutes
	}
	pm.Language, pm.RootCause = a.Language, a.RootCause
	if len(a.Categories) > 0 {
		pm.Categories, pm.CategoryScores, pm.CategoryEvidence = a.Categories, a.CategoryScores, a.CategoryEvidence
	}
	if len(a.Technologies) > 0 {
		pm.Technologies = a.Technologies
	}
	return pm
}

// listTitle makes a title from the company and a short form of the blurb
// (its first sentence, cut at a word), or from the URL when the list gave
// neither.
func listTitle(company, blurb, rawURL string) string {
	blurb = firstSentence(blurb, 100)
	switch {
	case company != "" && blurb != "":
		return company + ": " + blurb
	case company != "":
		return company + " post-mortem"
	case blurb != "":
		return blurb
	}
	return urlTitle(rawURL)
}

// urlTitle is the title of a record nothing else names: its host and path.
func urlTitle(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Host + u.Path
	}
	return rawURL
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
// outcome and, when a page came back, the extracted article. With no page
// (or one the extractor cannot read) the record is the list's own.
func (c *Crawler) buildRecord(st urlState, res fetch.Result, at time.Time) data.Postmortem {
	fetch := data.Fetch{Status: res.Status, HTTPStatus: res.HTTPStatus, FetchedAt: at.UTC(), FinalURL: res.ContentURL}
	if res.Err != nil {
		fetch.Error = data.RedactAddresses(res.Err.Error()) // pages show it: no resolver or local addresses
	}
	var (
		a   data.Article
		err error
	)
	if res.Page != nil {
		a, err = c.extract(extract.Input{
			URL:         st.URL,
			ContentType: res.Page.ContentType,
			Body:        res.Page.Body,
			Company:     st.Company,
			Blurb:       st.Blurb,
			Fetched:     at,
		})
		if err != nil {
			fetch.Status, fetch.Error = data.FetchFailed, data.RedactAddresses(err.Error())
		}
	}
	var pm data.Postmortem
	if res.Page == nil || err != nil {
		pm = c.listRecord(st)
	} else {
		pm = baseRecord(st)
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
	}
	if res.ArchiveURL != "" {
		pm.ArchiveURL = res.ArchiveURL
	}
	pm.Fetch = fetch
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

// relist returns prev, the record stored for a URL, brought up to
// date with what the lists now say about its URL, and whether that changed
// it. A record with no page holds nothing but list data, so it is rebuilt
// from the lists (blurb extraction included) and keeps its fetch facts. A
// record with a page keeps its content and gains every source, a company
// where it had none (or the one Add was given), the list's incident date and
// archive URL, and a title when it only had its URL for one.
func (c *Crawler) relist(prev data.Postmortem, st urlState) (data.Postmortem, bool) {
	var pm data.Postmortem
	if hasPage(prev) {
		pm = prev
		if st.Company != "" && (pm.Company == "" || st.companyOverride) {
			pm.Company = st.Company
		}
		if st.IncidentDate != "" {
			pm.IncidentDate = st.IncidentDate
		}
		if pm.ArchiveURL == "" {
			pm.ArchiveURL = st.ArchiveURL
		}
		if pm.Title == "" || pm.Title == urlTitle(pm.URL) {
			pm.Title = listTitle(pm.Company, st.Blurb, pm.URL)
		}
	} else {
		pm = c.listRecord(st)
		pm.Fetch = prev.Fetch
		if pm.ArchiveURL == "" {
			pm.ArchiveURL = prev.ArchiveURL
		}
	}
	pm.Sources = slices.Clone(prev.Sources)
	for _, s := range st.Sources {
		pm.AddSource(s)
	}
	return pm, !sameRecord(prev, pm)
}

// merged is pm written over the record the sink holds for its URL (stored,
// when has): the one merge of every write. data.Merge unions the sources,
// lets a fetched page beat a list entry and never lets a failed attempt
// wipe a good record or a hand-written one (the catalog, an import); a
// company given to Add wins.
func merged(stored data.Postmortem, has bool, pm data.Postmortem, st urlState) data.Postmortem {
	if !has {
		return pm
	}
	out := data.Merge(stored, pm)
	if st.companyOverride && st.Company != "" {
		out.Company = st.Company
	}
	return out
}

// hasPage reports whether a record was extracted from a page.
func hasPage(pm data.Postmortem) bool {
	return pm.Fetch.Status == data.FetchOK || pm.Fetch.Status == data.FetchArchived
}

// sameRecord reports whether two records would be stored the same.
func sameRecord(a, b data.Postmortem) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
