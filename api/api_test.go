package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/index/indextest"
)

func init() { gin.SetMode(gin.TestMode) }

func newEngine(t *testing.T, opts api.Options) *gin.Engine {
	t.Helper()
	if opts.Index == nil {
		opts.Index = indextest.Open(t, indextest.Fixtures())
	}
	e, err := api.NewEngine(opts)
	if err != nil {
		t.Fatalf("api.NewEngine: %v", err)
	}
	return e
}

func decode(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestSearchShape(t *testing.T) {
	e := newEngine(t, api.Options{})
	w := httpxtest.Do(t, e, "GET", "/api/v1/search?q=mysql+split+brain", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var top map[string]json.RawMessage
	decode(t, w, &top)
	for _, k := range []string{"total", "took_ms", "hits", "facets"} {
		if _, ok := top[k]; !ok {
			t.Errorf("answer keys: got %v, want %q among them", keys(top), k)
		}
	}
	var res struct {
		Total  int                          `json:"total"`
		Hits   []map[string]json.RawMessage `json:"hits"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	decode(t, w, &res)
	if res.Total < 1 || len(res.Hits) < 1 {
		t.Fatalf("hits: got total %d and %d hits, want at least 1", res.Total, len(res.Hits))
	}
	var first struct{ ID, Company string }
	b, _ := json.Marshal(res.Hits[0])
	_ = json.Unmarshal(b, &first)
	if want := data.IDFor("https://blog.globex.test/mysql-split-brain"); first.ID != want {
		t.Errorf("first hit: got %s (%s), want %s (Globex)", first.ID, first.Company, want)
	}
	for _, k := range []string{"id", "title", "company", "url", "incident_date", "categories", "technologies", "root_cause", "snippet", "score"} {
		if _, ok := res.Hits[0][k]; !ok {
			t.Errorf("hit keys: got %v, want %q among them", keys(res.Hits[0]), k)
		}
	}
	for _, f := range []string{"category", "company", "technology", "year", "source", "language"} {
		if _, ok := res.Facets[f]; !ok {
			t.Errorf("facets: got %v, want %q", res.Facets, f)
		}
	}
}

func TestSearchFacetsAndFilters(t *testing.T) {
	e := newEngine(t, api.Options{})
	tests := []struct {
		name      string
		query     string
		wantTotal int
		facet     string
		value     string
		wantCount int
	}{
		{"all records", "", 6, "category", "database", 2},
		{"one category", "category=database", 2, "company", "Globex", 1},
		{"categories OR within the facet", "category=dns&category=time", 2, "year", "2012", 1},
		{"AND across facets", "category=database&company=Globex", 1, "technology", "MySQL", 1},
		{"year filter", "year=2020", 1, "company", "Initech", 1},
		{"technology filter", "technology=Kubernetes", 1, "category", "deploy", 1},
		{"source facet", "", 6, "source", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httpxtest.Do(t, e, "GET", "/api/v1/search?"+tc.query, "", nil)
			if w.Code != http.StatusOK {
				t.Fatalf("status: got %d, want 200 (%s)", w.Code, w.Body)
			}
			var res struct {
				Total  int `json:"total"`
				Facets map[string][]struct {
					Value string `json:"value"`
					Count int    `json:"count"`
				} `json:"facets"`
			}
			decode(t, w, &res)
			if res.Total != tc.wantTotal {
				t.Errorf("total: got %d, want %d", res.Total, tc.wantTotal)
			}
			if tc.value == "" {
				if len(res.Facets[tc.facet]) == 0 {
					t.Errorf("facet %s: got no values, want some", tc.facet)
				}
				return
			}
			got := -1
			for _, fv := range res.Facets[tc.facet] {
				if fv.Value == tc.value {
					got = fv.Count
				}
			}
			if got != tc.wantCount {
				t.Errorf("facet %s=%s: got %d, want %d (facet: %v)", tc.facet, tc.value, got, tc.wantCount, res.Facets[tc.facet])
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	e := newEngine(t, api.Options{})
	w := httpxtest.Do(t, e, "GET", "/api/v1/search?q=mysqll", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var res struct {
		Total      int    `json:"total"`
		DidYouMean string `json:"did_you_mean"`
	}
	decode(t, w, &res)
	if res.DidYouMean != "mysql" || res.Total == 0 {
		t.Errorf("misspelt query: got did_you_mean %q with %d hits, want \"mysql\" with hits", res.DidYouMean, res.Total)
	}
}

func TestIncident(t *testing.T) {
	e := newEngine(t, api.Options{})
	want := indextest.Fixtures()[1]
	w := httpxtest.Do(t, e, "GET", "/api/v1/incidents/"+want.ID, "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var got data.Postmortem
	decode(t, w, &got)
	if got.ID != want.ID || got.Title != want.Title || got.Body != want.Body || got.Sections != want.Sections {
		t.Errorf("record: got %+v, want %+v", got, want)
	}
	if !slices.Equal(got.Categories, want.Categories) || got.CategoryEvidence["database"] != want.CategoryEvidence["database"] {
		t.Errorf("categories: got %v %v, want %v %v", got.Categories, got.CategoryEvidence, want.Categories, want.CategoryEvidence)
	}
}

func TestSimilar(t *testing.T) {
	e := newEngine(t, api.Options{})
	globex := indextest.Fixtures()[1].ID
	type hits struct {
		Hits []struct {
			ID  string `json:"id"`
			Why *struct {
				Categories []string `json:"categories"`
			} `json:"why"`
		} `json:"hits"`
	}
	w := httpxtest.Do(t, e, "GET", "/api/v1/incidents/"+globex+"/similar?size=3", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("similar to a record: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var byID hits
	decode(t, w, &byID)
	if len(byID.Hits) == 0 || len(byID.Hits) > 3 {
		t.Fatalf("similar to a record: got %d hits, want 1 to 3", len(byID.Hits))
	}
	for _, h := range byID.Hits {
		if h.ID == globex {
			t.Errorf("similar to a record: got the record itself among its similar incidents")
		}
	}
	body := `{"text": "replica promoted during a network partition, split brain on the MySQL primary", "size": 2}`
	w = httpxtest.Do(t, e, "POST", "/api/v1/similar", "application/json", strings.NewReader(body))
	if w.Code != http.StatusOK {
		t.Fatalf("similar to text: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var byText hits
	decode(t, w, &byText)
	if len(byText.Hits) == 0 || byText.Hits[0].ID != globex {
		t.Errorf("similar to text: got %+v, want Globex (%s) first", byText.Hits, globex)
	}
}

func TestRandom(t *testing.T) {
	e := newEngine(t, api.Options{})
	w := httpxtest.Do(t, e, "GET", "/api/v1/random?category=certificate", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var got data.Postmortem
	decode(t, w, &got)
	if got.Company != "Initech" {
		t.Errorf("random certificate incident: got %q, want Initech", got.Company)
	}
}

func TestStats(t *testing.T) {
	e := newEngine(t, api.Options{})
	w := httpxtest.Do(t, e, "GET", "/api/v1/stats", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200 (%s)", w.Code, w.Body)
	}
	var st index.Stats
	decode(t, w, &st)
	if st.Incidents != 6 || st.Records != 6 {
		t.Errorf("counts: got %d incidents in %d records, want 6 and 6", st.Incidents, st.Records)
	}
	if len(st.Categories) == 0 || st.Categories[0] != (index.FacetValue{Value: "database", Count: 2}) {
		t.Errorf("categories: got %v, want database (2) first", st.Categories)
	}
	if len(st.Years) != 6 || st.Years[0].Value != "2012" {
		t.Errorf("years: got %v, want six years from 2012", st.Years)
	}
}

// assertErrorBody checks the {"error": {"code", "message"}} shape.
func assertErrorBody(t *testing.T, w *httptest.ResponseRecorder, wantCode string) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type: got %q, want application/json", ct)
	}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	decode(t, w, &body)
	if body.Error.Code != wantCode || body.Error.Message == "" {
		t.Errorf("error body: got %s, want code %q and a message", w.Body, wantCode)
	}
}

func q(s string) string { return url.QueryEscape(s) }
