package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
)

// TestExport: GET /api/v1/export gives a selection in each format, in the
// order asked, a merged incident once; bad input is a 4xx naming it.
func TestExport(t *testing.T) {
	pms := indextest.Fixtures()
	twin := pms[1]
	twin.URL, twin.ID = "https://mirror.test/globex", data.IDFor("https://mirror.test/globex")
	e := newEngine(t, api.Options{Index: indextest.Open(t, append(pms, twin))})
	ids := pms[3].ID + "," + pms[1].ID + "," + twin.ID
	tests := []struct {
		query, ctype string
		want         []string
	}{
		{"format=md&ids=" + ids, "text/markdown", []string{"| Company | Incident | Date | Link |\n|---|---|---|---|\n| Hooli | Leap second freezes Hooli clusters | 2012-06-30 | https://hooli.test/leap-second |\n| Globex |"}},
		{"ids=" + ids, "text/markdown", []string{"| Hooli |"}},
		{"format=csv&ids=" + ids, "text/csv", []string{"company,incident,date,link,url,archive_url,accessed,id\nHooli,"}},
		{"format=json&ids=" + ids, "application/json", []string{`"company": "Hooli"`, `"link": "https://hooli.test/leap-second"`}},
		{"format=bibtex&ids=" + ids, "application/x-bibtex", []string{"@misc{hooli-2012-" + pms[3].ID, "urldate = {"}},
	}
	for _, tc := range tests {
		w := httpxtest.Get(t, e, "/api/v1/export?"+tc.query)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: got %d %q, want 200 %s\n%s", tc.query, w.Code, w.Header().Get("Content-Type"), tc.ctype, body)
			continue
		}
		for _, s := range tc.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s: answer lacks %q:\n%s", tc.query, s, body)
			}
		}
		if n := strings.Count(body, "Globex"); tc.query[:9] != "format=cs" && n > 2 {
			t.Errorf("%s: Globex %d times, want the merged incident once:\n%s", tc.query, n, body)
		}
	}
	for _, tc := range []struct {
		query  string
		status int
		want   string
	}{
		{"format=pdf&ids=" + ids, 400, "format must be md, csv, json or bibtex"},
		{"ids=", 400, "no incident ids"},
		{"ids=a%20b", 400, "is not an incident id"},
		{"ids=" + pms[0].ID + ",0000000000000000", 404, "0000000000000000"},
	} {
		w := httpxtest.Get(t, e, "/api/v1/export?"+tc.query)
		if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) || !strings.Contains(w.Body.String(), `"error"`) {
			t.Errorf("%s: got %d %s, want %d with %q", tc.query, w.Code, w.Body, tc.status, tc.want)
		}
	}
}
