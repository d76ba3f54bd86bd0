package data

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed domains.yaml
var domainsYAML []byte

// Domains maps where a post-mortem is published to the company that wrote it.
// A key is a host ("blog.cloudflare.com", "cloudflare.com") or, for hosts
// shared by many publishers, a host plus its first path segment
// ("github.com/dfds", "medium.com/criteo-engineering"). Keys are lower-case
// and carry no "www.".
type Domains struct {
	Companies map[string]string `yaml:"domains"`
}

// DefaultDomains returns the embedded domain table.
func DefaultDomains() (Domains, error) {
	return ParseDomains(domainsYAML)
}

// ParseDomains reads a domain table from YAML and normalises its keys.
func ParseDomains(b []byte) (Domains, error) {
	var raw Domains
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return Domains{}, fmt.Errorf("data: parse domains: %w", err)
	}
	d := Domains{Companies: make(map[string]string, len(raw.Companies))}
	for k, v := range raw.Companies {
		key := strings.TrimPrefix(strings.ToLower(strings.Trim(k, "/ ")), "www.")
		if key == "" || strings.TrimSpace(v) == "" {
			return Domains{}, fmt.Errorf("data: domains: empty key or company in %q: %q", k, v)
		}
		if _, dup := d.Companies[key]; dup {
			return Domains{}, fmt.Errorf("data: domains: duplicate key %q", key)
		}
		d.Companies[key] = strings.TrimSpace(v)
	}
	return d, nil
}

// Lookup returns the company that publishes at rawURL, or "" when the table
// does not know it. A Wayback Machine URL is looked up by its origin. The most
// specific key wins: host plus first path segment, then the host, then each
// parent domain ("status.example.com" falls back to "example.com").
func (d Domains) Lookup(rawURL string) string {
	if len(d.Companies) == 0 {
		return ""
	}
	if canon, _, err := CanonicalURL(rawURL); err == nil {
		rawURL = canon
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if seg, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/"); seg != "" {
		if c, ok := d.Companies[host+"/"+strings.ToLower(seg)]; ok {
			return c
		}
	}
	for h := host; strings.Contains(h, "."); {
		if c, ok := d.Companies[h]; ok {
			return c
		}
		_, h, _ = strings.Cut(h, ".")
	}
	return ""
}
