package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// benchIndex holds n records made by varying the fixtures' URL, company
// and year, so facets have many values.
func benchIndex(b *testing.B, n int) *index.Index {
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
		pm.Title = fmt.Sprintf("%s (case %d)", pm.Title, i) // distinct incidents, not duplicates
		pm.Company = fmt.Sprintf("%s %d", pm.Company, i%40)
		pm.IncidentDate = fmt.Sprintf("%d-%02d-%02d", 2005+i%20, 1+i%12, 1+i%28)
		pms = append(pms, pm)
	}
	if err := ix.PutBatch(ctx, pms); err != nil {
		b.Fatal(err)
	}
	return ix
}

func benchServe(b *testing.B, h http.Handler, target string) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: status %d: %s", target, w.Code, w.Body)
		}
	}
}

// BenchmarkSearchAPI measures a faceted search through the whole handler
// (parse, index, JSON) over 2,000 records.
func BenchmarkSearchAPI(b *testing.B) {
	e, err := api.NewEngine(api.Options{Index: benchIndex(b, 2000)})
	if err != nil {
		b.Fatal(err)
	}
	for _, target := range []string{
		"/api/v1/search?q=mysql+replica",
		"/api/v1/search?q=outage&category=database&year=2018&size=20",
		"/api/v1/search?sort=newest",
	} {
		b.Run(target, func(b *testing.B) { benchServe(b, e, target) })
	}
}
