package data

import (
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed synonyms.yaml
var synonymsYAML []byte

// Synonyms are groups of search terms that mean the same thing ("k8s" and
// "kubernetes"). A term may be several words ("split brain"): typed, its
// words are matched on their own and the group only adds score; as the
// synonym of a word typed, it matches as a phrase. The zero value has no
// groups.
type Synonyms struct {
	Groups [][]string `yaml:"groups"`
}

// DefaultSynonyms returns the embedded synonyms of data/synonyms.yaml.
func DefaultSynonyms() (Synonyms, error) {
	return ParseSynonyms(synonymsYAML)
}

// ParseSynonyms reads synonym groups from YAML, normalises every term
// (lower case, single spaces) and rejects empty terms, groups of fewer than
// two terms and a term listed in two groups, since expansion would then be
// ambiguous.
func ParseSynonyms(b []byte) (Synonyms, error) {
	var s Synonyms
	if err := yaml.Unmarshal(b, &s); err != nil {
		return Synonyms{}, fmt.Errorf("data: parse synonyms: %w", err)
	}
	seen := make(map[string]int)
	for i, g := range s.Groups {
		if len(g) < 2 {
			return Synonyms{}, fmt.Errorf("data: synonyms: group %d has %d term(s), want at least 2", i+1, len(g))
		}
		for j, t := range g {
			n := NormalizeTerm(t)
			if n == "" {
				return Synonyms{}, fmt.Errorf("data: synonyms: group %d has an empty term", i+1)
			}
			if k, dup := seen[n]; dup {
				return Synonyms{}, fmt.Errorf("data: synonyms: %q is in groups %d and %d", n, k+1, i+1)
			}
			seen[n] = i
			g[j] = n
		}
	}
	return s, nil
}

// Lookup returns the group that holds term (compared after NormalizeTerm),
// term included, or nil when term has no synonyms.
func (s Synonyms) Lookup(term string) []string {
	n := NormalizeTerm(term)
	for _, g := range s.Groups {
		for _, t := range g {
			if t == n {
				return g
			}
		}
	}
	return nil
}

// MultiWord returns every term of s made of more than one word, so that a
// query parser can keep such terms together.
func (s Synonyms) MultiWord() []string {
	var out []string
	for _, g := range s.Groups {
		for _, t := range g {
			if strings.Contains(t, " ") {
				out = append(out, t)
			}
		}
	}
	return out
}

// NormalizeTerm lower-cases t and collapses runs of white space to one
// space, the form synonym terms are compared in.
func NormalizeTerm(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}
