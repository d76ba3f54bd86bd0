package httpx_test

import (
	"net/http"
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
