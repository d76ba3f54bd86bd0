package dedupe

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/pmkb/pmkb/data"
)

// Keys are the ways a record can meet its duplicate: the same
// company and day, the same company and title, the same URL slug. They are
// indexed as the record's dup_key terms, so finding the records that share
// one is a term lookup.
//
// A record outside the public collection has its keys prefixed with its
// collection, so that it only ever meets records of its own collection:
// a team's write-up of an outage and the vendor's public post about it
// stay two records. Public records' keys have no prefix.
func Keys(co data.Companies, pm data.Postmortem) []string {
	var keys []string
	if s := slugKey(pm.URL); s != "" {
		keys = append(keys, "slug|"+s)
	}
	company := data.CompanyKey(co.Canonical(pm.Company))
	if company != "" {
		if t, ok := ParseDay(pm.IncidentDate); ok {
			keys = append(keys, company+"|"+t.Format(time.DateOnly))
		}
		if t := titleKey(pm.Title); t != "" {
			keys = append(keys, company+"|"+t)
		}
	}
	if c := pm.CollectionName(); c != data.PublicCollection {
		for i, k := range keys {
			keys[i] = "collection:" + c + "|" + k
		}
	}
	return keys
}

// betterPrimary reports whether a should stand for its incident rather
// than b: a page that was read beats a list entry, then the record with
// more text (a detailed post over a short statement), then the smaller id.
func betterPrimary(a, b data.Postmortem) bool {
	ra, rb := readPage(a), readPage(b)
	if ra != rb {
		return ra
	}
	if la, lb := contentLen(a), contentLen(b); la != lb {
		return la > lb
	}
	return a.ID < b.ID
}

// contentLen is how much a record says: its body, summary, root cause and
// sections.
func contentLen(pm data.Postmortem) int {
	s := pm.Sections
	n := len(pm.Body) + len(pm.Summary) + len(pm.RootCause)
	for _, t := range []string{s.Summary, s.Timeline, s.RootCause, s.Impact, s.Mitigation, s.ActionItems} {
		n += len(t)
	}
	return n
}

func readPage(pm data.Postmortem) bool {
	return pm.Fetch.Status == data.FetchOK || pm.Fetch.Status == data.FetchArchived
}

// Same reports whether two records describe the same incident.
// Records whose dates (incident days, else publication days, else dates in
// their URLs) are more than maxDupDays apart never are: a company reuses a
// title like "Security Incident Disclosure" for different incidents. Else
// two URLs on one host with the same long last path segment are one post
// (a blog that moved its posts under /blog/). Else, for the same company
// (compared through the company table): the same normalised title; or the
// same incident day and something in common besides the company (a title
// word, a category), or a title missing as on list-only records. Two posts
// about one outage often have quite different titles; two different
// incidents of one company on one day rarely share anything.
//
// Records of two collections are never the same incident: dedupe never
// folds a team's own post-mortem into a public one, or the reverse.
func Same(co data.Companies, a, b data.Postmortem) bool {
	if a.CollectionName() != b.CollectionName() || datesApart(a, b) {
		return false
	}
	if sa := slugKey(a.URL); sa != "" && sa == slugKey(b.URL) {
		return true
	}
	ca := data.CompanyKey(co.Canonical(a.Company))
	if ca == "" || ca != data.CompanyKey(co.Canonical(b.Company)) {
		return false
	}
	ka, kb := titleKey(a.Title), titleKey(b.Title)
	if ka != "" && ka == kb {
		return true
	}
	if len(a.IncidentDate) < 10 || len(b.IncidentDate) < 10 || a.IncidentDate[:10] != b.IncidentDate[:10] {
		return false
	}
	if ka == "" || kb == "" {
		return true
	}
	company := map[string]bool{}
	for _, w := range strings.Fields(titleKey(a.Company)) {
		company[w] = true
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(ka) {
		words[w] = !company[w]
	}
	for _, w := range strings.Fields(kb) {
		if words[w] {
			return true
		}
	}
	for _, c := range a.Categories {
		if slices.Contains(b.Categories, c) {
			return true
		}
	}
	return false
}

// maxDupDays is how far apart two records' dates may be and still be one
// incident (a post often follows the outage by a few days).
const maxDupDays = 7

// datesApart reports whether a and b are dated more than maxDupDays apart,
// comparing the first kind of date both have: incident day, publication
// day, a /YYYY/MM/DD/ date in the URL.
func datesApart(a, b data.Postmortem) bool {
	pairs := [][2]string{{a.IncidentDate, b.IncidentDate}, {a.Published, b.Published}, {urlDate(a.URL), urlDate(b.URL)}}
	for _, p := range pairs {
		ta, oka := ParseDay(p[0])
		tb, okb := ParseDay(p[1])
		if oka && okb {
			d := ta.Sub(tb)
			return d > maxDupDays*24*time.Hour || d < -maxDupDays*24*time.Hour
		}
	}
	return false
}

// urlDatePath finds a /YYYY/MM/DD/ date in a URL path.
var urlDatePath = regexp.MustCompile(`/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)`)

// urlDate returns the YYYY-MM-DD date in a URL's path, or "".
func urlDate(raw string) string {
	m := urlDatePath.FindStringSubmatch(raw)
	if m == nil {
		return ""
	}
	return m[1] + "-" + m[2] + "-" + m[3]
}

// minSlugLen is the length a URL's last path segment needs to identify a
// post on its host ("outage" or "index.html" do not).
const minSlugLen = 20

// slugKey returns "host|slug" for a URL whose last path segment is long
// and has a word separator, or "". The host loses a leading "www.".
func slugKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	slug := strings.ToLower(p[strings.LastIndexByte(p, '/')+1:])
	slug = strings.TrimSuffix(strings.TrimSuffix(slug, ".html"), ".htm")
	if len(slug) < minSlugLen || !strings.ContainsAny(slug, "-_") {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") + "|" + slug
}

// titleStopWords carry no meaning in an incident title.
var titleStopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("a an the of on in for and to at from with our we " +
		"postmortem post mortem incident report review summary analysis rca outage update") {
		m[w] = true
	}
	return m
}()

// titleKey normalises a title for comparison: lower-case words without
// punctuation or filler words, in their original order.
func titleKey(title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if !titleStopWords[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// ParseDay parses a YYYY-MM-DD date (or a longer RFC 3339 time): the day
// of a record's incident or publication date.
func ParseDay(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	return t, err == nil
}
