package data

import (
	"slices"
	"strings"
	"testing"
)

func TestDefaultSynonyms(t *testing.T) {
	s, err := DefaultSynonyms()
	if err != nil {
		t.Fatalf("DefaultSynonyms: %v", err)
	}
	// The pairs the search issue names must be there.
	pairs := [][2]string{
		{"k8s", "kubernetes"}, {"db", "database"}, {"pg", "postgresql"},
		{"postgres", "pg"}, {"cert", "certificate"}, {"tls", "ssl"},
		{"split brain", "split-brain"}, {"rm -rf", "deleted"}, {"panne", "outage"},
	}
	for _, p := range pairs {
		g := s.Lookup(p[0])
		if !slices.Contains(g, p[1]) {
			t.Errorf("Lookup(%q) = %v, want a group holding %q", p[0], g, p[1])
		}
	}
	if g := s.Lookup("K8S"); g == nil {
		t.Errorf("Lookup is case-sensitive: got nil for K8S")
	}
	if g := s.Lookup("no-such-term"); g != nil {
		t.Errorf("Lookup(no-such-term) = %v, want nil", g)
	}
	if mw := s.MultiWord(); !slices.Contains(mw, "split brain") {
		t.Errorf("MultiWord() = %v, want it to hold %q", mw, "split brain")
	}
}

func TestParseSynonymsErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"bad yaml", "groups: [", "parse synonyms"},
		{"single term", "groups:\n  - [alone]\n", "at least 2"},
		{"empty term", "groups:\n  - [a, '  ']\n", "empty term"},
		{"term in two groups", "groups:\n  - [a, b]\n  - [c, B]\n", `"b" is in groups 1 and 2`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSynonyms([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestNormalizeTerm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Split   Brain ", "split brain"},
		{"K8s", "k8s"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := NormalizeTerm(tc.in); got != tc.want {
			t.Errorf("NormalizeTerm(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
