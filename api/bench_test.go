package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/index/indextest"
)

// benchIndex holds n records made by varying the fixtures (synthetic).
func benchIndex(b *testing.B, n int) *index.Index {
	b.Helper()
	return indextest.Open(b, indextest.Synthetic(n))
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
