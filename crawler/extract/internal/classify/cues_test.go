package classify

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExactParts checks that the expressions split into parts (the cause
// cues that cannot run anchored whole, the other-incident expression)
// match, part by part, wherever the whole expression does, on the
// sentences of the test data and on the same lower-cased: a part that
// runs anchored where its words occur must not lose or add a match.
func TestExactParts(t *testing.T) {
	type split struct {
		name  string
		whole *regexp.Regexp
		set   *patternSet
		group int32 // the parts' group in set; -1: every pattern
	}
	var splits []split
	for i, c := range causeCueList {
		expr := strings.TrimPrefix(c.expr, "(?i)")
		if p, err := compilePattern(expr); err != nil || p.anchored != nil {
			continue // kept whole: the same pattern as before the split
		}
		splits = append(splits, split{"cue " + expr[:min(20, len(expr))], regexp.MustCompile(withCase(unicodeEnd(expr))), causeCues, int32(i)})
	}
	splits = append(splits, split{"other incident", regexp.MustCompile(otherIncidentExpr), otherIncident, -1})
	if len(splits) < 2 {
		t.Fatalf("got %d split expressions, want the split cues and the other-incident one", len(splits))
	}
	n := 0
	for _, s := range testSentences(t) {
		for _, text := range []string{s, strings.ToLower(s)} {
			lower := strings.ToLower(text)
			for _, sp := range splits {
				want := sp.whole.MatchString(text)
				if sp.group < 0 {
					text, want = lower, sp.whole.MatchString(lower) // it reads lower-cased text
				}
				if got := sp.set.anyOf(sp.group, text, lower); got != want {
					t.Errorf("%s on %q: parts match %v, whole %v", sp.name, text, got, want)
				}
			}
			n++
		}
	}
	if n < 1000 {
		t.Errorf("got %d sentences, want at least 1000", n)
	}
}

// anyOf reports whether a pattern of group (any pattern when group < 0)
// matches text, lower its lower-cased form.
func (s *patternSet) anyOf(group int32, text, lower string) bool {
	sc := s.getScratch()
	defer s.putScratch(sc)
	stamp := sc.nextStamp()
	u := unit{text: text, lower: lower}
	for _, i := range s.candidates(lower, sc, stamp, nil) {
		if (group < 0 || s.pats[i].group == group) && s.mayMatch(i, sc, stamp) && s.pats[i].matches(&u, sc.starts[i]) {
			return true
		}
	}
	return false
}

// testSentences returns the sentences of the test data: the single
// sentences (testdata/sentences), the phrasings and the non-causes.
func testSentences(tb testing.TB) []string {
	tb.Helper()
	var out []string
	files, err := filepath.Glob(filepath.Join(testdata, "sentences", "*.jsonl"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("sentences: %v, %d files", err, len(files))
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var s struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				tb.Fatalf("%s: %v", name, err)
			}
			out = append(out, s.Text)
		}
		f.Close()
	}
	for _, name := range []string{"phrasings.txt", "phrasings-fr.txt", "non-causes.txt"} {
		b, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if _, s, ok := strings.Cut(line, "|"); ok && !strings.HasPrefix(line, "#") {
				out = append(out, s)
			}
		}
	}
	return out
}
