package ui

import (
	"bytes"
	"encoding/xml"
	"errors"
	"net/http"
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

// feed renders /feed.atom: the newest incidents as an Atom feed.
func (h *Handler) feed(c *gin.Context) {
	ctx, cancel := h.withTimeout(c)
	defer cancel()
	res, err := h.idx.Search(ctx, index.Query{Sort: index.SortNewest, Size: feedSize})
	if err != nil {
		h.fail(c, err)
		return
	}
	base := h.origin(c)
	f := atomFeed{
		Title:   "pmkb: newest incident post-mortems",
		ID:      "urn:pmkb:feed",
		Links:   []atomLink{{Href: base + "/feed.atom", Rel: "self", Type: "application/atom+xml"}, {Href: base + "/"}},
		Author:  atomPerson{Name: "pmkb"},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
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
		e := h.atomEntry(base, pm)
		if e.Updated > f.Updated {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		h.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

func (h *Handler) atomEntry(base string, pm data.Postmortem) atomEntry {
	e := atomEntry{
		Title:   atomText{Type: "text", Body: orUntitled(pm.Title)},
		ID:      "urn:pmkb:incident:" + pm.ID,
		Updated: entryUpdated(pm),
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
		e.Categories = append(e.Categories, atomCategory{Term: slug, Label: h.categoryName(slug)})
	}
	return e
}

// entryUpdated picks the best date the record has, as Atom's RFC 3339.
func entryUpdated(pm data.Postmortem) string {
	for _, d := range []string{pm.IncidentDate, pm.Published} {
		if t, err := time.Parse("2006-01-02", d); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	if !pm.Fetch.FetchedAt.IsZero() {
		return pm.Fetch.FetchedAt.UTC().Format(time.RFC3339)
	}
	return time.Unix(0, 0).UTC().Format(time.RFC3339)
}

// origin is the scheme and host absolute links start with: the configured
// base URL, else the request's own host.
func (h *Handler) origin(c *gin.Context) string {
	if h.baseURL != "" {
		return strings.TrimSuffix(h.baseURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}
