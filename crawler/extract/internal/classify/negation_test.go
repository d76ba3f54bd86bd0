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
