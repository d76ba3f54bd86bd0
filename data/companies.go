package data

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

//go:embed companies.yaml
var companiesYAML []byte

// Companies is the table of company names and their other spellings
// ("Amazon" and "AWS", "TravisCI" and "Travis CI"). The zero value knows no
// aliases: Canonical then only trims names.
type Companies struct {
	Companies []Company `yaml:"companies"`
	byKey     map[string]int
}

// Company is one company's canonical name and the other names it goes by.
type Company struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases,omitempty"`
}

// DefaultCompanies returns the embedded table of data/companies.yaml.
func DefaultCompanies() (Companies, error) {
	return ParseCompanies(companiesYAML)
}

// ParseCompanies reads a company table from YAML. Every entry needs a name,
// and no spelling (compared by CompanyKey) may belong to two companies.
func ParseCompanies(b []byte) (Companies, error) {
	var c Companies
	if err := yaml.Unmarshal(b, &c); err != nil {
		return Companies{}, fmt.Errorf("data: parse companies: %w", err)
	}
	c.byKey = map[string]int{}
	for i, co := range c.Companies {
		if CompanyKey(co.Name) == "" {
			return Companies{}, fmt.Errorf("data: companies: entry %d has no name", i+1)
		}
		for _, n := range append([]string{co.Name}, co.Aliases...) {
			k := CompanyKey(n)
			if k == "" {
				return Companies{}, fmt.Errorf("data: companies: %q has an empty alias", co.Name)
			}
			if j, dup := c.byKey[k]; dup && j != i {
				return Companies{}, fmt.Errorf("data: companies: %q belongs to %q and %q", n, c.Companies[j].Name, co.Name)
			}
			c.byKey[k] = i
		}
	}
	return c, nil
}

// CompanyKey is the form company names are compared in: lower-case letters
// and digits only, without accents ("Travis CI" and "TravisCI" give
// "travisci", "Solidarités" gives "solidarites").
func CompanyKey(name string) string {
	var b strings.Builder
	for _, r := range FoldTerm(strings.ToLower(name)) { // "Solidarités" as "solidarites"
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Canonical returns the canonical spelling of name when the table knows it
// under any spelling, else name without surrounding space.
func (c Companies) Canonical(name string) string {
	if i, ok := c.byKey[CompanyKey(name)]; ok {
		return c.Companies[i].Name
	}
	return strings.TrimSpace(name)
}

// Names returns every spelling of name's company, the canonical one first,
// or just name (trimmed) when the table does not know it.
func (c Companies) Names(name string) []string {
	i, ok := c.byKey[CompanyKey(name)]
	if !ok {
		if n := strings.TrimSpace(name); n != "" {
			return []string{n}
		}
		return nil
	}
	return append([]string{c.Companies[i].Name}, c.Companies[i].Aliases...)
}
