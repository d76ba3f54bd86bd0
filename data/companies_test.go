package data

import (
	"slices"
	"strings"
	"testing"
)

func TestCompaniesCanonical(t *testing.T) {
	c, err := DefaultCompanies()
	if err != nil {
		t.Fatalf("DefaultCompanies: %v", err)
	}
	tests := []struct{ in, want string }{
		{"Amazon", "AWS"}, {"aws", "AWS"}, {"Amazon Web Services", "AWS"},
		{"Gitlab", "GitLab"}, {"GitLab", "GitLab"}, {"TravisCI", "Travis CI"},
		{"travis-ci", "Travis CI"}, {"Google Cloud", "Google"},
		{"  Unknown Corp ", "Unknown Corp"}, {"", ""},
	}
	for _, tt := range tests {
		if got := c.Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := c.Names("amazon"); len(got) == 0 || got[0] != "AWS" || !slices.Contains(got, "Amazon Web Services") {
		t.Errorf("Names(amazon) = %v, want AWS first and Amazon Web Services among them", got)
	}
	if got := c.Names("Unknown Corp"); !slices.Equal(got, []string{"Unknown Corp"}) {
		t.Errorf("Names(Unknown Corp) = %v, want [Unknown Corp]", got)
	}
	var zero Companies
	if got := zero.Canonical(" Amazon "); got != "Amazon" {
		t.Errorf("zero Canonical(Amazon) = %q, want Amazon", got)
	}
}

func TestParseCompaniesErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"no name", "companies:\n  - aliases: [a]\n", "no name"},
		{"shared alias", "companies:\n  - name: A\n    aliases: [X]\n  - name: B\n    aliases: [x]\n", "belongs to"},
		{"empty alias", "companies:\n  - name: A\n    aliases: ['--']\n", "empty alias"},
		{"bad yaml", "companies: [", "parse companies"},
	}
	for _, tt := range tests {
		_, err := ParseCompanies([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestCatalogCompaniesCanonical: every company of the default catalog is
// spelt as the company table spells it, so no company appears under two
// names (an "AWS" facet over cards that say "Amazon").
func TestCatalogCompaniesCanonical(t *testing.T) {
	co, err := DefaultCompanies()
	if err != nil {
		t.Fatal(err)
	}
	pms, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]string{}
	for _, pm := range pms {
		if got := co.Canonical(pm.Company); got != pm.Company {
			t.Errorf("%s: company %q, want the canonical %q", pm.ID, pm.Company, got)
		}
		k := CompanyKey(pm.Company)
		if other, ok := byKey[k]; ok && other != pm.Company {
			t.Errorf("company spelt both %q and %q", other, pm.Company)
		}
		byKey[k] = pm.Company
	}
}

// TestCompanyKey checks the form names are compared in: case, spaces,
// punctuation and accents aside.
func TestCompanyKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Travis CI", "TravisCI"},
		{"RDV-Solidarités", "rdv-solidarites"},
		{"Société Générale", "societe generale"},
		{"Ørsted", "Ørsted"},
		{"2i2c", "2I2C"},
	}
	for _, tt := range tests {
		if ka, kb := CompanyKey(tt.a), CompanyKey(tt.b); ka != kb || ka == "" {
			t.Errorf("CompanyKey(%q) = %q, CompanyKey(%q) = %q: want the same", tt.a, ka, tt.b, kb)
		}
	}
	if k := CompanyKey("Acme, Inc."); k != "acmeinc" {
		t.Errorf(`CompanyKey("Acme, Inc.") = %q, want "acmeinc"`, k)
	}
}
