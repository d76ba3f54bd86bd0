package ui

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

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
	RecordLang   string // the record's language, for lang= on its text
	URL          string
	ArchiveURL   string
	Local        bool   // URL is this server's rendering of a local file
	Incident     string // dates and times as people read them
	Published    string
	Start, End   string
	Duration     string
	incidentText // summary, root cause and sections, each piece shown once
	Categories   []categoryEvidence
	Technologies []labelLink
	Sources      []labelLink // each list heading that cites it, linked to its search
	Collection   *labelLink  // a team's own collection, linked to its search; nil for public records
	FetchStatus  string
	FetchError   string
	Similar      []hitView
	JSONURL      string
}

type sectionView struct {
	Heading    string // an English message; the template translates it
	ID         string // the section's id, for links
	Paragraphs []string
	Rows       []timelineRow // a timeline
	Items      []string      // a list: action items
}

// categoryEvidence is a category tag with the sentence that justified it
// and the part of the record that sentence comes from. A sentence the page
// already shows is not quoted again: the tag links to the section that
// shows it, which is where the sentence comes from.
type categoryEvidence struct {
	labelLink
	Evidence string // quoted: not shown elsewhere on the page
	From     string // an English message: "Summary", "Impact", ..., "the post's text"; "" when not found
	Shown    string // the id of the page section that shows the sentence; "" when it is quoted here
}

// incidentPage renders /incidents/:id.
func (h *Handler) incidentPage(c *gin.Context) {
	id := c.Param("id")
	pm, ok := h.record(c, id)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	l := h.loc(c)
	v := h.newIncidentView(l, pm)
	// Similar incidents are a bonus: the record still renders without them.
	if res, err := h.idx.Similar(ctx, id, similarOnRecord); err != nil {
		h.log.WarnContext(c.Request.Context(), "ui: similar incidents", "id", id, "err", err)
	} else {
		v.Similar = h.hitViews(l, res.Hits)
	}
	h.render(c, http.StatusOK, "incident", &v)
}

func (h *Handler) newIncidentView(l localizer, pm data.Postmortem) incidentView {
	v := incidentView{
		page:         page{Title: orUntitled(l, pm.Title)},
		ID:           pm.ID,
		Company:      pm.Company,
		Product:      pm.Product,
		RecordLang:   pm.Language,
		URL:          safeURL(pm.URL),
		ArchiveURL:   safeURL(pm.ArchiveURL),
		Local:        ownSourcePath.MatchString(pm.URL),
		Incident:     l.Date(pm.IncidentDate),
		Published:    l.Date(pm.Published),
		Start:        l.DateTime(pm.Start),
		End:          l.DateTime(pm.End),
		incidentText: newIncidentText(pm),
		Technologies: techLinks(pm.Technologies),
		Sources:      recordSources(pm.Sources),
		FetchStatus:  fetchStatusText(l, pm.Fetch.Status),
		FetchError:   data.RedactAddresses(pm.Fetch.Error), // records stored before the crawler redacted it
		JSONURL:      "/api/v1/incidents/" + pm.ID,
	}
	if c := pm.CollectionName(); c != data.PublicCollection {
		ll := h.collectionLink(l, c)
		v.Collection = &ll
	}
	if pm.DurationMinutes > 0 {
		v.Duration = l.Duration(pm.DurationMinutes)
	}
	for i, ll := range h.categoryLinks(l, pm.Categories) {
		ev := categoryEvidence{labelLink: ll, Evidence: strings.TrimSpace(pm.CategoryEvidence[pm.Categories[i]])}
		if shown := v.shownUnder(ev.Evidence); shown != nil {
			ev.Evidence, ev.From, ev.Shown = "", shown.heading, shown.id
		} else {
			ev.From = evidenceSource(pm, ev.Evidence)
		}
		v.Categories = append(v.Categories, ev)
	}
	return v
}

// fetchStatuses say what each fetch status of the contract means.
var fetchStatuses = map[string]string{
	data.FetchOK:       msg("fetched"),
	data.FetchArchived: msg("read from an archived copy"),
	data.FetchFailed:   msg("failed"),
	data.FetchSkipped:  msg("not fetched"),
	data.FetchBlocked:  msg("blocked (robots.txt or a private address)"),
}

// fetchStatusText is a record's fetch status in l's language; one the
// contract does not name shows as it is.
func fetchStatusText(l localizer, status string) string {
	if m, ok := fetchStatuses[status]; ok {
		return l.T(m)
	}
	return status
}

// evidenceSource names the part of the record a tag's sentence comes
// from, "" when it is in none (it was cut from a page since re-extracted).
func evidenceSource(pm data.Postmortem, sentence string) string {
	if sentence == "" {
		return ""
	}
	s := pm.Sections
	for _, part := range []struct{ name, text string }{
		{msg("Summary"), pm.Summary}, {msg("Summary"), s.Summary}, {msg("Root cause"), pm.RootCause},
		{msg("Root cause"), s.RootCause}, {msg("Impact"), s.Impact}, {msg("Detection"), s.Detection},
		{msg("Timeline"), s.Timeline}, {msg("Mitigation"), s.Mitigation}, {msg("Action items"), s.ActionItems},
		{msg("the post's text"), pm.Body},
	} {
		if containsText(part.text, sentence) {
			return part.name
		}
	}
	return ""
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
