// Package httpxtest holds the HTTP request helpers that tests share.
//
// The tests of httpx, api, ui and cmd/pmkb use it; like httpx it imports
// neither api nor ui.
package httpxtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Do sends one request to h and returns what h answered. contentType is
// set when not empty; body may be nil.
func Do(tb testing.TB, h http.Handler, method, target, contentType string, body io.Reader) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// Get sends a GET request for target to h.
func Get(tb testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	tb.Helper()
	return Do(tb, h, http.MethodGet, target, "", nil)
}

// Serve sends req to h and returns what h answered.
func Serve(tb testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	tb.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}
