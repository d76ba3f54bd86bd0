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

// DoHeaders sends one bodyless request with the given headers to h.
func DoHeaders(tb testing.TB, h http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	tb.Helper()
	return DoBody(tb, h, method, target, header, nil)
}

// DoBody sends one request with the given headers and body (may be nil)
// to h.
func DoBody(tb testing.TB, h http.Handler, method, target string, header http.Header, body io.Reader) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, vs := range header {
		req.Header[k] = vs
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// Serve sends req to h and returns what h answered.
func Serve(tb testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	tb.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}
