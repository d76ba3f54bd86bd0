package classify

import (
	"os"
	"path/filepath"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

func TestWordSet(t *testing.T) {
	tests := []struct {
		expr string
		want []string // nil: not a word-set pattern
	}{
		{`\b(disk full|full disk)\b`, []string{"disk full", "full disk"}},
		{`\bdisks?\b`, []string{"disks", "disk"}},             // greedy: the longer first
		{`\bdisks??\b`, []string{"disk", "disks"}},            // non-greedy: the shorter first
		{`\b(ip|ip address)\b`, []string{"ip", "ip address"}}, // alternatives in order
		{`\bnode-[ab]\b`, []string{"node-a", "node-b"}},
		{`\b(disk|drive) (\w+ )?failed\b`, nil},
		{`\bdisk full`, nil},
		{`\b(a|b)?\b`, nil}, // may match nothing
	}
	for _, tt := range tests {
		tree, err := syntax.Parse(tt.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := wordSet(tree.Simplify())
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("wordSet(%s) = %q, %v; want %q", tt.expr, got, ok, tt.want)
		}
	}
}

// TestWordSetMatchesLikeRegexp checks every word-set pattern of the
// taxonomy against its anchored regexp, at every place of the phrasing
// files and of texts built around its own phrases, where the next byte
// may or may not end a word.
func TestWordSetMatchesLikeRegexp(t *testing.T) {
	c := mustClassifier(t)
	var texts []string
	files, err := filepath.Glob(filepath.Join(testdata, "phrasings*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no phrasing files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(strings.ToLower(string(b)), "\n")...)
	}
	n := 0
	for i := range c.set.pats {
		p := &c.set.pats[i]
		if p.words == nil {
			continue
		}
		n++
		own := slices.Clone(texts)
		for _, w := range p.words {
			for _, around := range []string{"%", "% x", "%s", "%-y", "%.", "x %_", "%é"} {
				own = append(own, strings.ReplaceAll(around, "%", w))
			}
		}
		for _, text := range own {
			for s := range len(text) {
				if p.leadingWB && s > 0 && isWordByte(text[s-1]) {
					continue
				}
				want := p.anchored.FindStringIndex(text[s:])
				if got := matchWordSet(p.words, text[s:]); !slices.Equal(got, want) {
					t.Fatalf("%s at %q: got %v, regexp gives %v", p.anchored, text[s:], got, want)
				}
			}
		}
	}
	t.Logf("%d word-set patterns", n)
	if n < 50 {
		t.Errorf("%d word-set patterns, want the taxonomy's many word lists", n)
	}
}
