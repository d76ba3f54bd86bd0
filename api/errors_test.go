package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/index/indextest"
)

func TestBadInputIs4xx(t *testing.T) {
	e := newEngine(t, api.Options{})
	id := indextest.Fixtures()[0].ID
	long := strings.Repeat("a", httpx.DefaultMaxQueryLen+1)
	json := "application/json"
	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		body        string
		wantStatus  int
		wantCode    string
	}{
		{"parentheses grouping", "GET", "/api/v1/search?q=" + q("(dns OR bgp)"), "", "", 400, "invalid_query"},
		{"field without value", "GET", "/api/v1/search?q=" + q(`company:""`), "", "", 400, "invalid_query"},
		{"backwards year range", "GET", "/api/v1/search?q=" + q("year:2019..2010"), "", "", 400, "invalid_query"},
		{"short prefix", "GET", "/api/v1/search?q=" + q("m*"), "", "", 400, "invalid_query"},
		{"unknown category filter", "GET", "/api/v1/search?category=cosmic-rays", "", "", 400, "invalid_query"},
		{"query too long", "GET", "/api/v1/search?q=" + long, "", "", 400, "bad_request"},
		{"negative size", "GET", "/api/v1/search?size=-1", "", "", 400, "bad_request"},
		{"huge size", "GET", "/api/v1/search?size=100000", "", "", 400, "bad_request"},
		{"size not a number", "GET", "/api/v1/search?size=ten", "", "", 400, "bad_request"},
		{"from not a number", "GET", "/api/v1/search?from=abc", "", "", 400, "bad_request"},
		{"negative from", "GET", "/api/v1/search?from=-5", "", "", 400, "bad_request"},
		{"past the window", "GET", "/api/v1/search?from=9995&size=10", "", "", 400, "bad_request"},
		{"unknown sort", "GET", "/api/v1/search?sort=loudest", "", "", 400, "bad_request"},
		{"bad year filter", "GET", "/api/v1/search?year=20x9", "", "", 400, "bad_request"},
		{"too many filter values", "GET", "/api/v1/search?" + strings.Repeat("company=x&", 21), "", "", 400, "bad_request"},
		{"unknown id", "GET", "/api/v1/incidents/0123456789abcdef", "", "", 404, "not_found"},
		{"malformed id", "GET", "/api/v1/incidents/" + q("../../etc"), "", "", 404, "not_found"},
		{"similar to unknown id", "GET", "/api/v1/incidents/0123456789abcdef/similar", "", "", 404, "not_found"},
		{"similar size negative", "GET", "/api/v1/incidents/" + id + "/similar?size=-1", "", "", 400, "bad_request"},
		{"similar size huge", "GET", "/api/v1/incidents/" + id + "/similar?size=5000", "", "", 400, "bad_request"},
		{"post bad JSON", "POST", "/api/v1/similar", json, `{"text": "dns`, 400, "bad_request"},
		{"post wrong type", "POST", "/api/v1/similar", json, `{"text": 42}`, 400, "bad_request"},
		{"post empty body", "POST", "/api/v1/similar", json, ``, 400, "bad_request"},
		{"post no text", "POST", "/api/v1/similar", json, `{"size": 3}`, 400, "bad_request"},
		{"post two values", "POST", "/api/v1/similar", json, `{"text": "dns"} {}`, 400, "bad_request"},
		{"post size huge", "POST", "/api/v1/similar", json, `{"text": "dns", "size": 1000}`, 400, "bad_request"},
		{"post size negative", "POST", "/api/v1/similar", json, `{"text": "dns", "size": -1}`, 400, "bad_request"},
		{"post size fraction", "POST", "/api/v1/similar", json, `{"text": "dns", "size": 1.5}`, 400, "bad_request"},
		{"post an array", "POST", "/api/v1/similar", json, `[]`, 400, "bad_request"},
		{"post a string", "POST", "/api/v1/similar", json, `"dns"`, 400, "bad_request"},
		{"post text too long", "POST", "/api/v1/similar", json,
			`{"text": "` + strings.Repeat("x", httpx.DefaultMaxTextLen+1) + `"}`, 400, "bad_request"},
		{"post body too large", "POST", "/api/v1/similar", json,
			`{"text": "` + strings.Repeat("x", httpx.DefaultMaxBodyBytes) + `"}`, 413, "payload_too_large"},
		{"post as a form", "POST", "/api/v1/similar", "application/x-www-form-urlencoded", "text=dns", 415, "unsupported_media_type"},
		{"random from unknown category", "GET", "/api/v1/random?category=cosmic-rays", "", "", 400, "invalid_query"},
		{"unknown route", "GET", "/api/v1/nope", "", "", 404, "not_found"},
		{"wrong method on search", "DELETE", "/api/v1/search", "", "", 405, "method_not_allowed"},
		{"GET on the POST endpoint", "GET", "/api/v1/similar", "", "", 405, "method_not_allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			w := httpxtest.Do(t, e, tc.method, tc.target, tc.contentType, body)
			if w.Code != tc.wantStatus {
				t.Fatalf("status: got %d, want %d (%s)", w.Code, tc.wantStatus, w.Body)
			}
			assertErrorBody(t, w, tc.wantCode)
		})
	}
}

