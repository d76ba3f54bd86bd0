package ui

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/index"
)

// wheelView is the data of the Wheel of Misfortune page: the spin form
// and, once spun, one incident told as a drill, revealed step by step.
type wheelView struct {
	page
	Category     string
	Technology   string
	Categories   []option
	Technologies []option
	Empty        bool // no incident matches the filters
	Drill        *drillView
}

// wheelFilters are the filters a spin keeps in its links.
type wheelFilters struct{ category, technology string }

func (f wheelFilters) values() url.Values {
	v := url.Values{}
	if f.category != "" {
		v.Set("category", f.category)
	}
	if f.technology != "" {
		v.Set("technology", f.technology)
	}
	return v
}

// wheelPage renders /wheel. Without an id it spins: it picks a random
// incident under the filters and redirects to its permalink
// (/wheel?id=ID), so a reload shows the same drill. With an id it shows
// the drill up to ?step=N, or everything with ?view=facilitator.
func (h *Handler) wheelPage(c *gin.Context) {
	l := h.loc(c)
	f := wheelFilters{strings.TrimSpace(c.Query("category")), strings.TrimSpace(c.Query("technology"))}
	v := wheelView{page: page{Title: l.T("Wheel of Misfortune"), Nav: "wheel"}, Category: f.category, Technology: f.technology}
	if err := h.wheelForm(c, l, &v); err != nil {
		h.fail(c, err)
		return
	}
	if _, ok := h.categories[f.category]; f.category != "" && !ok {
		h.errorPage(c, http.StatusBadRequest, "Unknown category", "There is no category %s.", strconv.Quote(f.category))
		return
	}
	c.Header("Cache-Control", "no-store")
	id := strings.TrimSpace(c.Query("id"))
	if id == "" {
		h.spin(c, &v, f)
		return
	}
	pm, ok := h.record(c, id)
	if !ok {
		return
	}
	d := h.newDrillView(l, pm, f)
	if err := d.setStep(c.Query("step"), c.Query("view")); err != nil {
		var in *inputError
		errors.As(err, &in)
		h.errorPage(c, http.StatusBadRequest, "Bad drill step", "%s", in.text(l))
		return
	}
	v.Drill = &d
	h.render(c, http.StatusOK, "wheel", &v)
}

// spin picks a random incident under the filters and redirects to its
// drill; with none, the page says so.
func (h *Handler) spin(c *gin.Context, v *wheelView, f wheelFilters) {
	var q index.Query
	if f.category != "" {
		q.Categories = []string{f.category}
	}
	if f.technology != "" {
		q.Technologies = []string{f.technology}
	}
	pm, err := h.idx.Random(c.Request.Context(), q)
	switch {
	case errors.Is(err, index.ErrNotFound):
		v.Empty = true
		h.render(c, http.StatusOK, "wheel", v)
		return
	case err != nil:
		h.fail(c, err)
		return
	}
	u := f.values()
	u.Set("id", pm.ID)
	if lang := c.Query("lang"); known(lang) {
		u.Set("lang", lang)
	}
	c.Redirect(http.StatusSeeOther, pathWithQuery("/wheel", u))
}

// wheelForm fills the spin form's choices: every category, and the
// technologies the index knows, by name.
func (h *Handler) wheelForm(c *gin.Context, l localizer, v *wheelView) error {
	v.Categories = append(v.Categories, option{Value: "", Label: l.T("Any category"), Selected: v.Category == ""})
	for _, s := range h.slugs {
		v.Categories = append(v.Categories, option{Value: s, Label: h.categoryName(l, s), Selected: s == v.Category})
	}
	st, err := h.idx.Stats(c.Request.Context())
	if err != nil {
		return err
	}
	names := make([]string, 0, len(st.Technologies))
	for _, t := range st.Technologies {
		names = append(names, t.Value)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	v.Technologies = append(v.Technologies, option{Value: "", Label: l.T("Any technology"), Selected: v.Technology == ""})
	for _, n := range names {
		v.Technologies = append(v.Technologies, option{Value: n, Label: n, Selected: strings.EqualFold(n, v.Technology)})
	}
	return nil
}
