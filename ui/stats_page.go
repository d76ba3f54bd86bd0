package ui

import (
	"context"
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
	Chart     *yearChart
	Groups    []statGroup
}

// statGroup is one facet's counts, drawn as a bar chart.
type statGroup struct {
	ID    string
	Title string // an English message
	Head  string // the label column's heading, an English message
	Rows  []statRow
	More  int // values left off the list
}

type statRow struct {
	Label   string
	Count   int
	URL     string
	Percent string // bar width relative to the group's largest count
}

// statsPage renders /stats: incidents per year stacked by category (an SVG
// we draw), then the top categories, companies, technologies and source
// lists, each value linked to its search.
func (h *Handler) statsPage(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := h.idx.Stats(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	l := h.loc(c)
	v := statsView{page: page{Title: l.T("Stats"), Nav: "stats"}, Incidents: st.Incidents, Records: st.Records}
	byCat, err := h.yearsByCategory(ctx, st.Categories)
	if err != nil {
		h.fail(c, err)
		return
	}
	v.Chart = h.newYearChart(l, st.Years, st.Categories, byCat)
	for _, g := range []struct {
		name, title, head string
		vals              []index.FacetValue
	}{
		{index.FacetCategory, msg("Top categories"), msg("Category"), st.Categories},
		{index.FacetCompany, msg("Top companies"), msg("Company"), st.Companies},
		{index.FacetTechnology, msg("Top technologies"), msg("Technology"), st.Technologies},
		{index.FacetSource, msg("By source list"), msg("Source"), st.Sources},
	} {
		v.Groups = append(v.Groups, h.statGroup(l, g.name, g.title, g.head, g.vals))
	}
	h.render(c, http.StatusOK, "stats", &v)
}

// yearsByCategory counts each category's incidents per year: one filtered
// search per category, whose year facet holds the counts.
func (h *Handler) yearsByCategory(ctx context.Context, cats []index.FacetValue) (map[string]map[string]int, error) {
	out := make(map[string]map[string]int, len(cats))
	for _, cv := range cats {
		res, err := h.idx.Search(ctx, index.Query{Categories: []string{cv.Value}, Size: 1})
		if err != nil {
			return nil, err
		}
		m := map[string]int{}
		for _, y := range res.Facets[index.FacetYear] {
			m[y.Value] = y.Count
		}
		out[cv.Value] = m
	}
	return out, nil
}

func (h *Handler) statGroup(l localizer, name, title, head string, vals []index.FacetValue) statGroup {
	g := statGroup{ID: name, Title: title, Head: head}
	if len(vals) > statRows {
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
			Label:   h.facetValueLabel(l, name, fv.Value),
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
