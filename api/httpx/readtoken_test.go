package httpx_test

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
)

func readTokenEngine() *gin.Engine {
	e := httpx.NewEngine()
	rt := httpx.NewReadToken(httpx.ReadTokenOptions{Token: "s3cret-read-token", APIPrefix: "/api/", Open: []string{"/healthz", "/readyz"}, OpenPrefixes: []string{"/static/"},
		Logger: slog.New(slog.DiscardHandler)})
	e.Use(rt.Middleware())
	rt.Register(e)
	ok := func(c *gin.Context) { c.String(http.StatusOK, "ok") }
	e.GET("/healthz", ok)
	e.GET("/api/v1/search", ok)
	e.GET("/", ok)
	e.GET("/incidents/:id", ok)
	e.GET("/static/:file", ok)
	e.GET("/static/:file/:more", ok)
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
		{"static file open", "/static/style.abc.css", "", 200},
		{"nothing deeper under static", "/static/a/b", "", 303},
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

// TestReadTokenThrottlesGuesses drives a real server over TCP: after a
// few wrong tokens from one address, that address is answered 429 with
// Retry-After (the login form, bearer tokens, even the right token),
// while another address still logs in; once the interval has passed, the
// right token works again and clears the count.
func TestReadTokenThrottlesGuesses(t *testing.T) {
	e := httpx.NewEngine()
	rt := httpx.NewReadToken(httpx.ReadTokenOptions{Token: "s3cret-read-token", APIPrefix: "/api/",
		Attempts: 3, Every: 1500 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	e.Use(rt.Middleware())
	rt.Register(e)
	e.GET("/api/v1/search", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)

	from := func(ip string) *http.Client {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		return &http.Client{Transport: &http.Transport{DialContext: d.DialContext},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	login := func(cl *http.Client, token string) *http.Response {
		t.Helper()
		resp, err := cl.PostForm(srv.URL+"/login", url.Values{"token": {token}, "next": {"/api/v1/search"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	bearer := func(cl *http.Client, token string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/search", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		resp.Header.Set("X-Test-Body", string(body))
		return resp
	}
	a, b := from("127.0.0.1"), from("127.0.0.2")
	if r := login(a, "guess-1"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("first wrong token: got %d, want 401", r.StatusCode)
	}
	if r := bearer(a, "guess-2"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("second wrong token (bearer): got %d, want 401", r.StatusCode)
	}
	if r := login(a, "guess-3"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("third wrong token: got %d, want 401", r.StatusCode)
	}
	for name, r := range map[string]*http.Response{
		"fourth wrong token": login(a, "guess-4"),
		"the right token":    login(a, "s3cret-read-token"),
		"a bearer token":     bearer(a, "s3cret-read-token"),
	} {
		if r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("%s while throttled: got %d, want 429", name, r.StatusCode)
		}
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("%s while throttled: Retry-After %q, want whole seconds", name, r.Header.Get("Retry-After"))
		}
		if len(r.Cookies()) != 0 {
			t.Errorf("%s while throttled: got a cookie", name)
		}
	}
	if r := bearer(a, "x"); !strings.Contains(r.Header.Get("X-Test-Body"), `"code":"too_many_attempts"`) {
		t.Errorf("API while throttled: got %s, want the contract's error shape", r.Header.Get("X-Test-Body"))
	}
	if r := login(b, "s3cret-read-token"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another address: got %d, want 303 (a login)", r.StatusCode)
	}
	time.Sleep(1600 * time.Millisecond) // one interval: one more try
	if r := login(a, "s3cret-read-token"); r.StatusCode != http.StatusSeeOther || len(r.Cookies()) != 1 {
		t.Fatalf("after the wait: got %d with %d cookies, want 303 and the cookie", r.StatusCode, len(r.Cookies()))
	}
	for i := range 3 { // the login cleared the count: three tries again
		if r := login(a, "guess"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong token %d after a login: got %d, want 401", i+1, r.StatusCode)
		}
	}
}
