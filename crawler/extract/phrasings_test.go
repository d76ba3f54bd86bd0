package extract

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPhrasings checks that common ways of stating a cause, written by us
// in testdata/phrasings.txt, each get a defining vote for their tag: the
// taxonomy must not depend on the wording of the posts it was tuned on.
func TestPhrasings(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "phrasings.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := mustDefault(t).classifier
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		tag, s, ok := strings.Cut(line, "|")
		if !ok || !c.isSlug(tag) {
			t.Fatalf("bad line %q: want slug|sentence", line)
		}
		n++
		best := 0.0
		for _, h := range c.match([]unit{{text: s, weight: 1}}, "en") {
			if p := c.set.pats[h.pat]; c.cats[p.cat].slug == tag {
				best = max(best, p.weight)
			}
		}
		if best < strongWeight {
			t.Errorf("%s: best %s pattern weighs %.1f, want >= %d: %q", tag, tag, best, strongWeight, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("got %d phrasings, want at least 50", n)
	}
}
