package ui

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// page is what the layout needs from every view.
type page struct {
	Title string // the <title> before " · pmkb"
	Nav   string // which nav link is the current page
	Query string // the header search box's value
	// FeedURL and FeedTitle offer the Atom feed of the current search,
	// besides the feed of all incidents.
	FeedURL, FeedTitle string
}

// hitView is one result in a list, built from an index hit. Every string
// is plain text that the template escapes.
type hitView struct {
	ID           string
	Title        string
	Company      string
	URL          string
	Date         string // YYYY-MM-DD, for <time datetime>
	DateText     string // as people read it
	Categories   []labelLink
	Technologies []labelLink
	RootCause    string
	Snippet      []snippetPart
	Why          []string // reasons a similar incident was found
}

// labelLink is a value shown as a link (a category, a technology).
type labelLink struct {
	Label string
	Title string // tooltip, e.g. the category's description
	URL   string
}

// snippetPart is a run of snippet text, matched (shown in <mark>) or not.
type snippetPart struct {
	Text string
	Mark bool
}

// parseSnippet turns the index's snippet HTML (escaped text with <mark>
// around matched terms) back into plain-text parts. The template escapes
// each part again, so nothing from a crawled page ever reaches the page as
// markup, whatever the snippet holds.
func parseSnippet(s string) []snippetPart {
	var parts []snippetPart
	add := func(text string, mark bool) {
		if text = html.UnescapeString(text); text != "" {
			parts = append(parts, snippetPart{Text: text, Mark: mark})
		}
	}
	for mark := false; s != ""; mark = !mark {
		tag := "<mark>"
		if mark {
			tag = "</mark>"
		}
		text, rest, found := strings.Cut(s, tag)
		add(text, mark)
		if !found {
			break
		}
		s = rest
	}
	return parts
}

func (h *Handler) hitView(hit index.Hit) hitView {
	v := hitView{
		ID:        hit.ID,
		Title:     orUntitled(hit.Title),
		Company:   hit.Company,
		URL:       safeURL(hit.URL),
		Date:      hit.IncidentDate,
		DateText:  humanDate(hit.IncidentDate),
		RootCause: hit.RootCause,
		Snippet:   parseSnippet(hit.Snippet),
	}
	v.Categories = h.categoryLinks(hit.Categories)
	v.Technologies = techLinks(hit.Technologies)
	if w := hit.Why; w != nil {
		var cats []string
		for _, c := range w.Categories {
			cats = append(cats, h.categoryName(c))
		}
		for _, r := range []struct {
			label string
			vals  []string
		}{{"same categories", cats}, {"same technologies", w.Technologies}, {"shared terms", w.Terms}} {
			if len(r.vals) > 0 {
				v.Why = append(v.Why, r.label+": "+strings.Join(r.vals, ", "))
			}
		}
	}
	return v
}

func (h *Handler) hitViews(hits []index.Hit) []hitView {
	out := make([]hitView, 0, len(hits))
	for _, hit := range hits {
		out = append(out, h.hitView(hit))
	}
	return out
}

func (h *Handler) categoryName(slug string) string {
	if c, ok := h.categories[slug]; ok && c.Name != "" {
		return c.Name
	}
	return slug
}

func (h *Handler) categoryLinks(slugs []string) []labelLink {
	out := make([]labelLink, 0, len(slugs))
	for _, s := range slugs {
		out = append(out, labelLink{
			Label: h.categoryName(s),
			Title: h.categories[s].Description,
			URL:   pathWithQuery("/", url.Values{index.FacetCategory: {s}}),
		})
	}
	return out
}

func techLinks(techs []string) []labelLink {
	out := make([]labelLink, 0, len(techs))
	for _, t := range techs {
		out = append(out, labelLink{Label: t, URL: pathWithQuery("/", url.Values{index.FacetTechnology: {t}})})
	}
	return out
}

func orUntitled(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(untitled post-mortem)"
	}
	return s
}

// safeURL keeps only http(s) links: a crawled "javascript:" URL must not
// become a clickable link, even though html/template would also neutralise it.
func safeURL(s string) string {
	if ownSourcePath.MatchString(s) { // a local file's rendering on this server
		return s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// ownSourcePath is the URL of a local record without a link base: its
// file's page on this server.
var ownSourcePath = regexp.MustCompile(`^/incidents/[0-9a-zA-Z_-]{1,64}/source$`)

// humanDate renders YYYY-MM-DD as "2 Jan 2006", leaving anything else as is.
func humanDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan 2006")
}

// recordSources lists where a record was found, "list — section".
func recordSources(src []data.Source) []string {
	out := make([]string, 0, len(src))
	for _, s := range src {
		if s.Section != "" {
			out = append(out, s.List+" — "+s.Section)
		} else {
			out = append(out, s.List)
		}
	}
	return out
}
