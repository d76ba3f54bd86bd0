package ui_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// BenchmarkPages measures whole page renders (index calls, view building,
// template execution) over 2,000 records.
func BenchmarkPages(b *testing.B) {
	pms := indextest.Synthetic(2000)
	ix, id := indextest.Open(b, pms), pms[1].ID
	e, err := ui.NewEngine(ui.Options{Index: ix})
	if err != nil {
		b.Fatal(err)
	}
	for _, target := range []string{
		"/?q=mysql+replica",
		"/?q=outage&category=database&year=2018",
		"/incidents/" + id,
		"/stats",
		"/feed.atom",
	} {
		b.Run(target, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				e.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: status %d", target, w.Code)
				}
			}
		})
	}
}
