package data

import (
	"strings"
	"testing"
)

func TestDomainsLookup(t *testing.T) {
	d, err := ParseDomains([]byte(`domains:
  cloudflare.com: Cloudflare
  www.github.blog: GitHub
  github.com/dfds: DFDS
  medium.com/criteo-engineering: Criteo
`))
	if err != nil {
		t.Fatalf("ParseDomains: %v", err)
	}
	tests := []struct{ url, want string }{
		{"https://blog.cloudflare.com/some-post/", "Cloudflare"},
		{"https://cloudflare.com/", "Cloudflare"},
		{"https://github.blog/2018-10-30-oct21/", "GitHub"},
		{"https://github.com/dfds/postmortems/blob/main/x.md", "DFDS"},
		{"https://github.com/other/repo", ""},
		{"https://medium.com/criteo-engineering/40pb", "Criteo"},
		{"https://web.archive.org/web/20211006135542/https://blog.cloudflare.com/post/", "Cloudflare"},
		{"https://notcloudflare.com/", ""},
		{"not a url", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := d.Lookup(tc.url); got != tc.want {
			t.Errorf("Lookup(%q): got %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestParseDomainsErrors(t *testing.T) {
	for _, y := range []string{"domains: [", "domains:\n  example.com: \"\"", "domains:\n  example.com: A\n  www.example.com: B"} {
		if _, err := ParseDomains([]byte(y)); err == nil {
			t.Errorf("ParseDomains(%q): got nil error, want one", y)
		}
	}
}

func TestDefaultDomains(t *testing.T) {
	d, err := DefaultDomains()
	if err != nil {
		t.Fatalf("DefaultDomains: %v", err)
	}
	if n := len(d.Companies); n < 100 {
		t.Errorf("got %d domains, want at least 100", n)
	}
	for url, want := range map[string]string{
		"https://about.gitlab.com/blog/2017/02/10/postmortem/": "GitLab",
		"https://blog.ovh.com/fr/blog/hebergements-web/":       "OVHcloud",
		"https://engineering.fb.com/2021/10/04/outage/":        "Facebook",
	} {
		if got := d.Lookup(url); !strings.EqualFold(got, want) {
			t.Errorf("Lookup(%q): got %q, want %q", url, got, want)
		}
	}
}

func TestTaxonomyNegations(t *testing.T) {
	tax, err := DefaultTaxonomy()
	if err != nil {
		t.Fatalf("DefaultTaxonomy: %v", err)
	}
	if len(tax.Negations) == 0 {
		t.Error("default taxonomy has no negation cues")
	}
	for _, c := range tax.Categories {
		if len(c.Patterns) == 0 {
			t.Errorf("category %s has no patterns", c.Slug)
		}
		fr := false
		for _, p := range c.Patterns {
			fr = fr || p.Lang == "fr"
		}
		if !fr {
			t.Errorf("category %s has no French pattern", c.Slug)
		}
	}
	bad := "categories:\n" + minimalCategories() + "negations:\n  - {match: x, scope: everywhere}\n"
	if _, err := ParseTaxonomy([]byte(bad)); err == nil {
		t.Error("got nil error for a negation with an unknown scope, want one")
	}
}

func minimalCategories() string {
	var b strings.Builder
	for _, s := range Slugs {
		b.WriteString("  - slug: " + s + "\n")
	}
	return b.String()
}
