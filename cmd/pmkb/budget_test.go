package main

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index/indextest"
)

func TestServeRequestTimeoutFlag(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		args    []string
		want    time.Duration
		wantErr string
	}{
		{"default", "", nil, defaultRequestTimeout, ""},
		{"from the environment", "5s", nil, 5 * time.Second, ""},
		{"the flag beats the environment", "5s", []string{"--request-timeout", "750ms"}, 750 * time.Millisecond, ""},
		{"bad environment", "soon", nil, 0, `PMKB_REQUEST_TIMEOUT="soon" is not a valid --request-timeout`},
		{"zero", "", []string{"--request-timeout", "0s"}, 0, "must be above 0"},
		{"negative from the environment", "-1s", nil, 0, "must be above 0"},
		{"not below the write timeout", "", []string{"--request-timeout", "30s"}, 0, "below 30s"},
		{"not a duration", "", []string{"--request-timeout", "2"}, 0, "invalid value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := env{stderr: io.Discard, getenv: func(k string) string {
				if k == "PMKB_REQUEST_TIMEOUT" {
					return tc.env
				}
				return ""
			}}
			cfg, err := parseServeFlags(e, tc.args)
			if tc.wantErr != "" {
				var ue *usageError
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want a usage error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || cfg.budget != tc.want {
				t.Fatalf("got %v, %v; want %v, nil", cfg.budget, err, tc.want)
			}
		})
	}
}

// TestRouterBudget: one budget bounds every request, API and UI alike; a
// search past it answers 503 (JSON for the API, the "Too slow" page for
// the UI), never a 500 or a client-gone 499.
func TestRouterBudget(t *testing.T) {
	h, err := newRouter(serverOptions{Index: indextest.Open(t, indextest.Fixtures()),
		Logger: slog.New(slog.DiscardHandler), Budget: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	w := httpxtest.Get(t, h, "/api/v1/search?q=dns")
	var body struct{ Error struct{ Code string } }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusServiceUnavailable || body.Error.Code != "timeout" {
		t.Errorf("API search over budget: got %d %s, want 503 with code timeout", w.Code, w.Body)
	}
	w = httpxtest.Get(t, h, "/?q=dns")
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "Too slow") {
		t.Errorf("UI search over budget: got %d, want 503 with the Too slow page", w.Code)
	}
	if w := httpxtest.Get(t, h, "/healthz"); w.Code != http.StatusOK {
		t.Errorf("healthz: got %d, want 200: it calls no index", w.Code)
	}
}
