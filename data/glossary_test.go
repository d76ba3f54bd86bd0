package data

import (
	"slices"
	"strings"
	"testing"
)

func TestDefaultGlossary(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatalf("DefaultGlossary: %v", err)
	}
	if len(g.Entries) < 300 {
		t.Errorf("glossary has %d entries, want at least 300", len(g.Entries))
	}
	// What the search issue names, and what the old synonyms held.
	pairs := [][2]string{
		{"k8s", "kubernetes"}, {"db", "database"}, {"pg", "postgresql"}, {"cert", "certificate"},
		{"split brain", "split-brain"}, {"panne", "outage"}, {"fuseau horaire", "timezone"},
		{"unattended-upgrades", "automatic package upgrade"}, {"ran out of connections", "connection pool exhausted"},
		{"fuite mémoire", "memory leak"}, {"K8S", "kube"}, {"fuite memoire", "memory leak"},
	}
	for _, p := range pairs {
		e, ok := g.Lookup(p[0])
		if !ok || !slices.Contains(e.Terms(), p[1]) {
			t.Errorf("Lookup(%q) = %v, %v; want an entry holding %q", p[0], e.Terms(), ok, p[1])
		}
	}
	if _, ok := g.Lookup("no-such-term"); ok {
		t.Error("Lookup(no-such-term): got an entry")
	}
	if mw := g.MultiWord(); !slices.Contains(mw, "split brain") {
		t.Errorf("MultiWord() lacks %q", "split brain")
	}
	for _, e := range g.Entries {
		if e.Kind == "" || len(e.EN) == 0 || len(e.FR) == 0 {
			t.Fatalf("entry %v is incomplete", e)
		}
	}
}

func TestGlossaryFind(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string // terms, left to right
	}{
		{"dial tcp 10.0.0.1:5432: connect: connection refused", []string{"tcp", "connect: connection refused"}},
		{"Connection Refused by the DB", []string{"connection refused", "db"}},
		{"fuseau horaire cassé", []string{"fuseau horaire"}},
		{"delai d'attente depasse", []string{"délai d'attente dépassé"}},
		{"délai d’attente dépassé", []string{"délai d'attente dépassé"}},
		{"kubernetes", []string{"kubernetes"}},
		{"kubernetesx", nil},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range g.Find(tc.text) {
			got = append(got, m.Term)
			if m.Start < 0 || m.End > len(tc.text) || m.Start >= m.End {
				t.Errorf("Find(%q): bad span %d..%d", tc.text, m.Start, m.End)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Find(%q): got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestGlossaryLongest(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		s    string
		want int
	}{
		{"split brain again", len("split brain")},
		{"connect: connection refused (ECONNREFUSED)", len("connect: connection refused")},
		{"rm -rf /", len("rm -rf")},
		{"kubernetes upgrade", 0}, // one word: the parser keeps it anyway
		{"split brainy", 0},
	}
	for _, tc := range tests {
		if got := g.Longest(tc.s); got != tc.want {
			t.Errorf("Longest(%q): got %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestParseGlossaryErrors(t *testing.T) {
	entry := func(body string) string { return "entries:\n  - " + body + "\n" }
	tests := []struct{ name, yaml, want string }{
		{"bad yaml", "entries: [", "parse glossary"},
		{"unknown field", entry("{en: [dns], fr: [dns fr], kind: component, note: x}"), "note"},
		{"no entries", "entries: []\n", "no entries"},
		{"no french", entry("{en: [dns], fr: [], kind: component}"), "French"},
		{"bad kind", entry("{en: [dns], fr: [résolution], kind: thing}"), "kind"},
		{"bad category", entry("{en: [dns], fr: [résolution], kind: component, categories: [nope]}"), "slug"},
		{"upper case", entry("{en: [DNS], fr: [résolution], kind: component}"), "lower-case"},
		{"single letter", entry("{en: [x], fr: [résolution], kind: component}"), "single letter"},
		{"stop word", entry("{en: [the], fr: [résolution], kind: component}"), "stop word"},
		{"twice", "entries:\n  - {en: [dns], fr: [résolution], kind: component}\n  - {en: [dns], fr: [nom], kind: component}\n", "also in entry 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGlossary([]byte(tc.yaml))
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
