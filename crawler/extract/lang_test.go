package extract

import (
	"slices"
	"strings"
	"testing"
)

// TestForEachWord checks that forEachWord on lower-cased text yields what
// words returns, and that it stops when asked.
func TestForEachWord(t *testing.T) {
	for _, text := range []string{"", "  ", "The DNS-server was down.", "déjà vu: l'équipe a 2 serveurs", "trailing word", "x\u00a0y—z 42ms"} {
		var got []string
		forEachWord(strings.ToLower(text), func(w string) bool { got = append(got, w); return true })
		if want := words(text); !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Errorf("forEachWord(%q): got %q, want %q", text, got, want)
		}
	}
	n := 0
	forEachWord("one two three four", func(string) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("forEachWord kept going after false: got %d calls, want 2", n)
	}
}
