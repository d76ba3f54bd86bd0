package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
)

func TestBearerToken(t *testing.T) {
	e := gin.New()
	e.POST("/admin", httpx.BearerToken("s3cret-token", jsonFail), func(c *gin.Context) { c.Status(http.StatusAccepted) })
	tests := []struct {
		name, header string
		want         int
	}{
		{"right token", "Bearer s3cret-token", 202},
		{"scheme in any case", "bearer s3cret-token", 202},
		{"no header", "", 401},
		{"wrong token", "Bearer s3cret-tokem", 401},
		{"prefix of the token", "Bearer s3cret", 401},
		{"longer token", "Bearer s3cret-token-and-more", 401},
		{"basic auth", "Basic czNjcmV0LXRva2Vu", 401},
		{"token without scheme", "s3cret-token", 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h http.Header
			if tc.header != "" {
				h = http.Header{"Authorization": {tc.header}}
			}
			w := httpxtest.DoHeaders(t, e, http.MethodPost, "/admin", h)
			if w.Code != tc.want {
				t.Errorf("got %d, want %d", w.Code, tc.want)
			}
			if w.Code == 401 && w.Header().Get("WWW-Authenticate") == "" {
				t.Error("a 401 without WWW-Authenticate")
			}
		})
	}
}

// TestBearerTokenThrottled: five wrong admin tokens from one address, then
// that address waits (429 with Retry-After, the right token too), while
// another address goes on.
func TestBearerTokenThrottled(t *testing.T) {
	e := gin.New()
	e.POST("/admin", httpx.BearerToken("s3cret-token", jsonFail), func(c *gin.Context) { c.Status(http.StatusAccepted) })
	do := func(addr, token string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/admin", nil)
		r.RemoteAddr = addr
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		return w
	}
	for i := range httpx.DefaultLoginAttempts {
		if w := do("198.51.100.7:4000", "guess"); w.Code != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: got %d, want 401", i+1, w.Code)
		}
	}
	w := do("198.51.100.7:4001", "s3cret-token")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Fatalf("right token after %d wrong ones: got %d (Retry-After %q), want 429 with Retry-After",
			httpx.DefaultLoginAttempts, w.Code, w.Header().Get("Retry-After"))
	}
	if w := do("203.0.113.9:4000", "s3cret-token"); w.Code != http.StatusAccepted {
		t.Errorf("another address with the right token: got %d, want 202", w.Code)
	}
}

// TestThrottleBehindTrustedProxy: behind a proxy the engine trusts, each
// client the proxy names in X-Forwarded-For has its own bucket; from any
// other peer the header is ignored, so a client cannot pick its bucket.
func TestThrottleBehindTrustedProxy(t *testing.T) {
	e := httpx.NewEngine()
	if err := e.SetTrustedProxies([]string{"10.0.0.0/8"}); err != nil {
		t.Fatal(err)
	}
	e.POST("/admin", httpx.BearerToken("s3cret-token", jsonFail), func(c *gin.Context) { c.Status(http.StatusAccepted) })
	do := func(peer, forwarded, token string) int {
		r := httptest.NewRequest(http.MethodPost, "/admin", nil)
		r.RemoteAddr = peer
		r.Header.Set("Authorization", "Bearer "+token)
		if forwarded != "" {
			r.Header.Set("X-Forwarded-For", forwarded)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		return w.Code
	}
	for range httpx.DefaultLoginAttempts {
		do("10.1.2.3:5000", "198.51.100.7", "guess")
	}
	if got := do("10.1.2.3:5000", "198.51.100.7", "s3cret-token"); got != http.StatusTooManyRequests {
		t.Errorf("the guessing client behind the proxy: got %d, want 429", got)
	}
	if got := do("10.1.2.3:5000", "203.0.113.9", "s3cret-token"); got != http.StatusAccepted {
		t.Errorf("another client behind the same proxy: got %d, want 202", got)
	}
	// An untrusted peer's header names nobody: its guesses count against
	// the peer, whatever client it claims.
	for i := range httpx.DefaultLoginAttempts {
		do("192.0.2.50:5000", "203.0.113."+strconv.Itoa(i+1), "guess")
	}
	if got := do("192.0.2.50:5000", "203.0.113.99", "s3cret-token"); got != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer changing X-Forwarded-For: got %d, want 429", got)
	}
}
