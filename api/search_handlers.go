package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/index"
)

// facetNames are the facets every search answer carries, empty or not.
var facetNames = []string{
	index.FacetCategory, index.FacetCompany, index.FacetTechnology,
	index.FacetYear, index.FacetSource, index.FacetLanguage,
}

// searchResponse is the contract's search answer.
type searchResponse struct {
	Total      uint64                        `json:"total"`
	TookMS     float64                       `json:"took_ms"`
	Hits       []index.Hit                   `json:"hits"`
	Facets     map[string][]index.FacetValue `json:"facets"`
	FacetOther map[string]int                `json:"facet_other,omitempty"`
	DidYouMean string                        `json:"did_you_mean,omitempty"`
}

// hitsResponse answers the similar-incident endpoints.
type hitsResponse struct {
	Total  uint64      `json:"total"`
	TookMS float64     `json:"took_ms"`
	Hits   []index.Hit `json:"hits"`
}

// search answers GET /api/v1/search.
func (h *Handler) search(c *gin.Context) {
	q, err := parseSearch(c.Request.URL.Query(), h.opts.MaxQueryLen)
	if err != nil {
		h.fail(c, err)
		return
	}
	res, err := h.idx.Search(c.Request.Context(), q)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newSearchResponse(res))
}

// random answers GET /api/v1/random with one whole record, optionally
// drawn from a category or technology.
func (h *Handler) random(c *gin.Context) {
	v := c.Request.URL.Query()
	q := index.Query{Categories: filterValues(v, "category"), Technologies: filterValues(v, "technology")}
	pm, err := h.idx.Random(c.Request.Context(), q)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store") // each call should draw again
	c.JSON(http.StatusOK, normalizeRecord(pm))
}

// stats answers GET /api/v1/stats: counts of distinct incidents by
// category, company, year, technology, source, language and collection.
func (h *Handler) stats(c *gin.Context) {
	st, err := h.idx.Stats(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, l := range []*[]index.FacetValue{&st.Categories, &st.Companies, &st.Years, &st.Technologies, &st.Sources, &st.Languages, &st.Collections} {
		*l = array(*l)
	}
	c.JSON(http.StatusOK, st)
}

func newSearchResponse(res index.Results) searchResponse {
	out := searchResponse{
		Total:      res.Total,
		TookMS:     millis(res.Took),
		Hits:       array(res.Hits),
		Facets:     make(map[string][]index.FacetValue, len(facetNames)),
		FacetOther: res.FacetOther,
		DidYouMean: res.DidYouMean,
	}
	for name, vals := range res.Facets {
		out.Facets[name] = vals
	}
	for _, name := range facetNames {
		out.Facets[name] = array(out.Facets[name])
	}
	return out
}
