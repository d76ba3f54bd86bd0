package data

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// waybackStamp matches the second segment of a Wayback Machine capture
// path, /web/TIMESTAMP[flags]/ORIGIN, unescaped.
var waybackStamp = regexp.MustCompile(`^\d{1,14}(?:[a-z]{2}_)?$`)

// trackingParams are query parameters that never change what a page says.
var trackingParams = []string{
	"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "ref_src",
	"igshid", "yclid", "_hsenc", "_hsmi", "mkt_tok",
}

// CanonicalURL returns the canonical form of raw, the form a record's id is
// derived from, plus the Wayback Machine URL when raw was one (archive is ""
// otherwise). Canonical form: lower-case scheme and host, no default port,
// no fragment, no tracking parameters, sorted query, no trailing slash on a
// non-root path.
func CanonicalURL(raw string) (canonical, archive string, err error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("data: parse url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", "", fmt.Errorf("data: url %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" { // "http://:8080/" has a port but no host
		return "", "", fmt.Errorf("data: url %q: no host", raw)
	}
	if origin, ok := waybackOrigin(u); ok {
		c, _, err := CanonicalURL(origin)
		if err != nil {
			return "", "", fmt.Errorf("data: wayback url %q: %w", raw, err)
		}
		return c, raw, nil
	}
	return canonicalize(u), "", nil
}

// waybackOrigin returns the URL a Wayback Machine capture URL captured,
// as the capture URL spells it, and whether u is one.
func waybackOrigin(u *url.URL) (string, bool) {
	host := strings.ToLower(u.Hostname())
	if host != "web.archive.org" && host != "wayback.archive.org" {
		return "", false
	}
	// The segments are read unescaped ("/web/%30/x" is "/web/0/x", as a
	// canonical form prints it); the origin stays as the URL spells it.
	segs := strings.SplitN(strings.TrimPrefix(u.EscapedPath(), "/"), "/", 3)
	if len(segs) < 3 || segs[2] == "" {
		return "", false
	}
	web, err1 := url.PathUnescape(segs[0])
	stamp, err2 := url.PathUnescape(segs[1])
	if err1 != nil || err2 != nil || web != "web" || !waybackStamp.MatchString(stamp) {
		return "", false
	}
	origin := segs[2]
	if u.RawQuery != "" {
		origin += "?" + u.RawQuery
	}
	if !strings.Contains(origin, "://") {
		// The Wayback Machine collapses "//" in paths: "http:/x".
		origin = strings.Replace(origin, ":/", "://", 1)
	}
	if !strings.HasPrefix(origin, "http") {
		origin = "http://" + origin
	}
	return origin, true
}

// Link is a URL as a list (or a person) wrote it, with the forms pmkb
// keeps of it. The canonical URL is an identity, not an address: servers
// that tell /post/ from /post are many, so pages are fetched, stored and
// linked as written, and only ids and dedupe use the canonical form.
type Link struct {
	URL       string // as written, fit to request: no fragment, spaces escaped; a Wayback link's origin
	Canonical string // CanonicalURL: the record's id and dedupe key
	Archive   string // the Wayback Machine URL when the link was one
}

// ParseLink reads raw as a list wrote it. Only what never changes the
// answer changes: surrounding space goes, inner spaces are escaped (hand
// written lists hold them), the fragment goes, scheme and host are
// lower-cased. Path, trailing slash and query stay as written.
func ParseLink(raw string) (Link, error) {
	raw = strings.ReplaceAll(strings.TrimSpace(raw), " ", "%20")
	canon, archive, err := CanonicalURL(raw)
	if err != nil {
		return Link{}, err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Link{}, fmt.Errorf("data: parse url %q: %w", raw, err)
	}
	if archive != "" {
		origin, _ := waybackOrigin(u)
		if u, err = url.Parse(origin); err != nil {
			return Link{}, fmt.Errorf("data: wayback url %q: %w", raw, err)
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" && u.RawQuery == "" {
		u.Path = "/"
	}
	return Link{URL: u.String(), Canonical: canon, Archive: archive}, nil
}

func canonicalize(u *url.URL) string {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	host := strings.ToLower(c.Hostname())
	port := c.Port()
	if (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	if strings.Contains(c.Hostname(), ":") { // IPv6 literal
		host = "[" + strings.ToLower(c.Hostname()) + "]"
		if port != "" {
			host += ":" + port
		}
	}
	c.Host = host
	c.Fragment, c.RawFragment = "", ""
	c.User = nil
	if len(c.Path) > 1 {
		c.Path = strings.TrimRight(c.Path, "/")
		if c.Path == "" {
			c.Path = "/"
		}
		c.RawPath = ""
	}
	if c.Path == "" {
		c.Path = "/"
	}
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || slices.Contains(trackingParams, lk) {
				q.Del(k)
			}
		}
		c.RawQuery = q.Encode() // Encode sorts by key
	}
	c.ForceQuery = false
	return c.String()
}
