package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data"
)

// similarOnRecord is how many similar incidents a record page lists.
const similarOnRecord = 5

// incidentView is the data of one record's page.
type incidentView struct {
	page
	ID           string
	Company      string
	Product      string
	URL          string
	ArchiveURL   string
	Incident     string // human date
	Published    string
	Duration     string
	incidentText // summary, root cause and sections, each piece shown once
	Categories   []categoryEvidence
	Technologies []labelLink
	Sources      []string
	FetchStatus  string
	FetchError   string
	Similar      []hitView
	JSONURL      string
}

type sectionView struct {
	Heading    string
	Paragraphs []string
}

// categoryEvidence is a category tag with the sentence that justified it,
// or, when that sentence is already on the page, where it is.
type categoryEvidence struct {
	labelLink
	Evidence   string
	EvidenceIn string // "root cause", "summary", ...: the quote is shown there
}

// incidentPage renders /incidents/:id.
func (h *Handler) incidentPage(c *gin.Context) {
	id, ok := httpx.PathID(c)
	if !ok {
		h.errorPage(c, http.StatusNotFound, "Not found", "No incident has this id.")
		return
	}
	ctx := c.Request.Context()
	pm, err := h.idx.Get(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	v := h.newIncidentView(pm)
	// Similar incidents are a bonus: the record still renders without them.
	if res, err := h.idx.Similar(ctx, id, similarOnRecord); err != nil {
		h.log.WarnContext(c.Request.Context(), "ui: similar incidents", "id", id, "err", err)
	} else {
		v.Similar = h.hitViews(res.Hits)
	}
	h.render(c, http.StatusOK, "incident", v)
}

func (h *Handler) newIncidentView(pm data.Postmortem) incidentView {
	v := incidentView{
		page:         page{Title: orUntitled(pm.Title)},
		ID:           pm.ID,
		Company:      pm.Company,
		Product:      pm.Product,
		URL:          safeURL(pm.URL),
		ArchiveURL:   safeURL(pm.ArchiveURL),
		Incident:     humanDate(pm.IncidentDate),
		Published:    humanDate(pm.Published),
		incidentText: newIncidentText(pm),
		Technologies: techLinks(pm.Technologies),
		Sources:      recordSources(pm.Sources),
		FetchStatus:  pm.Fetch.Status,
		FetchError:   data.RedactAddresses(pm.Fetch.Error), // records stored before the crawler redacted it
		JSONURL:      "/api/v1/incidents/" + pm.ID,
	}
	if pm.DurationMinutes > 0 {
		v.Duration = humanDuration(pm.DurationMinutes)
	}
	for i, l := range h.categoryLinks(pm.Categories) {
		ev := categoryEvidence{labelLink: l, Evidence: strings.TrimSpace(pm.CategoryEvidence[pm.Categories[i]])}
		if ev.Evidence != "" {
			if ev.EvidenceIn = v.shownUnder(ev.Evidence); ev.EvidenceIn != "" {
				ev.Evidence = ""
			}
		}
		v.Categories = append(v.Categories, ev)
	}
	return v
}

// paragraphs splits text on blank lines, dropping empty ones.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// humanDuration renders minutes as "45 min", "3 h 20 min" or "2 days 4 h".
func humanDuration(m int) string {
	d, h, mins := m/(24*60), (m/60)%24, m%60
	var parts []string
	if d > 0 {
		unit := " days"
		if d == 1 {
			unit = " day"
		}
		parts = append(parts, strconv.Itoa(d)+unit)
	}
	if h > 0 {
		parts = append(parts, strconv.Itoa(h)+" h")
	}
	if mins > 0 && d == 0 {
		parts = append(parts, strconv.Itoa(mins)+" min")
	}
	return strings.Join(parts, " ")
}
