package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

// TestNamedCauses checks the sentences of testdata/phrasings-cause.txt:
// a post that names its cause as such ("the cause was", "la cause était")
// is read as a named root cause, and one that only denies, seeks or does
// not know it is not.
func TestNamedCauses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "phrasings-cause.txt"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		kind, text, ok := strings.Cut(line, "|")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		sents := []page.Sentence{{Text: text}}
		got := penalized(&sents[0], classify.CueScores(sents)[0])
		switch kind {
		case "cause":
			if got < statedCue {
				t.Errorf("%q: got score %.2f, want at least %d (a stated cause)", text, got, statedCue)
			}
		case "not":
			if got >= statedCue {
				t.Errorf("%q: got score %.2f, want under %d (no cause given)", text, got, statedCue)
			}
		default:
			t.Errorf("%q: unknown kind %q", text, kind)
		}
	}
	if n < 15 {
		t.Errorf("got %d sentences, want at least 15", n)
	}
}
