package ui

import (
	"bytes"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// feedSize is how many incidents the Atom feed carries.
const feedSize = 30

// Atom 1.0 (RFC 4287) elements; encoding/xml escapes every value.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      atomText       `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// feed renders /feed.atom: the newest incidents as an Atom feed,
// narrowed by the search page's q and filters, so that one can subscribe
// to a search ("DNS incidents"). A bad filter is a 400 error page.
func (h *Handler) feed(c *gin.Context) {
	l := h.loc(c)
	p, err := parseSearchParams(c.Request.URL.Query(), h.lim)
	var in *inputError
	if errors.As(err, &in) {
		h.errorPage(c, http.StatusBadRequest, "Bad feed filter", "%s", in.text(l))
		return
	}
	q := p.query
	q.Sort, q.From, q.Size = index.SortNewest, 0, feedSize
	ctx := c.Request.Context()
	res, err := h.idx.Search(ctx, q)
	var qe *index.QueryError
	if errors.As(err, &qe) && qe.Limit {
		h.errorPage(c, http.StatusBadRequest, "Bad feed filter", "%s", h.loc(c).errorText(qe.Msg))
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	base := h.origin()
	fv := feedValues(p)
	f := atomFeed{
		Title: h.feedTitle(l, p),
		ID:    "urn:pmkb:feed",
		Links: []atomLink{
			{Href: base + pathWithQuery("/feed.atom", fv), Rel: "self", Type: "application/atom+xml"},
			{Href: base + pathWithQuery("/", fv), Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: "pmkb"},
	}
	if len(fv) > 0 {
		f.ID += ":" + fv.Encode() // one id per search, the same whatever the host
	}
	ingested := h.ingested()
	if ingested.IsZero() {
		ingested = time.Now().UTC().Truncate(time.Second)
	}
	for _, hit := range res.Hits {
		pm, err := h.idx.Get(ctx, hit.ID)
		if errors.Is(err, index.ErrNotFound) {
			continue // removed since the search, e.g. by a reindex
		}
		if err != nil {
			h.fail(c, err)
			return
		}
		e := h.atomEntry(l, base, pm, ingested)
		if e.Updated > f.Updated {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	if f.Updated == "" {
		f.Updated = ingested.Format(time.RFC3339) // an empty feed: as of the data's loading
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		h.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

func (h *Handler) atomEntry(l localizer, base string, pm data.Postmortem, ingested time.Time) atomEntry {
	e := atomEntry{
		Title:   atomText{Type: "text", Body: orUntitled(l, pm.Title)},
		ID:      "urn:pmkb:incident:" + pm.ID,
		Updated: entryUpdated(pm, ingested),
		Links:   []atomLink{{Href: base + "/incidents/" + pm.ID, Rel: "alternate", Type: "text/html"}},
	}
	if t, err := time.Parse("2006-01-02", pm.Published); err == nil {
		e.Published = t.Format(time.RFC3339)
	}
	if u := safeURL(pm.URL); u != "" {
		e.Links = append(e.Links, atomLink{Href: u, Rel: "related", Type: "text/html"})
	}
	if pm.Company != "" {
		e.Author = &atomPerson{Name: pm.Company}
	}
	if s := firstNonEmpty(pm.Summary, pm.RootCause); s != "" {
		e.Summary = &atomText{Type: "text", Body: s}
	}
	for _, slug := range pm.Categories {
		e.Categories = append(e.Categories, atomCategory{Term: slug, Label: h.categoryName(l, slug)})
	}
	return e
}

// entryUpdated picks the best date the record has, as Atom's RFC 3339:
// the incident's, the publication's, the fetch's, else when the record was
// ingested. Never 1970: an undated incident is not older than the web.
func entryUpdated(pm data.Postmortem, ingested time.Time) string {
	for _, d := range []string{pm.IncidentDate, pm.Published} {
		if t, err := time.Parse("2006-01-02", d); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	if !pm.Fetch.FetchedAt.IsZero() {
		return pm.Fetch.FetchedAt.UTC().Format(time.RFC3339)
	}
	return ingested.UTC().Format(time.RFC3339)
}

// origin is what absolute links start with: the configured base URL, or
// nothing (links relative to the feed's own address). Never the request's
// Host header, which a client chooses: a forged Host would make the feed
// link to another site.
func (h *Handler) origin() string {
	return strings.TrimSuffix(h.baseURL, "/")
}

// feedValues are the parameters of the feed for a search: q and the
// filters, each filter's values sorted so that one search has one feed
// URL; sort and page do not apply to a feed.
func feedValues(p searchParams) url.Values {
	v := url.Values{}
	if p.query.Text != "" {
		v.Set("q", p.query.Text)
	}
	for _, name := range filterNames {
		if vals := p.values[name]; len(vals) > 0 {
			v[name] = slices.Sorted(slices.Values(vals))
		}
	}
	return v
}

// feedTitle says what a feed is filtered on, in the order of the search
// page: "pmkb: newest incident post-mortems matching “bgp leak” ·
// Category: DNS or Network".
func (h *Handler) feedTitle(l localizer, p searchParams) string {
	parts := []string{l.T("pmkb: newest incident post-mortems")}
	if p.query.Text != "" {
		parts[0] = l.T("pmkb: newest incident post-mortems matching “%s”", p.query.Text)
	}
	for _, name := range filterNames {
		if vals := p.values[name]; len(vals) > 0 {
			labels := make([]string, len(vals))
			for i, val := range vals {
				labels[i] = h.facetValueLabel(l, name, val)
			}
			parts = append(parts, l.T("%s: %s", l.T(facetLabels[name]), strings.Join(labels, l.T(" or "))))
		}
	}
	return strings.Join(parts, " · ")
}
