package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/data"
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
	Values []facetValueView // shown at once
	More   []facetValueView // behind "show more"
	Other  int              // hits whose value is beyond the listed ones
}

// facetShown is how many values of a facet show before "show more".
const facetShown = 8

// facetCollection is the collection facet (issue 13).
const facetCollection = index.FacetCollection

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
	index.FacetCategory: msg("Category"), index.FacetCompany: msg("Company"), index.FacetTechnology: msg("Technology"),
	index.FacetYear: msg("Year"), index.FacetSource: msg("Source"), index.FacetLanguage: msg("Language"),
	facetCollection: msg("Collection"),
}

// languageNames name the languages of records in the language facet; a
// code not listed shows as it is.
var languageNames = map[string]string{
	"en": msg("English"), "fr": msg("French"), "de": msg("German"), "es": msg("Spanish"),
	"it": msg("Italian"), "pt": msg("Portuguese"), "nl": msg("Dutch"), "ja": msg("Japanese"),
	"zh": msg("Chinese"), "ru": msg("Russian"),
}

// searchPage renders / : the search form, facets and one page of results.
func (h *Handler) searchPage(c *gin.Context) {
	l := h.loc(c)
	p, err := parseSearchParams(c.Request.URL.Query(), h.lim)
	v := h.newSearchView(l, p)
	var in *inputError
	if errors.As(err, &in) {
		v.Error = in.text(l)
		h.render(c, http.StatusBadRequest, "search", &v)
		return
	}
	res, err := h.idx.Search(c.Request.Context(), p.query)
	var qe *index.QueryError
	if errors.As(err, &qe) {
		v.Error = l.errorText(qe.Msg)
		h.render(c, http.StatusBadRequest, "search", &v)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.fillResults(l, &v, p, res)
	h.render(c, http.StatusOK, "search", &v)
}

func (h *Handler) newSearchView(l localizer, p searchParams) searchView {
	v := searchView{
		page:     page{Title: l.T("Search"), Nav: "search", Query: p.query.Text},
		ClearURL: "/",
	}
	switch s := p.values.Get("sort"); s {
	case index.SortNewest, index.SortOldest:
		v.Sort = s // an unknown sort is not carried into the forms
	}
	if p.query.Text != "" {
		v.Title = p.query.Text
	}
	for _, s := range []option{{Value: index.SortRelevance, Label: msg("Relevance")},
		{Value: index.SortNewest, Label: msg("Newest first")}, {Value: index.SortOldest, Label: msg("Oldest first")}} {
		s.Selected = s.Value == p.query.Sort || (s.Value == index.SortRelevance && p.query.Sort == "")
		s.Label = l.T(s.Label)
		v.Sorts = append(v.Sorts, s)
	}
	for _, name := range filterNames {
		for _, val := range p.values[name] {
			v.Hidden = append(v.Hidden, hiddenField{Name: name, Value: val})
			v.Active = append(v.Active, activeFilter{
				Facet: l.T(facetLabels[name]), Label: h.facetValueLabel(l, name, val), RemoveURL: p.toggle(name, val)})
		}
	}
	if p.query.Text != "" {
		v.ClearURL = pathWithQuery("/", url.Values{"q": {p.query.Text}})
	}
	return v
}

func (h *Handler) fillResults(l localizer, v *searchView, p searchParams, res index.Results) {
	v.Searched = true
	if fv := feedValues(p); len(fv) > 0 {
		v.FeedURL, v.FeedTitle = pathWithQuery("/feed.atom", fv), h.feedTitle(l, p)
	}
	v.Total = res.Total
	v.TookMS = fmt.Sprintf("%.1f", float64(res.Took.Microseconds())/1000)
	v.Hits = h.hitViews(l, res.Hits)
	// The collection facet counts as if it were not filtered: with a
	// collection chosen, the hits span only the chosen ones.
	several := len(res.Facets[facetCollection]) > 1
	if chosen := p.values[facetCollection]; len(chosen) > 0 {
		several = len(chosen) > 1
	}
	showCollections(v.Hits, several)
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
		f := h.facetView(l, p, name, res)
		// A data dir of public records alone has nothing to choose among
		// collections: that facet shows once a second collection exists or
		// one is chosen.
		if name == facetCollection && len(f.Values)+len(f.More) == 1 && !f.Values[0].Selected {
			continue
		}
		if len(f.Values) > 0 {
			v.Facets = append(v.Facets, f)
		}
	}
	h.fillPages(v, p, res.Total)
}

// facetView builds one facet of the sidebar: the years newest first, the
// other facets by count as the index gives them; the first facetShown
// values show, the rest behind "show more", selected values always show.
func (h *Handler) facetView(l localizer, p searchParams, name string, res index.Results) facetView {
	f := facetView{Name: name, Label: l.T(facetLabels[name]), Other: res.FacetOther[name]}
	vals := res.Facets[name]
	if name == index.FacetYear {
		vals = slices.SortedFunc(slices.Values(vals), func(a, b index.FacetValue) int { return strings.Compare(b.Value, a.Value) })
	}
	for i, fv := range vals {
		vv := facetValueView{Label: h.facetValueLabel(l, name, fv.Value), Count: fv.Count,
			URL: p.toggle(name, fv.Value), Selected: p.has(name, fv.Value)}
		if i < facetShown || vv.Selected {
			f.Values = append(f.Values, vv)
		} else {
			f.More = append(f.More, vv)
		}
	}
	return f
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
func (h *Handler) facetValueLabel(l localizer, facet, value string) string {
	switch {
	case facet == index.FacetCategory:
		return h.categoryName(l, value)
	case facet == facetCollection && value == data.PublicCollection:
		return l.T(msg("public")) // the collection of public lists and URLs
	case facet == index.FacetLanguage && languageNames[value] != "":
		return l.T(languageNames[value])
	case facet == index.FacetSource:
		// "list: section" reads as the incident page writes it.
		list, section, ok := strings.Cut(value, ": ")
		if ok {
			return list + " — " + section
		}
	}
	return value
}
