package classify

import (
	"strings"
	"testing"
)

func TestInQuote(t *testing.T) {
	tests := []struct {
		text, match string
		want        bool
	}{
		{`writes failed with "no space left on device" twice`, "space left", true},
		{"writes failed with \u201cno space left on device\u201d twice", "space left", true},
		{`the "cleanup" job deleted the volumes`, "cleanup", false},         // a name, not a quotation
		{`he said "hi there" and the disk filled up`, "disk filled", false}, // after the quote closed
		{`a stray " before the disk filled up`, "disk filled", false},       // never closed
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.match)
		if got := inQuote(tt.text, []int{i, i + len(tt.match)}); got != tt.want {
			t.Errorf("inQuote(%q, %q) = %v, want %v", tt.text, tt.match, got, tt.want)
		}
	}
}

// TestNegationWords checks that a "words" negation looked up in its word
// list answers as its regexp does, for the lower-cased words negated reads.
func TestNegationWords(t *testing.T) {
	c := mustClassifier(t)
	words := []string{"no", "not", "never", "nobody", "nope", "none", "isn't", "isn’t", "iſn't", "didn't", "cannot", "can't",
		"aucun", "aucune", "aucunes", "pas", "sans", "jamais", "non", "k", "n", "not.", "without", "nor", "zero", "zéro", "the"}
	lists := 0
	for _, n := range c.negations {
		if n.clause {
			continue
		}
		if n.words != nil {
			lists++
		}
		for _, w := range words {
			if got, want := n.isWord(w), n.re.MatchString(w); got != want {
				t.Errorf("negation %s, word %q: got %v, want %v", n.re, w, got, want)
			}
		}
	}
	if lists == 0 {
		t.Errorf("got no word lists, want one per words negation of the taxonomy")
	}
}

func TestWithoutQuotes(t *testing.T) {
	tests := map[string]string{
		`writes failed with "no space left on device" on that node`: `writes failed with   on that node`,
		`the "cleanup" job ran`: `the cleanup  job ran`,
		`il affichait “connexion refusée par le serveur” puis rien`: `il affichait   puis rien`,
		`an "unclosed quote here`: `an "unclosed quote here`,
		`no quotes at all`:        `no quotes at all`,
	}
	for in, want := range tests {
		if got := withoutQuotes(in); got != want {
			t.Errorf("withoutQuotes(%q) = %q, want %q", in, got, want)
		}
	}
}
