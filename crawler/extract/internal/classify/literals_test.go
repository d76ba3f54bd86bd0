package classify

import (
	"regexp/syntax"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{`\b(ci|cd)\b`, []string{"ci", "cd"}},
		{`\bdisks? full\b`, []string{"disk full", "disks full"}},
		{`\b(\w+ ){0,2}config(uration)?\b`, []string{"config", "configuration"}},
		{`\b(bad|wrong) (\w+ )?config`, []string{"config"}},
		{`a.*b`, []string{"a"}},
		{`(a|b*)c`, []string{"c"}},
	}
	for _, tc := range tests {
		tree, err := syntax.Parse(tc.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := requiredLiterals(tree.Simplify())
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("requiredLiterals(%q): got %q, want %q", tc.expr, got, want)
		}
	}
}

func TestAlsoRequired(t *testing.T) {
	tests := []struct {
		expr string
		want [][][]string
	}{
		{`\b(bad|wrong) (\w+ )?config`, [][][]string{{{"bad", "wrong"}, {"config"}}}},
		{`\bdisk full\b`, [][][]string{{{"disk full"}}}},
		{`(\b(dns|tls)\b[^.]{0,20}\bexpired)`, [][][]string{{{"dns", "tls"}, {"expired"}}}},
		{`\b(a|an)[ -](\w+ )?on\b`, nil}, // "a", "an" and "on" are too short to filter
		{`\bdns\b|\btls\b`, [][][]string{{{"dns"}}, {{"tls"}}}},
		{`\bdns (\w+ )?down\b|\bx\b`, nil}, // the second alternative needs nothing checkable
	}
	for _, tc := range tests {
		tree, err := syntax.Parse(tc.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got := alsoRequired(tree.Simplify())
		eqSets := func(a, b [][]string) bool {
			return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
		}
		if !slices.EqualFunc(got, tc.want, eqSets) {
			t.Errorf("alsoRequired(%q): got %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func TestSplitBranches(t *testing.T) {
	got, ok := splitBranches(`\b(a(b|c)|[|)]d|e\|f)\b`)
	want := []string{`\b(?:a(b|c))\b`, `\b(?:[|)]d)\b`, `\b(?:e\|f)\b`}
	if !ok || !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, ok := splitBranches(`\bdns\b`); ok {
		t.Error("split a pattern without alternation")
	}
}

// TestSplitKeepsMatches checks that every taxonomy pattern finds the same
// spans whether it runs whole or split, prefiltered and anchored.
func TestSplitKeepsMatches(t *testing.T) {
	c := mustClassifier(t)
	texts := []string{"The disk was full and no space left on device.", "A bad config push to the routers.",
		"An engineer ran the command on the wrong host by mistake.", "Our cloud provider had an outage in us-east-1.",
		"Memory leak in the cache; GC pauses grew.", "The certificate expired at midnight.", "Une erreur de configuration du pare-feu."}
	for _, text := range texts {
		u := unit{text: text, lower: prose.ASCIILower(text)}
		sc := c.set.newScratch()
		cand := c.set.candidates(u.lower, sc, 1, nil)
		fast := map[int32]bool{}
		for _, pi := range cand {
			if c.set.mayMatch(pi, sc, 1) && c.set.pats[pi].matches(&u, sc.starts[pi]) {
				fast[c.set.pats[pi].group] = true
			}
		}
		slow := map[int32]bool{}
		for _, p := range c.set.pats {
			if p.re.MatchString(text) {
				slow[p.group] = true
			}
		}
		for g := range slow {
			if !fast[g] {
				t.Errorf("%q: group %d matches the plain way but not through the prefilter", text, g)
			}
		}
		for g := range fast {
			if !slow[g] {
				t.Errorf("%q: group %d matches through the prefilter but not the plain way", text, g)
			}
		}
	}
}
