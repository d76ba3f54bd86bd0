package httpx_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
)

func readTokenEngine() *gin.Engine {
	e := httpx.NewEngine()
	rt := httpx.NewReadToken("s3cret-read-token", "/api/", "/healthz", "/readyz")
	e.Use(rt.Middleware())
	rt.Register(e)
	ok := func(c *gin.Context) { c.String(http.StatusOK, "ok") }
	e.GET("/healthz", ok)
	e.GET("/api/v1/search", ok)
	e.GET("/", ok)
	e.GET("/incidents/:id", ok)
	return e
}

func TestReadToken(t *testing.T) {
	e := readTokenEngine()
	tests := []struct {
		name, path, auth string
		want             int
	}{
		{"health stays open", "/healthz", "", 200},
		{"api without token", "/api/v1/search", "", 401},
		{"api with token", "/api/v1/search", "Bearer s3cret-read-token", 200},
		{"scheme in any case", "/api/v1/search", "bearer s3cret-read-token", 200},
		{"wrong token", "/api/v1/search", "Bearer s3cret-read-tokem", 401},
		{"prefix of the token", "/api/v1/search", "Bearer s3cret", 401},
		{"longer token", "/api/v1/search", "Bearer s3cret-read-token-and-more", 401},
		{"basic scheme", "/api/v1/search", "Basic czNjcmV0", 401},
		{"page without token goes to the login form", "/incidents/abc", "", 303},
		{"page with token", "/incidents/abc", "Bearer s3cret-read-token", 200},
		{"unknown path without token", "/nope", "", 303},
		{"login form open", "/login", "", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, tc.path, nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			w := httpxtest.Serve(t, e, req)
			if w.Code != tc.want {
				t.Fatalf("got %d, want %d", w.Code, tc.want)
			}
			if tc.want == 401 && !strings.Contains(w.Body.String(), `"code":"unauthorized"`) {
				t.Errorf("401 body: got %s, want the contract's error shape", w.Body)
			}
			if tc.want == 303 && w.Header().Get("Location") != "/login?next="+url.QueryEscape(tc.path) {
				t.Errorf("redirect: got %q", w.Header().Get("Location"))
			}
		})
	}
}

func TestReadTokenLogin(t *testing.T) {
	e := readTokenEngine()
	post := func(token, next string) *http.Response {
		form := url.Values{"token": {token}, "next": {next}}
		req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return httpxtest.Serve(t, e, req).Result()
	}
	if r := post("wrong", "/incidents/abc"); r.StatusCode != 401 || len(r.Cookies()) != 0 {
		t.Errorf("wrong token: got %d with %d cookies, want 401 and none", r.StatusCode, len(r.Cookies()))
	}
	r := post("s3cret-read-token", "/incidents/abc")
	if r.StatusCode != 303 || r.Header.Get("Location") != "/incidents/abc" {
		t.Fatalf("login: got %d to %q, want 303 to /incidents/abc", r.StatusCode, r.Header.Get("Location"))
	}
	cookies := r.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("login: got %d cookies, want 1", len(cookies))
	}
	ck := cookies[0]
	if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteStrictMode || ck.Name != httpx.ReadCookie {
		t.Errorf("cookie: got %+v, want HttpOnly, Secure, SameSite=Strict", ck)
	}
	if strings.Contains(ck.Value, "s3cret") {
		t.Errorf("cookie holds the token itself: %q", ck.Value)
	}
	for path, want := range map[string]int{"/incidents/abc": 200, "/api/v1/search": 200} {
		req, _ := http.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(ck)
		if w := httpxtest.Serve(t, e, req); w.Code != want {
			t.Errorf("%s with the cookie: got %d, want %d", path, w.Code, want)
		}
	}
	forged := &http.Cookie{Name: httpx.ReadCookie, Value: "s3cret-read-token"}
	req, _ := http.NewRequest(http.MethodGet, "/api/v1/search", nil)
	req.AddCookie(forged)
	if w := httpxtest.Serve(t, e, req); w.Code != 401 {
		t.Errorf("forged cookie: got %d, want 401", w.Code)
	}
	if r := post("s3cret-read-token", "//evil.example/x"); r.Header.Get("Location") != "/" {
		t.Errorf("login to another host: got %q, want /", r.Header.Get("Location"))
	}
}
