package extract

import (
	"os"
	"strings"
	"testing"
)

func TestDbgUnits(t *testing.T) {
	slug := os.Getenv("PMKB_UNITS")
	if slug == "" {
		t.Skip()
	}
	ex := mustDefault(t)
	ex.trace = func(units []unit, hits []hit, c classification) {
		for i, u := range units {
			if strings.Contains(u.lower, os.Getenv("PMKB_GREP")) {
				t.Logf("unit %d w=%.2f causal=%v hypo=%v %q", i, u.weight, u.causal, u.hypo, truncate(u.text, 150))
				for _, h := range hits {
					if int(h.unit) == i {
						p := ex.classifier.set.pats[h.pat]
						t.Logf("   hit %s %.1f", ex.classifier.cats[p.cat].slug, p.weight)
					}
				}
			}
		}
	}
	for _, r := range readManifest(t) {
		if strings.Contains(r.slug, slug) {
			ex.Extract(corpusInput(t, r))
		}
	}
}
