package extract

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"

	"github.com/pmkb/pmkb/crawler/extract/dates"
)

// titleSeparators split a page title from its site's name.
var titleSeparators = []string{" | ", " — ", " – ", " · ", " :: ", " » ", " - "}

// cleanTitle removes a site suffix or prefix ("Post title | Example Blog")
// from a title taken from <title> or og:title. A part is dropped when it
// names the site, the company or the host, or, for the unambiguous
// separators, when it is the short last part.
func cleanTitle(title string, raw bool, site, company, host string) string {
	title = prose.CollapseSpace(strings.Trim(title, "#*_ "))
	if !raw {
		return title
	}
	names := []string{prose.NormName(site), prose.NormName(company), prose.NormName(hostLabel(host)), prose.NormName(host)}
	for _, sep := range titleSeparators {
		parts := strings.Split(title, sep)
		if len(parts) < 2 {
			continue
		}
		last, first := parts[len(parts)-1], parts[0]
		switch {
		case isSiteName(last, names):
			return strings.Join(parts[:len(parts)-1], sep)
		case isSiteName(first, names):
			return strings.Join(parts[1:], sep)
		case sep != " - " && len(strings.Fields(last)) <= 3 && len(last) < len(title)/2:
			return strings.Join(parts[:len(parts)-1], sep)
		}
	}
	return title
}

func isSiteName(part string, names []string) bool {
	p := prose.NormName(part)
	if p == "" {
		return false
	}
	for _, n := range names {
		if n != "" && (p == n || strings.HasPrefix(p, n) && len(p)-len(n) <= 12 || strings.HasPrefix(n, p) && len(p) >= 4) {
			return true
		}
	}
	return false
}

// hostLabel returns the registrable label of a host: "blog.example.co.uk" ->
// "example".
func hostLabel(host string) string {
	labels := strings.Split(strings.TrimPrefix(strings.ToLower(host), "www."), ".")
	if len(labels) < 2 {
		return host
	}
	i := len(labels) - 2
	if i > 0 && len(labels[i]) <= 3 && (labels[i] == "co" || labels[i] == "com" || labels[i] == "org" || labels[i] == "ac" || labels[i] == "gov") {
		i--
	}
	return labels[i]
}

func net0(label string) bool {
	return label == "" || strings.Trim(label, "0123456789") == ""
}

// productRE finds what failed in a title: "docs.rs outage postmortem" ->
// "docs.rs", "Feature Flags Service Outage" -> "Feature Flags Service".
var productRE = regexp.MustCompile(`(?i)^(?:[^:]*:\s*)?(.{2,40}?)\s+(?:service\s+)?(?:outage|incident|downtime|disruption|degradation|post-?mortem|panne|incident report)\b`)

var genericProduct = regexp.MustCompile(`(?i)^((the|a|an|our|major|partial|global|network|security|site|website|service|services|database|recent|total|complete|unplanned|planned|brief|extended|dns|cloud|provider)\b\W*)+$`)

// productOf guesses the product from the title: the words before "outage",
// when they are not the company, a date or a generic word.
func productOf(title, company string) string {
	m := productRE.FindStringSubmatch(title)
	if m == nil {
		return ""
	}
	p := strings.TrimSpace(m[1])
	if c := strings.TrimSpace(company); c != "" && strings.HasPrefix(strings.ToLower(p), strings.ToLower(c)+" ") {
		p = strings.TrimSpace(p[len(c):])
	}
	if len(dates.Find(p, 0, 2000)) > 0 || strings.ContainsAny(p, "0123456789") && !strings.Contains(p, ".") {
		return ""
	}
	if genericProduct.MatchString(p) || len(strings.Fields(p)) > 4 || prose.NormName(p) == prose.NormName(company) {
		return ""
	}
	return p
}
