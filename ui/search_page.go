package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/index"
)

// searchView is the data of the search page.
type searchView struct {
	page
	Error      string // a bad query, shown above the form
	Sort       string
	Sorts      []option
	Hidden     []hiddenField // filters the sort form keeps
	Active     []activeFilter
	ClearURL   string
	Searched   bool // the page ran a search (no input error)
	Total      uint64
	TookMS     string
	Range      string // "1–20"
	FirstURL   string // page 1, when this page is past the last one
	Hits       []hitView
	Facets     []facetView
	DidYouMean string
	DidYouURL  string
	Pages      []pageLink
	PrevURL    string
	NextURL    string
}

type option struct {
	Value, Label string
	Selected     bool
}

type hiddenField struct{ Name, Value string }

// activeFilter is a filter in force, with the link that removes it.
type activeFilter struct {
	Facet, Label, RemoveURL string
}

// facetView is one facet in the sidebar.
type facetView struct {
	Name   string
	Label  string
	Values []facetValueView
	Other  int // hits whose value is beyond the listed ones
}

type facetValueView struct {
	Label    string
	Count    int
	URL      string // toggles this value, keeping every other parameter
	Selected bool
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
}

var facetLabels = map[string]string{
	index.FacetCategory: "Category", index.FacetCompany: "Company", index.FacetTechnology: "Technology",
	index.FacetYear: "Year", index.FacetSource: "Source", index.FacetLanguage: "Language", index.FacetCollection: "Collection",
}

// searchPage renders / : the search form, facets and one page of results.
func (h *Handler) searchPage(c *gin.Context) {
	p, err := parseSearchParams(c.Request.URL.Query(), h.lim)
	v := h.newSearchView(p)
	var in *inputError
	if errors.As(err, &in) {
		v.Error = in.msg
		h.render(c, http.StatusBadRequest, "search", v)
		return
	}
	res, err := h.idx.Search(c.Request.Context(), p.query)
	var qe *index.QueryError
	if errors.As(err, &qe) {
		v.Error = qe.Msg
		h.render(c, http.StatusBadRequest, "search", v)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.fillResults(&v, p, res)
	h.render(c, http.StatusOK, "search", v)
}

func (h *Handler) newSearchView(p searchParams) searchView {
	v := searchView{
		page:     page{Title: "Search", Nav: "search", Query: p.query.Text},
		ClearURL: "/",
	}
	switch p.query.Sort {
	case index.SortNewest, index.SortOldest:
		v.Sort = p.query.Sort // an unknown sort is not carried into the forms
	}
	if p.query.Text != "" {
		v.Title = p.query.Text
	}
	for _, s := range []option{{Value: index.SortRelevance, Label: "Relevance"},
		{Value: index.SortNewest, Label: "Newest first"}, {Value: index.SortOldest, Label: "Oldest first"}} {
		s.Selected = s.Value == v.Sort || (s.Value == index.SortRelevance && v.Sort == "")
		v.Sorts = append(v.Sorts, s)
	}
	for _, name := range filterNames {
		for _, val := range p.values[name] {
			v.Hidden = append(v.Hidden, hiddenField{Name: name, Value: val})
			v.Active = append(v.Active, activeFilter{
				Facet: facetLabels[name], Label: h.facetValueLabel(name, val), RemoveURL: p.toggle(name, val)})
		}
	}
	if p.query.Text != "" {
		v.ClearURL = pathWithQuery("/", url.Values{"q": {p.query.Text}})
	}
	return v
}

func (h *Handler) fillResults(v *searchView, p searchParams, res index.Results) {
	v.Searched = true
	if fv := feedValues(p); len(fv) > 0 {
		v.FeedURL, v.FeedTitle = pathWithQuery("/feed.atom", fv), h.feedTitle(p)
	}
	v.Total = res.Total
	v.TookMS = fmt.Sprintf("%.1f", float64(res.Took.Microseconds())/1000)
	v.Hits = h.hitViews(res.Hits)
	if len(v.Hits) > 0 {
		v.Range = fmt.Sprintf("%d–%d", p.query.From+1, p.query.From+len(v.Hits))
	} else if res.Total > 0 {
		v.FirstURL = p.pageLink(1)
	}
	if res.DidYouMean != "" && res.DidYouMean != p.query.Text {
		v.DidYouMean = res.DidYouMean
		v.DidYouURL = p.link(func(u url.Values) { u.Set("q", res.DidYouMean) })
	}
	for _, name := range filterNames {
		f := facetView{Name: name, Label: facetLabels[name], Other: res.FacetOther[name]}
		for _, fv := range res.Facets[name] {
			f.Values = append(f.Values, facetValueView{
				Label: h.facetValueLabel(name, fv.Value), Count: fv.Count,
				URL: p.toggle(name, fv.Value), Selected: p.has(name, fv.Value)})
		}
		// A data dir of public records alone has nothing to choose among
		// collections: the facet shows once a second collection exists or
		// one is chosen.
		if len(f.Values) > 0 && (name != index.FacetCollection || len(f.Values) > 1 || p.has(name, f.Values[0].Label)) {
			v.Facets = append(v.Facets, f)
		}
	}
	h.fillPages(v, p, res.Total)
}

// fillPages sets the pager: previous, next and a window of page numbers.
func (h *Handler) fillPages(v *searchView, p searchParams, total uint64) {
	size := uint64(h.lim.pageSize)
	last := min(int((total+size-1)/size), h.lim.maxPage())
	if last <= 1 || p.page > last {
		return
	}
	if p.page > 1 {
		v.PrevURL = p.pageLink(p.page - 1)
	}
	if p.page < last {
		v.NextURL = p.pageLink(p.page + 1)
	}
	lo, hi := max(1, p.page-3), min(last, p.page+3)
	for n := lo; n <= hi; n++ {
		v.Pages = append(v.Pages, pageLink{Number: n, URL: p.pageLink(n), Current: n == p.page})
	}
}

// facetValueLabel names a facet value for people: category slugs get their
// taxonomy names; other values are shown as they are.
func (h *Handler) facetValueLabel(facet, value string) string {
	if facet == index.FacetCategory {
		return h.categoryName(value)
	}
	return value
}
