package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/ui"
)

// benchIndex holds n records made by varying the fixtures' URL, company
// and year, so facets have many values.
func benchIndex(b *testing.B, n int) (*index.Index, string) {
	b.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ix.Close() })
	base := fixtures()[:5]
	var pms []data.Postmortem
	for i := range n {
		pm := base[i%len(base)]
		pm.URL = fmt.Sprintf("%s/%d", pm.URL, i)
		pm.ID = data.IDFor(pm.URL)
		pm.Company = fmt.Sprintf("%s %d", pm.Company, i%40)
		pm.IncidentDate = fmt.Sprintf("%d%s", 2005+i%20, pm.IncidentDate[4:])
		pms = append(pms, pm)
	}
	if err := ix.PutBatch(ctx, pms); err != nil {
		b.Fatal(err)
	}
	return ix, pms[1].ID
}

// BenchmarkPages measures whole page renders (index calls, view building,
// template execution) over 2,000 records.
func BenchmarkPages(b *testing.B) {
	ix, id := benchIndex(b, 2000)
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
