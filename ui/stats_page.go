package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/index"
)

// statRows caps the longer groups (companies, technologies) on the page.
const statRows = 30

// statsView is the data of the stats page.
type statsView struct {
	page
	Incidents uint64
	Records   uint64
	Groups    []statGroup
}

// statGroup is one facet's counts, drawn as a bar chart.
type statGroup struct {
	ID    string
	Title string
	Rows  []statRow
	More  int // values left off the list
}

type statRow struct {
	Label   string
	Count   int
	URL     string
	Percent string // bar width relative to the group's largest count
}

// statsPage renders /stats: how many incidents per category, year, company,
// technology and source list, each linked to the matching search.
func (h *Handler) statsPage(c *gin.Context) {
	st, err := h.idx.Stats(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	v := statsView{page: page{Title: "Stats", Nav: "stats"}, Incidents: st.Incidents, Records: st.Records}
	for _, g := range []struct {
		name, title string
		vals        []index.FacetValue
	}{
		{index.FacetCategory, "By category", st.Categories},
		{index.FacetYear, "By year", st.Years},
		{index.FacetCompany, "By company", st.Companies},
		{index.FacetTechnology, "By technology", st.Technologies},
		{index.FacetSource, "By source list", st.Sources},
	} {
		v.Groups = append(v.Groups, h.statGroup(g.name, g.title, g.vals))
	}
	h.render(c, http.StatusOK, "stats", v)
}

func (h *Handler) statGroup(name, title string, vals []index.FacetValue) statGroup {
	g := statGroup{ID: name, Title: title}
	if name != index.FacetYear && len(vals) > statRows {
		g.More = len(vals) - statRows
		vals = vals[:statRows]
	}
	top := 0
	for _, fv := range vals {
		top = max(top, fv.Count)
	}
	for _, fv := range vals {
		pct := 0.0
		if top > 0 {
			pct = 100 * float64(fv.Count) / float64(top)
		}
		g.Rows = append(g.Rows, statRow{
			Label:   h.facetValueLabel(name, fv.Value),
			Count:   fv.Count,
			URL:     pathWithQuery("/", url.Values{name: {fv.Value}}),
			Percent: formatPercent(pct),
		})
	}
	return g
}

// formatPercent renders a bar width for an SVG attribute ("37.5%"); the
// CSP forbids inline styles, so bars are SVG rects, not styled divs.
func formatPercent(p float64) string {
	if p > 0 && p < 1 {
		p = 1
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}
