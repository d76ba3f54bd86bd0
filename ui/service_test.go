package ui_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// TestFeedIgnoresTheHostHeader: without a base URL the feed's links are
// relative; a forged Host never reaches them.
func TestFeedIgnoresTheHostHeader(t *testing.T) {
	e := newEngine(t, ui.Options{})
	req := httptest.NewRequest(http.MethodGet, "/feed.atom", nil)
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil.example")
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	body := w.Body.String()
	if w.Code != 200 || strings.Contains(body, "evil.example") {
		t.Fatalf("got %d, and the feed names the forged host:\n%.600s", w.Code, body)
	}
	if !strings.Contains(body, `href="/incidents/`) || !strings.Contains(body, `href="/feed.atom"`) {
		t.Errorf("want relative links to the incidents and the feed:\n%.600s", body)
	}
}

// TestIncidentPageRedactsFetchError: an address stored in a record's fetch
// error (before the crawler redacted them) is not shown.
func TestIncidentPageRedactsFetchError(t *testing.T) {
	pm := indextest.Record("https://gone.example/pm", "Gone", "Gone", "2020-01-01", "The resolver failed.", "body", []string{"dns"}, nil)
	pm.Fetch = data.Fetch{Status: data.FetchFailed, Error: "dial tcp: lookup gone.example on 192.168.1.1:53: no such host"}
	e := newEngine(t, ui.Options{Index: indextest.Open(t, []data.Postmortem{pm})})
	w := httpxtest.Get(t, e, "/incidents/"+pm.ID)
	if w.Code != 200 || strings.Contains(w.Body.String(), "192.168.1.1") || !strings.Contains(w.Body.String(), "no such host") {
		t.Errorf("got %d; want the page with the error but not the resolver's address", w.Code)
	}
}

// TestWriteErrorIsAPage: the shared middleware's errors render as pages
// with the page's security policy.
func TestWriteErrorIsAPage(t *testing.T) {
	h, err := ui.New(ui.Options{Index: indextest.Open(t, indextest.Fixtures())})
	if err != nil {
		t.Fatal(err)
	}
	e := gin.New()
	e.GET("/", func(c *gin.Context) {
		h.WriteError(c, http.StatusServiceUnavailable, "overloaded", "The server is busy.")
	})
	w := httpxtest.Get(t, e, "/")
	if w.Code != 503 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") ||
		!strings.Contains(w.Body.String(), "The server is busy.") || !strings.Contains(w.Header().Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("got %d %q CSP %q; want a 503 page with the message", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Security-Policy"))
	}
}
