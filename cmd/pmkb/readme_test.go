package main

import (
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pmkb/pmkb/index/indextest"
)

// TestReadmeListsEveryRoute: every route the server mounts, API and UI, is
// named in the README, so its HTTP API table cannot fall behind again.
func TestReadmeListsEveryRoute(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	h, err := newRouter(serverOptions{Index: indextest.Open(t, indextest.Fixtures()),
		Logger: slog.New(slog.DiscardHandler), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	for _, r := range h.Routes() {
		if r.Method == "HEAD" {
			continue // the README says every GET answers HEAD
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		// The path, whole: after a backtick or a space, before a
		// backtick, a query or a space ("/similar" is not "/api/v1/similar").
		named := regexp.MustCompile("[` ]" + regexp.QuoteMeta(path) + "[`? ]")
		if !named.Match(readme) {
			t.Errorf("%s %s is not in the README", r.Method, path)
		}
	}
	if !strings.Contains(string(readme), "answers `HEAD`") {
		t.Error("the README does not say that GET routes answer HEAD")
	}
}
