package ui

import (
	"html"
	"net/url"
	"regexp"
	"strings"

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
	// Bare leaves out the navigation, the header's search and the
	// footer's links: the login form of a private server, where every
	// other page needs the token.
	Bare bool
	// SignOut offers to sign out: reads need the token, and this page
	// was read with it.
	SignOut bool
	Lang    string     // the interface's language, set by render
	Langs   []langLink // the language switch, set by render
	// switchFrom is the page the language switch links to in each
	// language; nil for the request's URL.
	switchFrom *url.URL
}

func (p *page) base() *page { return p }

// hitView is one result in a list, built from an index hit. Every string
// is plain text that the template escapes.
type hitView struct {
	ID         string
	Title      string
	Company    string
	URL        string
	ArchiveURL string
	Local      bool   // URL is this server's rendering of a local file
	Lang       string // the record's language, for lang= on its text
	// Collection names the record's collection, linked to its search; the
	// card shows it when it is not "public", or when the results span
	// several collections (showCollections).
	Collection     labelLink
	ShowCollection bool
	Date           string // YYYY-MM-DD, for <time datetime>
	DateText       string // as people read it
	Categories     []labelLink
	Technologies   []labelLink
	RootCause      string
	Snippet        []snippetPart
	Why            []string // reasons a similar incident was found
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

func (h *Handler) hitView(l localizer, hit index.Hit) hitView {
	v := hitView{
		ID:         hit.ID,
		Title:      orUntitled(l, hit.Title),
		Company:    hit.Company,
		URL:        safeURL(hit.URL),
		ArchiveURL: safeURL(hit.ArchiveURL),
		Local:      ownSourcePath.MatchString(hit.URL),
		Lang:       hit.Language,
		Collection: h.collectionLink(l, hit.Collection),
		Date:       hit.IncidentDate,
		DateText:   l.Date(hit.IncidentDate),
		RootCause:  hit.RootCause,
	}
	// The snippet sits beside the cause; when it only repeats it, it goes.
	if sn := parseSnippet(hit.Snippet); !containsText(hit.RootCause, snippetText(sn)) {
		v.Snippet = sn
	}
	v.Categories = h.categoryLinks(l, hit.Categories)
	v.Technologies = techLinks(hit.Technologies)
	if w := hit.Why; w != nil {
		var cats []string
		for _, c := range w.Categories {
			cats = append(cats, h.categoryName(l, c))
		}
		for _, r := range []struct {
			label string
			vals  []string
		}{{msg("same categories: %s"), cats}, {msg("same technologies: %s"), w.Technologies}, {msg("shared terms: %s"), w.Terms}} {
			if len(r.vals) > 0 {
				v.Why = append(v.Why, l.T(r.label, strings.Join(r.vals, ", ")))
			}
		}
	}
	return v
}

// collectionLink is a record's collection ("" is public) with the link to
// its search.
func (h *Handler) collectionLink(l localizer, name string) labelLink {
	if name == "" {
		name = data.PublicCollection
	}
	return labelLink{Label: h.facetValueLabel(l, facetCollection, name),
		URL: pathWithQuery("/", url.Values{facetCollection: {name}})}
}

// showCollections marks the cards that name their collection: every card
// when the hits span several collections, else those of a team's own
// collection; a knowledge base of public records alone never says so.
func showCollections(hits []hitView, several bool) {
	for i := range hits {
		hits[i].ShowCollection = several || hits[i].Collection.URL != publicCollectionURL
	}
}

var publicCollectionURL = pathWithQuery("/", url.Values{facetCollection: {data.PublicCollection}})

func snippetText(parts []snippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

func (h *Handler) hitViews(l localizer, hits []index.Hit) []hitView {
	out := make([]hitView, 0, len(hits))
	for _, hit := range hits {
		out = append(out, h.hitView(l, hit))
	}
	showCollections(out, false)
	return out
}

// categoryName is a category's name in l's language.
func (h *Handler) categoryName(l localizer, slug string) string {
	if c, ok := h.categories[slug]; ok && c.Name != "" {
		return l.T(c.Name)
	}
	return slug
}

func (h *Handler) categoryLinks(l localizer, slugs []string) []labelLink {
	out := make([]labelLink, 0, len(slugs))
	for _, s := range slugs {
		ll := labelLink{
			Label: h.categoryName(l, s),
			URL:   pathWithQuery("/", url.Values{index.FacetCategory: {s}}),
		}
		if l.lang == langEN {
			ll.Title = h.categories[s].Description // the taxonomy's descriptions are English
		}
		out = append(out, ll)
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

func orUntitled(l localizer, s string) string {
	if strings.TrimSpace(s) == "" {
		return l.T("(untitled post-mortem)")
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

// recordSources lists where a record was found, "list — section", each
// linked to the search of that list's heading.
func recordSources(src []data.Source) []labelLink {
	out := make([]labelLink, 0, len(src))
	for _, s := range src {
		label := s.List
		if s.Section != "" {
			label += " — " + s.Section
		}
		out = append(out, labelLink{Label: label, URL: pathWithQuery("/", url.Values{index.FacetSource: {index.SourceValue(s)}})})
	}
	return out
}
