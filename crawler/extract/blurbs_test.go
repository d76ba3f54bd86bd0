package extract_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestListBlurbs classifies the one-line blurbs of the shared danluu list,
// read in place, and checks that the blurbs filed under a section that
// names a failure mode mostly get the matching tag. The list's sections are
// coarse and its blurbs short, so the floors sit well under 1; they guard
// against patterns that only know the wording of our corpus.
func TestListBlurbs(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "lists", "danluu-post-mortems.md")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("shared list not available: %v", err)
	}
	defer f.Close()
	want := map[string]struct {
		tags  []string
		floor float64
	}{
		"Config Errors":           {[]string{"config-change"}, 0.6},
		"Hardware/Power Failures": {[]string{"hardware", "facility"}, 0.6},
		"Time":                    {[]string{"time"}, 0.6},
	}
	ex := mustDefault(t)
	link := regexp.MustCompile(`^\[([^\]]+)\]\([^)]*\)\.?\s*`)
	section := ""
	hit, total := map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
			continue
		}
		w, ok := want[section]
		m := link.FindStringSubmatch(line)
		if !ok || m == nil {
			continue
		}
		blurb := link.ReplaceAllString(line, "")
		a, err := ex.Extract(extract.Input{ContentType: "text/plain", Body: []byte(blurb), Company: m[1], Blurb: blurb})
		if err != nil {
			t.Errorf("%s: %v", m[1], err)
			continue
		}
		total[section]++
		if slices.ContainsFunc(w.tags, func(s string) bool { return slices.Contains(a.Categories, s) }) {
			hit[section]++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for s, w := range want {
		if total[s] == 0 {
			t.Errorf("section %q: no blurbs found", s)
			continue
		}
		rate := float64(hit[s]) / float64(total[s])
		t.Logf("%s: %d/%d tagged %v", s, hit[s], total[s], w.tags)
		if rate < w.floor {
			t.Errorf("%s: got %.2f of blurbs tagged %v, want >= %.2f", s, rate, w.tags, w.floor)
		}
	}
}