// TestSizeRule checks that every size, in a query string or a JSON body,
// follows one rule: 0 or absent means 10, 1 to 100 is taken as asked,
// anything else is a 400 that says the range.
func TestSizeRule(t *testing.T) {
	pms := indextest.Synthetic(30)
	e := newEngine(t, api.Options{Index: indextest.Open(t, pms)})
	id := pms[0].ID
	endpoints := []struct {
		name string
		call func(size string) *httptest.ResponseRecorder
	}{
		{"search", func(size string) *httptest.ResponseRecorder {
			return httpxtest.Do(t, e, "GET", "/api/v1/search?size="+size, "", nil)
		}},
		{"similar to a record", func(size string) *httptest.ResponseRecorder {
			return httpxtest.Do(t, e, "GET", "/api/v1/incidents/"+id+"/similar?size="+size, "", nil)
		}},
		{"similar to text", func(size string) *httptest.ResponseRecorder {
			body := `{"text": "zone file DNS replica partition TLS certificate leap second Kubernetes pods"}`
			if size != "" {
				body = `{"text": "zone file DNS replica partition TLS certificate leap second Kubernetes pods", "size": ` + size + `}`
			}
			return httpxtest.Do(t, e, "POST", "/api/v1/similar", "application/json", strings.NewReader(body))
		}},
	}
	for _, ep := range endpoints {
		for _, tc := range []struct {
			size     string
			wantHits int // -1: a 400
		}{{"", 10}, {"0", 10}, {"3", 3}, {"-1", -1}, {"101", -1}} {
			t.Run(ep.name+" size="+tc.size, func(t *testing.T) {
				w := ep.call(tc.size)
				if tc.wantHits < 0 {
					if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "between 1 and 100 (0 or absent means 10)") {
						t.Errorf("got %d %s, want a 400 that gives the range", w.Code, w.Body)
					}
					return
				}
				var res struct {
					Hits []json.RawMessage `json:"hits"`
				}
				decode(t, w, &res)
				if w.Code != http.StatusOK || len(res.Hits) != tc.wantHits {
					t.Errorf("got %d with %d hits, want 200 with %d", w.Code, len(res.Hits), tc.wantHits)
				}
			})
		}
	}
}

func TestBodyMessages(t *testing.T) {
	e := newEngine(t, api.Options{})
	for _, tc := range []struct{ body, want string }{
		{`[]`, "the request body must be a JSON object with a text field, not a JSON array"},
		{`"dns"`, "the request body must be a JSON object with a text field, not a JSON string"},
		{``, "the request body is empty; it must be a JSON object with a text field"},
		{`{"text": ["dns"]}`, `"text" must be a JSON string, not array`},
		{`{"text": "dns", "size": "ten"}`, `"size" must be a JSON whole number, not string`},
	} {
		w := httpxtest.Do(t, e, "POST", "/api/v1/similar", "application/json", strings.NewReader(tc.body))
		var got struct {
			Error struct{ Message string } `json:"error"`
		}
		decode(t, w, &got)
		if w.Code != http.StatusBadRequest || got.Error.Message != tc.want {
			t.Errorf("body %s: got %d %q, want 400 %q", tc.body, w.Code, got.Error.Message, tc.want)
		}
	}
}

