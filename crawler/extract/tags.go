package extract

import (
	"strings"

	"github.com/pmkb/pmkb/data"
)

// tagAliases are the words teams tag post-mortems with, for the taxonomy's
// slugs; a tag that names a slug or a category's name maps to it too.
var tagAliases = map[string]string{
	"networking": "network", "bgp": "network", "routing": "network", "load balancer": "network",
	"bug": "software-bug", "bugs": "software-bug", "software bug": "software-bug", "regression": "software-bug", "defect": "software-bug",
	"timezone": "time", "timezones": "time", "time zone": "time", "time zones": "time", "dst": "time", "daylight saving": "time",
	"daylight saving time": "time", "ntp": "time", "leap second": "time", "clock": "time", "clocks": "time", "dates": "time",
	"db": "database", "databases": "database", "postgres": "database", "postgresql": "database", "mysql": "database", "mongodb": "database", "sql": "database",
	"certificates": "certificate", "cert": "certificate", "certs": "certificate", "tls": "certificate", "ssl": "certificate", "x509": "certificate", "pki": "certificate",
	"breach": "security", "ddos": "security", "vulnerability": "security", "attack": "security", "phishing": "security", "sécurité": "security",
	"deployment": "deploy", "deployments": "deploy", "release": "deploy", "releases": "deploy", "rollout": "deploy", "déploiement": "deploy",
	"config": "config-change", "configuration": "config-change", "misconfiguration": "config-change", "config change": "config-change",
	"overload": "capacity", "scaling": "capacity", "capacité": "capacity",
	"alerting": "monitoring", "observability": "monitoring", "supervision": "monitoring",
	"disk": "storage", "disks": "storage", "filesystem": "storage", "stockage": "storage",
	"matériel": "hardware",
	"power":    "facility", "cooling": "facility", "datacenter": "facility", "data center": "facility", "datacentre": "facility",
	"third party": "third-party", "vendor": "third-party", "provider": "third-party", "dependency": "third-party", "upstream": "third-party",
	"data loss": "data-loss", "corruption": "data-loss", "data corruption": "data-loss",
	"high availability": "failover", "split brain": "failover", "split-brain": "failover",
	"operator error": "human-error", "human error": "human-error", "erreur humaine": "human-error",
	"cascading failure": "cascading-failure", "cascade": "cascading-failure", "retry storm": "cascading-failure", "thundering herd": "cascading-failure",
	"memory leak": "resource-leak", "leak": "resource-leak", "oom": "resource-leak",
}

// tagIndex maps a normalised tag to its taxonomy slug.
type tagIndex map[string]string

// newTagIndex indexes the taxonomy's slugs, names and the aliases of the
// slugs it has.
func newTagIndex(t data.Taxonomy) tagIndex {
	idx := tagIndex{}
	for _, c := range t.Categories {
		idx[normTag(c.Slug)] = c.Slug
		idx[normTag(c.Name)] = c.Slug
	}
	for alias, slug := range tagAliases {
		if _, known := idx[normTag(slug)]; known {
			idx[normTag(alias)] = slug
		}
	}
	return idx
}

// slugs maps front-matter tags to taxonomy slugs, in the tags' order,
// each slug once; tags that name no category are left out.
func (idx tagIndex) slugs(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, tag := range tags {
		if s, ok := idx[normTag(tag)]; ok && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// normTag lower-cases a tag and spells its separators as spaces:
// "Config_Change", "config-change" and "config change" are one tag.
func normTag(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "#")))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '/' }), " ")
}

// addTagged adds the categories a post's front matter tags it with: the
// team that wrote it knows them better than any guess. Their evidence is
// the tags themselves.
func addTagged(a *data.Article, slugs, tags []string) {
	for _, s := range slugs {
		if a.CategoryScores == nil {
			a.CategoryScores = map[string]float64{}
		}
		if a.CategoryEvidence == nil {
			a.CategoryEvidence = map[string]string{}
		}
		a.CategoryScores[s] = 1
		if _, ok := a.CategoryEvidence[s]; !ok {
			a.CategoryEvidence[s] = "tags: " + strings.Join(tags, ", ")
		}
		found := false
		for _, c := range a.Categories {
			found = found || c == s
		}
		if !found {
			a.Categories = append(a.Categories, s)
		}
	}
}
