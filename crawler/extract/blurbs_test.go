package extract_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/lists"
)

// TestListBlurbs classifies the one-line blurbs of the shared danluu list,
// read in place through crawler/lists, and checks that the blurbs filed under a section that
// names a failure mode mostly get the matching tag. The list's sections are
// coarse and its blurbs short, so the floors sit well under 1; they guard
// against patterns that only know the wording of our corpus.
func TestListBlurbs(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "lists", "danluu-post-mortems.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared list not available: %v", err)
	}
	entries, err := lists.Parse(path, b)
	if err != nil {
		t.Fatalf("lists.Parse: %v", err)
	}
	want := map[string]struct {
		tags  []string
		floor float64
	}{
		"Config Errors":           {[]string{"config-change"}, 0.6},
		"Hardware/Power Failures": {[]string{"hardware", "facility"}, 0.6},
		"Time":                    {[]string{"time"}, 0.6},
	}
	ex := mustDefault(t)
	hit, total := map[string]int{}, map[string]int{}
	for _, e := range entries {
		w, ok := want[e.Section]
		if !ok || e.Blurb == "" {
			continue
		}
		a, err := ex.Extract(extract.Input{ContentType: "text/plain", Body: []byte(e.Blurb), Company: e.Company, Blurb: e.Blurb})
		if err != nil {
			t.Errorf("%s: %v", e.Company, err)
			continue
		}
		total[e.Section]++
		if slices.ContainsFunc(w.tags, func(s string) bool { return slices.Contains(a.Categories, s) }) {
			hit[e.Section]++
		}
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
