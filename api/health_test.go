package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index/indextest"
)

func TestHealthAndReadiness(t *testing.T) {
	ready := false
	e := newEngine(t, api.Options{Ready: func() bool { return ready }})
	if w := httpxtest.Do(t, e, "GET", "/healthz", "", nil); w.Code != http.StatusOK {
		t.Errorf("healthz: got %d, want 200", w.Code)
	}
	w := httpxtest.Do(t, e, "GET", "/readyz", "", nil)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz while loading: got %d, want 503", w.Code)
	}
	assertErrorBody(t, w, "not_ready")
	ready = true
	if w := httpxtest.Do(t, e, "GET", "/readyz", "", nil); w.Code != http.StatusOK {
		t.Errorf("readyz when loaded: got %d, want 200", w.Code)
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newEngine(t, api.Options{Registerer: reg, Gatherer: reg})
	httpxtest.Do(t, e, "GET", "/api/v1/search?q=dns", "", nil)
	httpxtest.Do(t, e, "GET", "/api/v1/search?size=-1", "", nil)
	httpxtest.Do(t, e, "GET", "/api/v1/incidents/"+indextest.Fixtures()[0].ID, "", nil)
	w := httpxtest.Do(t, e, "GET", "/metrics", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("metrics: got %d, want 200", w.Code)
	}
	for _, want := range []string{
		`pmkb_http_requests_total{method="GET",route="/api/v1/search",status="200"} 1`,
		`pmkb_http_requests_total{method="GET",route="/api/v1/search",status="400"} 1`,
		`pmkb_http_requests_total{method="GET",route="/api/v1/incidents/:id",status="200"} 1`,
		`pmkb_http_request_duration_seconds_count{method="GET",route="/api/v1/search",status="200"} 1`,
		`pmkb_http_request_duration_seconds_count{method="GET",route="/api/v1/search",status="400"} 1`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics: missing %q in\n%s", want, w.Body)
		}
	}
	if _, err := api.New(api.Options{Index: indextest.Open(t, indextest.Fixtures()), Registerer: reg, Gatherer: reg}); err == nil {
		t.Errorf("registering the metrics twice: got no error, want one")
	}
}

func TestHeadAnswersLikeGet(t *testing.T) {
	reg := prometheus.NewRegistry()
	ready := true
	e := newEngine(t, api.Options{Registerer: reg, Gatherer: reg, Ready: func() bool { return ready }})
	id := indextest.Fixtures()[0].ID
	for _, target := range []string{
		"/healthz", "/readyz", "/metrics", "/api/v1/search?q=dns", "/api/v1/search?size=-1",
		"/api/v1/incidents/" + id, "/api/v1/incidents/" + id + "/similar", "/api/v1/incidents/0123456789abcdef",
		"/api/v1/random?category=certificate", "/api/v1/stats", "/api/v1/openapi.json",
	} {
		t.Run(target, func(t *testing.T) {
			g := httpxtest.Do(t, e, "GET", target, "", nil)
			h := httpxtest.Do(t, e, "HEAD", target, "", nil)
			if h.Code != g.Code {
				t.Errorf("status: HEAD got %d, GET got %d; want the same", h.Code, g.Code)
			}
			if hc, gc := h.Header().Get("Content-Type"), g.Header().Get("Content-Type"); hc != gc {
				t.Errorf("content type: HEAD got %q, GET got %q; want the same", hc, gc)
			}
			if h.Body.Len() != 0 {
				t.Errorf("HEAD body: got %d bytes (%.60q), want none", h.Body.Len(), h.Body)
			}
			if g.Body.Len() == 0 {
				t.Errorf("GET body: got none, want the answer")
			}
		})
	}
	ready = false
	if h := httpxtest.Do(t, e, "HEAD", "/readyz", "", nil); h.Code != http.StatusServiceUnavailable || h.Body.Len() != 0 {
		t.Errorf("HEAD /readyz while loading: got %d with %d bytes, want 503 without a body", h.Code, h.Body.Len())
	}
	if h := httpxtest.Do(t, e, "HEAD", "/api/v1/similar", "", nil); h.Code != http.StatusMethodNotAllowed {
		t.Errorf("HEAD on the POST endpoint: got %d, want 405", h.Code)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	res, err := srv.Client().Head(srv.URL + "/healthz")
	if err != nil {
		t.Fatalf("HEAD /healthz over HTTP: %v", err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("HEAD /healthz over HTTP: got %d, want 200", res.StatusCode)
	}
}
