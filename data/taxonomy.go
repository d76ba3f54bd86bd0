package data

import (
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"
)

//go:embed taxonomy.yaml
var taxonomyYAML []byte

// Slugs are the 21 category slugs of the contract, in the contract's order.
// More may be added; these stay.
var Slugs = []string{
	"config-change", "deploy", "software-bug", "dns", "network", "database",
	"failover", "human-error", "data-loss", "hardware", "facility", "time",
	"certificate", "capacity", "cascading-failure", "security", "third-party",
	"monitoring", "automation", "resource-leak", "storage",
}

// Taxonomy is the category vocabulary plus the rules that assign it.
// It lives in taxonomy.yaml so that a user can edit the rules.
type Taxonomy struct {
	Categories []Category `yaml:"categories"`
	// Negations are cues that cancel a pattern's vote when they come just
	// before its match: "no data was lost", "not the result of an attack".
	Negations []Negation `yaml:"negations,omitempty"`
	// DefaultThreshold is the minimum score for a category without its own
	// Threshold.
	DefaultThreshold float64 `yaml:"default_threshold,omitempty"`
}

// Negation is one negation cue. Scope "words" looks at the few words right
// before a match; "clause" looks at the whole clause before it, for cues such
// as "not the result of" that stand further away. Lang restricts it to one
// language ("en", "fr"); empty means any.
type Negation struct {
	Match string `yaml:"match"`
	Scope string `yaml:"scope"`
	Lang  string `yaml:"lang,omitempty"`
}

// Negation scopes.
const (
	ScopeWords  = "words"
	ScopeClause = "clause"
)

// Category is one taxonomy slug, its meaning and its weighted patterns.
type Category struct {
	Slug        string    `yaml:"slug"`
	Name        string    `yaml:"name"`
	Description string    `yaml:"description"`
	Threshold   float64   `yaml:"threshold,omitempty"` // minimum score to assign the tag
	Patterns    []Pattern `yaml:"patterns,omitempty"`
}

// Pattern is one regular expression that votes for a category. Weight is
// multiplied by where the match sits (title and root cause count more than
// background text); a negative weight votes against. Matching ignores case
// unless the pattern starts with its own flags. Lang restricts it to one
// language ("en", "fr"); empty means any.
type Pattern struct {
	Match  string  `yaml:"match"`
	Weight float64 `yaml:"weight"`
	Lang   string  `yaml:"lang,omitempty"`
}

// DefaultTaxonomy returns the embedded taxonomy.
func DefaultTaxonomy() (Taxonomy, error) {
	return ParseTaxonomy(taxonomyYAML)
}

// ParseTaxonomy reads a taxonomy from YAML and checks that every contract
// slug is present.
func ParseTaxonomy(b []byte) (Taxonomy, error) {
	var t Taxonomy
	if err := yaml.Unmarshal(b, &t); err != nil {
		return Taxonomy{}, fmt.Errorf("data: parse taxonomy: %w", err)
	}
	have := make(map[string]bool, len(t.Categories))
	for _, c := range t.Categories {
		if c.Slug == "" {
			return Taxonomy{}, fmt.Errorf("data: taxonomy: category without slug")
		}
		if have[c.Slug] {
			return Taxonomy{}, fmt.Errorf("data: taxonomy: duplicate slug %q", c.Slug)
		}
		have[c.Slug] = true
	}
	for i, n := range t.Negations {
		if n.Match == "" || (n.Scope != ScopeWords && n.Scope != ScopeClause) {
			return Taxonomy{}, fmt.Errorf("data: taxonomy: negation %d: needs match and scope %q or %q", i+1, ScopeWords, ScopeClause)
		}
	}
	for _, s := range Slugs {
		if !have[s] {
			return Taxonomy{}, fmt.Errorf("data: taxonomy: missing slug %q", s)
		}
	}
	return t, nil
}

// IsSlug reports whether s is a known category slug of t.
func (t Taxonomy) IsSlug(s string) bool {
	for _, c := range t.Categories {
		if c.Slug == s {
			return true
		}
	}
	return false
}
