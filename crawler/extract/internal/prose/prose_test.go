package prose

import (
	"strings"
	"testing"
)

// TestCollapseSpace checks collapseSpace against strings.Fields joined by
// spaces, on ASCII and Unicode white space and on invalid UTF-8.
func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a b", "a b ", "a  b", "a\tb", "a\nb c", "déjà vu", "a\u00a0b",
		"a \u2003 b", "\u3000x\u3000", "bad \xff byte", "\xe2\x80", "x\u0085y", "  lots   of\n\n space  "} {
		want := strings.Join(strings.Fields(s), " ")
		if got := CollapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q): got %q, want %q", s, got, want)
		}
	}
}
