// Package statuspage reads the incidents of an Atlassian Statuspage status page (its public /api/v2/incidents.json) into post-mortem text: what happened, its impact, the components it touched, its updates as a timeline and its post-mortem when one was published.
package statuspage

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// APIPath is where a Statuspage page serves its incidents.
const APIPath = "/api/v2/incidents.json"

// Document is the answer of incidents.json.
type Document struct {
	Page      Page       `json:"page"`
	Incidents []Incident `json:"incidents"`
}

// Page is the status page itself.
type Page struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Incident is one incident of a status page. The times are RFC 3339; the
// post-mortem, when published, is postmortem_body (the manage API and
// some pages) or the body of an update whose status is "postmortem".
type Incident struct {
	ID             string      `json:"id"`
	Name           string      `json:"name"`
	Status         string      `json:"status"` // investigating, identified, monitoring, resolved, postmortem
	Impact         string      `json:"impact"` // none, minor, major, critical
	Shortlink      string      `json:"shortlink"`
	CreatedAt      *time.Time  `json:"created_at"`
	StartedAt      *time.Time  `json:"started_at"`
	ResolvedAt     *time.Time  `json:"resolved_at"`
	Updates        []Update    `json:"incident_updates"`
	Components     []Component `json:"components"`
	PostmortemBody string      `json:"postmortem_body"`
}

// Update is one message posted while the incident ran.
type Update struct {
	Status    string      `json:"status"`
	Body      string      `json:"body"`
	CreatedAt *time.Time  `json:"created_at"`
	DisplayAt *time.Time  `json:"display_at"`
	Affected  []Component `json:"affected_components"`
}

// Component is a part of the service an incident touched.
type Component struct {
	Name string `json:"name"`
}

// Parse reads an incidents.json answer.
func Parse(b []byte) (Document, error) {
	var d Document
	if err := json.Unmarshal(b, &d); err != nil {
		return Document{}, fmt.Errorf("statuspage: %w", err)
	}
	return d, nil
}

// APIURL returns the incidents.json URL of a status page, given the page
// ("https://status.example.com") or the API URL itself.
func APIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("statuspage: %q is not an http(s) URL", raw)
	}
	if !strings.HasSuffix(u.Path, ".json") {
		u.Path = strings.TrimRight(u.Path, "/") + APIPath
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// PageURL is where people read incident inc: the page's incident URL,
// under the page's own URL or, when the answer names none, the API's host.
func (d Document) PageURL(api *url.URL, inc Incident) string {
	base := strings.TrimRight(d.Page.URL, "/")
	if base == "" {
		base = api.Scheme + "://" + api.Host
	}
	return base + "/incidents/" + url.PathEscape(inc.ID)
}

// Start is when the incident began: started_at, else created_at.
func (inc Incident) Start() *time.Time {
	if inc.StartedAt != nil {
		return inc.StartedAt
	}
	return inc.CreatedAt
}

// Postmortem is the incident's post-mortem text, "" when none was published.
func (inc Incident) Postmortem() string {
	if s := strings.TrimSpace(inc.PostmortemBody); s != "" {
		return s
	}
	var parts []string
	for _, u := range inc.Updates {
		if u.Status == "postmortem" && strings.TrimSpace(u.Body) != "" {
			parts = append(parts, strings.TrimSpace(u.Body))
		}
	}
	return strings.Join(parts, "\n\n")
}

// ComponentNames are the components the incident touched, once each.
func (inc Incident) ComponentNames() []string {
	var out []string
	add := func(cs []Component) {
		for _, c := range cs {
			if n := strings.TrimSpace(c.Name); n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	add(inc.Components)
	for _, u := range inc.Updates {
		add(u.Affected)
	}
	return out
}

// Timeline is the incident's updates, oldest first, as "| Time | Event |"
// table rows; the post-mortem updates are left to Postmortem.
func (inc Incident) Timeline() []string {
	ups := slices.Clone(inc.Updates)
	slices.SortStableFunc(ups, func(a, b Update) int { return a.at().Compare(b.at()) })
	var rows []string
	for _, u := range ups {
		if u.Status == "postmortem" {
			continue
		}
		body := strings.Join(strings.Fields(u.Body), " ")
		rows = append(rows, fmt.Sprintf("| %s | %s: %s |", u.at().UTC().Format("2006-01-02 15:04 UTC"), u.Status,
			strings.ReplaceAll(body, "|", `\|`)))
	}
	return rows
}

func (u Update) at() time.Time {
	switch {
	case u.DisplayAt != nil:
		return *u.DisplayAt
	case u.CreatedAt != nil:
		return *u.CreatedAt
	}
	return time.Time{}
}

// Markdown is the incident told as a post-mortem in Markdown, the way the
// extractor reads a page: title, summary of its impact, the post-mortem
// when published, then the timeline.
func (inc Incident) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", strings.TrimSpace(inc.Name))
	b.WriteString("## Impact\n\n")
	fmt.Fprintf(&b, "Impact: %s.", orNone(inc.Impact))
	if cs := inc.ComponentNames(); len(cs) > 0 {
		fmt.Fprintf(&b, " Affected components: %s.", strings.Join(cs, ", "))
	}
	b.WriteString("\n\n")
	if pm := inc.Postmortem(); pm != "" {
		fmt.Fprintf(&b, "## Postmortem\n\n%s\n\n", pm)
	}
	if rows := inc.Timeline(); len(rows) > 0 {
		b.WriteString("## Timeline\n\n| Time | Event |\n|------|-------|\n")
		b.WriteString(strings.Join(rows, "\n"))
		b.WriteString("\n")
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
