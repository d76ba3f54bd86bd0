package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// wheelView is the data of the Wheel of Misfortune page: a random incident
// told as a drill prompt, with the answer behind a reveal.
type wheelView struct {
	page
	Category   string
	Categories []option
	Empty      bool // no incident in the chosen category
	Prompt     *drillPrompt
}

// drillPrompt is what the game master reads out, then what happened.
type drillPrompt struct {
	When      string
	Company   string
	Product   string
	Situation string // what the responders see: impact or summary
	Questions []string
	// The reveal.
	ID         string
	Title      string
	RootCause  string
	Categories []labelLink
	Mitigation string
	URL        string
}

// drillQuestions are the prompts for the on-call player; ours, generic on
// purpose so they fit any incident.
var drillQuestions = []string{
	"You have just been paged. What do you look at first, and why?",
	"Who else do you bring in, and what do you tell your users right now?",
	"Which recent change would you suspect, and how would you confirm it?",
	"What is the fastest safe way to stop the bleeding?",
	"What would have caught this before users did?",
}

// wheelPage renders /wheel: one random incident, optionally from a
// category, as a drill prompt.
func (h *Handler) wheelPage(c *gin.Context) {
	cat := strings.TrimSpace(c.Query("category"))
	v := wheelView{page: page{Title: "Wheel of Misfortune", Nav: "wheel"}, Category: cat}
	v.Categories = append(v.Categories, option{Value: "", Label: "Any category", Selected: cat == ""})
	for _, s := range h.slugs {
		v.Categories = append(v.Categories, option{Value: s, Label: h.categoryName(s), Selected: s == cat})
	}
	if _, ok := h.categories[cat]; cat != "" && !ok {
		h.errorPage(c, http.StatusBadRequest, "Unknown category", "There is no category "+strconv.Quote(cat)+".")
		return
	}
	var q index.Query
	if cat != "" {
		q.Categories = []string{cat}
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
	c.Header("Cache-Control", "no-store")
	v.Prompt = h.drillPrompt(pm)
	h.render(c, http.StatusOK, "wheel", v)
}

func (h *Handler) drillPrompt(pm data.Postmortem) *drillPrompt {
	p := &drillPrompt{
		When:       humanDate(pm.IncidentDate),
		Company:    pm.Company,
		Product:    pm.Product,
		Questions:  drillQuestions,
		ID:         pm.ID,
		Title:      orUntitled(pm.Title),
		RootCause:  firstNonEmpty(pm.RootCause, pm.Sections.RootCause),
		Categories: h.categoryLinks(pm.Categories),
		Mitigation: pm.Sections.Mitigation,
		URL:        safeURL(pm.URL),
	}
	if p.When == "" {
		p.When = humanDate(pm.Published)
	}
	// Impact tells what responders saw without giving the cause away; the
	// summary is the fallback.
	p.Situation = firstNonEmpty(pm.Sections.Impact, pm.Summary, pm.Sections.Summary)
	return p
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
