package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var testFacets = facets{
	Categories:   []string{"dns", "database", "network", "deploy"},
	Technologies: []string{"MySQL", "Kubernetes", "BGP"},
	Years:        []string{"2017", "2019", "2021"},
	Companies:    []string{"Acme", "Globex"},
}

func TestWorkloadIsDistinctAndRepeatable(t *testing.T) {
	qs := searchQueries(testFacets, 1000, 1)
	if len(qs) != 1000 || !slices.Equal(qs, searchQueries(testFacets, 1000, 1)) {
		t.Fatalf("got %d queries, want the same 1000 for the same seed", len(qs))
	}
	if slices.Equal(qs[:10], searchQueries(testFacets, 10, 2)) {
		t.Error("another seed gave the same queries")
	}
	seen := map[string]bool{}
	for _, q := range qs {
		u, err := url.Parse(q)
		if err != nil || u.Path != "/api/v1/search" || u.Query().Get("q") == "" {
			t.Fatalf("query %q: want /api/v1/search with words", q)
		}
		v := u.Query()
		if len(v["category"])+len(v["year"])+len(v["technology"])+len(v["company"]) == 0 {
			t.Errorf("query %q has no facet filter", q)
		}
		if seen[q] {
			t.Errorf("query %q twice", q)
		}
		seen[q] = true
	}
	as := alertTexts(testFacets, 500, 1)
	if len(as) != 500 || len(slices.Compact(slices.Sorted(slices.Values(as)))) != 500 {
		t.Errorf("got %d alerts, want 500 distinct", len(as))
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    int
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}} {
		if got := percentile(ds, tc.p); got != tc.want {
			t.Errorf("p%d: got %v, want %v", tc.p, got, tc.want)
		}
	}
	if percentile(nil, 50) != 0 {
		t.Error("p50 of nothing: want 0")
	}
}

// fakeServer answers like pmkb: facets, stats, health, searches (every
// tenth one a shed 503, every 25th a 500) and similar incidents.
func fakeServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var searches atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"status":"ok"}`) })
	mux.HandleFunc("GET /api/v1/stats", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"records": 42}`) })
	mux.HandleFunc("GET /api/v1/search", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("q") == "" {
			json.NewEncoder(w).Encode(map[string]any{"facets": map[string]any{
				"category": []map[string]string{{"value": "dns"}}, "year": []map[string]string{{"value": "2020"}},
				"technology": []map[string]string{{"value": "MySQL"}}}})
			return
		}
		switch n := searches.Add(1); {
		case n%25 == 0:
			w.WriteHeader(http.StatusInternalServerError)
		case n%10 == 0:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			time.Sleep(time.Millisecond)
			io.WriteString(w, `{"total": 1, "hits": []}`)
		}
	})
	mux.HandleFunc("POST /api/v1/similar", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Text string }
		if json.NewDecoder(r.Body).Decode(&body) != nil || body.Text == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		io.WriteString(w, `{"total": 0, "hits": []}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &searches
}

// TestRunAgainstAServer runs the whole bench, briefly, against a fake
// pmkb on loopback: every endpoint at each connection count, the 503s
// and other 5xx counted apart, and a report in text and JSON.
func TestRunAgainstAServer(t *testing.T) {
	srv, searches := fakeServer(t)
	jsonOut := t.TempDir() + "/report.json"
	cfg, err := parseFlags([]string{"--url", srv.URL, "--conns", "4,1", "--duration", "300ms", "--warmup", "0",
		"--queries", "50", "--alerts", "20", "--json", jsonOut})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), cfg, &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if searches.Load() == 0 {
		t.Fatal("no search reached the server")
	}
	var rep report
	b, err := os.ReadFile(jsonOut)
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("JSON report: %v\n%s", err, b)
	}
	if len(rep.Runs) != 6 || rep.Records != 42 {
		t.Fatalf("got %d runs and %d records, want 6 (3 endpoints x 2 counts) and 42", len(rep.Runs), rep.Records)
	}
	for _, r := range rep.Runs {
		if r.OK == 0 || r.Errors != 0 || r.Status4x != 0 || r.P50 <= 0 || r.P99 < r.P50 {
			t.Errorf("%s at %d conns: got %+v, want good answers, no errors and p99 >= p50", r.Endpoint, r.Conns, r.result)
		}
		if r.Endpoint == "search" && (r.Shed == 0 || r.Other5xx == 0) {
			t.Errorf("search at %d conns: got %d 503s and %d other 5xx, want both counted", r.Conns, r.Shed, r.Other5xx)
		}
	}
	for _, want := range []string{"vs healthz", "search", "similar", "503s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the text report has no %q:\n%s", want, out.String())
		}
	}
}

func TestParseFlags(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--data", "d", "--conns", "0"},
		{"--data", "d", "--endpoints", "search,bogus"},
		{"--data", "d", "--duration", "0s"},
	} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("parseFlags(%q): got no error", args)
		}
	}
}
