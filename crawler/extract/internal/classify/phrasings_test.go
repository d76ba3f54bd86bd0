package classify

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
	c := mustClassifier(t)
	for _, f := range []struct {
		file, lang string
		min        int
	}{{"phrasings.txt", "en", 100}, {"phrasings-fr.txt", "fr", 25}} {
		n := eachPhrasing(t, f.file, f.lang, c, func(tag, s string, best, net float64) {
			if best < strongWeight {
				t.Errorf("%s: best %s pattern weighs %.1f, want >= %d: %q", tag, tag, best, strongWeight, s)
			}
		})
		if n < f.min {
			t.Errorf("%s: got %d phrasings, want at least %d", f.file, n, f.min)
		}
	}
}

// TestNonCauses checks sentences that name a failure mode without it having
// happened ("no data was lost", "the failover worked"): what they vote for
// the tag, best positive vote plus every negative one, stays under a
// defining vote.
func TestNonCauses(t *testing.T) {
	c := mustClassifier(t)
	n := eachPhrasing(t, "non-causes.txt", "en", c, func(tag, s string, best, net float64) {
		if net >= strongWeight {
			t.Errorf("%s: votes %.1f, want < %d: %q", tag, net, strongWeight, s)
		}
	})
	if n < 25 {
		t.Errorf("got %d sentences, want at least 25", n)
	}
}

// eachPhrasing runs the patterns of language lang on every tag|sentence
// line of a testdata file and calls check with the tag's best positive pattern weight and that
// plus its negative ones. It returns how many lines it read.
func eachPhrasing(t *testing.T, file, lang string, c *Classifier, check func(tag, s string, best, net float64)) int {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		tag, s, ok := strings.Cut(line, "|")
		if !ok || !c.isSlug(tag) {
			t.Fatalf("%s: bad line %q: want slug|sentence", file, line)
		}
		n++
		best, neg := 0.0, 0.0
		for _, h := range c.match([]unit{{text: s, weight: 1}}, lang, true) {
			if p := c.set.pats[h.pat]; c.cats[p.cat].slug == tag {
				if p.weight > 0 {
					best = max(best, p.weight)
				} else {
					neg += p.weight
				}
			}
		}
		check(tag, s, best, best+neg)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}
