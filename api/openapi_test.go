package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index"
)

func TestOpenAPIMatchesRoutes(t *testing.T) {
	reg := prometheus.NewRegistry()
	// With an admin token, so the admin routes exist too.
	e := newEngine(t, api.Options{Registerer: reg, Gatherer: reg, Admin: newFakeAdmin(), AdminToken: "t"})
	w := httpxtest.Do(t, e, "GET", "/api/v1/openapi.json", "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200", w.Code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	decode(t, w, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version: got %q, want 3.x", doc.OpenAPI)
	}
	routes := make(map[string]bool)
	for _, r := range e.Routes() {
		p := r.Path
		for _, seg := range strings.Split(p, "/") {
			if strings.HasPrefix(seg, ":") {
				p = strings.Replace(p, seg, "{"+seg[1:]+"}", 1)
			}
		}
		key := strings.ToLower(r.Method) + " " + p
		routes[key] = true
		method := strings.ToLower(r.Method)
		if method == "head" {
			method = "get" // the document says once that every GET answers HEAD
		}
		if _, ok := doc.Paths[p][method]; !ok {
			t.Errorf("route %s is not in the OpenAPI document", key)
		}
	}
	for key := range routes {
		if p, ok := strings.CutPrefix(key, "get "); ok && !routes["head "+p] {
			t.Errorf("GET %s does not answer HEAD", p)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !routes[m+" "+p] {
				t.Errorf("OpenAPI documents %s %s, which is not a route", m, p)
			}
		}
	}
}

// TestOpenAPISizeMatchesRule checks that the document states the size rule
// the handlers apply: 0 to index.MaxSize, 0 meaning the default.
func TestOpenAPISizeMatchesRule(t *testing.T) {
	w := httpxtest.Do(t, newEngine(t, api.Options{}), "GET", "/api/v1/openapi.json", "", nil)
	var doc any
	decode(t, w, &doc)
	var schemas []map[string]any
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["name"] == "size" {
				schemas = append(schemas, v["schema"].(map[string]any))
			}
			if props, ok := v["properties"].(map[string]any); ok && props["size"] != nil {
				schemas = append(schemas, props["size"].(map[string]any))
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if len(schemas) != 3 {
		t.Fatalf("size schemas: got %d, want 3 (search, similar to a record, similar to text)", len(schemas))
	}
	for _, s := range schemas {
		if s["minimum"] != 0.0 || s["maximum"] != float64(index.MaxSize) || s["default"] != 10.0 {
			t.Errorf("size schema: got %v, want minimum 0, maximum %d, default 10", s, index.MaxSize)
		}
	}
}
