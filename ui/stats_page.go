package ui

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/index"
)

// statsView is the data of the stats page.
type statsView struct {
	page
	Total  uint64
	Groups []statGroup
}

// statGroup is one facet's counts, drawn as a bar chart.
type statGroup struct {
	ID    string
	Title string
	Rows  []statRow
	Other int
}

type statRow struct {
	Label   string
	Count   int
	URL     string
	Percent string // bar width relative to the group's largest count
}

// statsPage renders /stats: how many incidents per category, year, company
// and technology, each linked to the matching search.
func (h *Handler) statsPage(c *gin.Context) {
	ctx, cancel := h.withTimeout(c)
	defer cancel()
	res, err := h.idx.Search(ctx, index.Query{Size: 1})
	if err != nil {
		h.fail(c, err)
		return
	}
	v := statsView{page: page{Title: "Stats", Nav: "stats"}, Total: res.Total}
	for _, f := range []struct{ name, title string }{
		{index.FacetCategory, "By category"}, {index.FacetYear, "By year"},
		{index.FacetCompany, "By company"}, {index.FacetTechnology, "By technology"},
	} {
		vals := append([]index.FacetValue(nil), res.Facets[f.name]...)
		if f.name == index.FacetYear {
			sort.Slice(vals, func(i, j int) bool { return vals[i].Value < vals[j].Value })
		}
		v.Groups = append(v.Groups, h.statGroup(f.name, f.title, vals, res.FacetOther[f.name]))
	}
	h.render(c, http.StatusOK, "stats", v)
}

func (h *Handler) statGroup(name, title string, vals []index.FacetValue, other int) statGroup {
	g := statGroup{ID: name, Title: title, Other: other}
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