// TestOddQueriesNever5xx throws hostile query text at a real index: each
// answer may be a hit list or a 400, never a server error.
func TestOddQueriesNever5xx(t *testing.T) {
	e := newEngine(t, api.Options{})
	for _, s := range []string{
		"*", "a*", "mysq*", "dns~", "dns~9", "/.*/", "-", "--dns", `""`, `"`, "((((", "+", "company:\"",
		"year:abc", "year:99999", "tech:", "category:dns category:nope", "\x00", "\u202e", "🔥 outage",
		strings.Repeat("a~2 ", 100), strings.Repeat("ab* ", 120), "AND OR NOT", "title:dns", "\\",
	} {
		t.Run(fmt.Sprintf("%q", s), func(t *testing.T) {
			w := httpxtest.Do(t, e, "GET", "/api/v1/search?q="+q(s), "", nil)
			if w.Code >= 500 {
				t.Fatalf("status: got %d, want below 500 (%s)", w.Code, w.Body)
			}
			if w.Code != http.StatusOK {
				assertErrorBody(t, w, errorCodeFor(w.Code))
			}
		})
	}
}

func errorCodeFor(status int) string {
	if status == 400 {
		return "invalid_query"
	}
	return fmt.Sprint(status)
}

// failing is a Searcher whose every call fails with err (or panics), to
// check how each failure maps to a status without breaking a real index.
type failing struct {
	err   error
	panic bool
}

func (f failing) fail() error {
	if f.panic {
		panic("index exploded at /srv/secret/path")
	}
	return f.err
}
func (f failing) Search(context.Context, index.Query) (index.Results, error) {
	return index.Results{}, f.fail()
}
func (f failing) Get(context.Context, string) (data.Postmortem, error) {
	return data.Postmortem{}, f.fail()
}
func (f failing) Primary(context.Context, string) (string, error) { return "", f.fail() }
func (f failing) Similar(context.Context, string, int) (index.Results, error) {
	return index.Results{}, f.fail()
}
func (f failing) SimilarText(context.Context, string, int) (index.Results, error) {
	return index.Results{}, f.fail()
}
func (f failing) Random(context.Context, index.Query) (data.Postmortem, error) {
	return data.Postmortem{}, f.fail()
}

func (f failing) Duplicates(context.Context, string) ([]string, error) {
	return nil, f.fail()
}

func (f failing) Stats(context.Context) (index.Stats, error) {
	return index.Stats{}, f.fail()
}

func TestErrorMapping(t *testing.T) {
	secret := errors.New("open /srv/secret/path: disk on fire")
	tests := []struct {
		name       string
		s          failing
		wantStatus int
		wantCode   string
	}{
		{"query error", failing{err: &index.QueryError{Msg: "bad syntax"}}, 400, "invalid_query"},
		{"wrapped not found", failing{err: fmt.Errorf("get: %w", index.ErrNotFound)}, 404, "not_found"},
		{"deadline", failing{err: fmt.Errorf("search: %w", context.DeadlineExceeded)}, 503, "timeout"},
		{"internal", failing{err: secret}, 500, "internal"},
		{"panic", failing{panic: true}, 500, "internal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, api.Options{Index: tc.s})
			for _, target := range []string{"/api/v1/search?q=dns", "/api/v1/incidents/abc", "/api/v1/random", "/api/v1/stats"} {
				w := httpxtest.Do(t, e, "GET", target, "", nil)
				if w.Code != tc.wantStatus {
					t.Fatalf("%s: status: got %d, want %d", target, w.Code, tc.wantStatus)
				}
				assertErrorBody(t, w, tc.wantCode)
				if strings.Contains(w.Body.String(), "secret") {
					t.Errorf("%s: the answer leaks the internal error: %s", target, w.Body)
				}
			}
		})
	}
}

func TestClientGoneIsNot5xx(t *testing.T) {
	e := newEngine(t, api.Options{Index: failing{err: context.Canceled}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "/api/v1/search?q=dns", nil)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	if w.Code >= 500 || w.Code < 400 {
		t.Errorf("status: got %d, want a 4xx", w.Code)
	}
}
