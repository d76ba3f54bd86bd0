package httpx

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// BearerToken lets through only requests whose Authorization header is
// "Bearer TOKEN" with the given token; others are answered 401 through
// fail. The comparison takes the same time whatever the token sent: both
// sides are hashed first, so neither the position of the first wrong byte
// nor the length of the token shows in the timing.
func BearerToken(token string, fail ErrorFunc) gin.HandlerFunc {
	want := sha256.Sum256([]byte(token))
	return func(c *gin.Context) {
		scheme, got, ok := strings.Cut(c.GetHeader("Authorization"), " ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="pmkb admin"`)
			fail(c, http.StatusUnauthorized, CodeUnauthorized, "this route needs the admin token: Authorization: Bearer TOKEN")
			c.Abort()
			return
		}
		c.Next()
	}
}
