package httpx

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// BearerToken lets through only requests whose Authorization header is
// "Bearer TOKEN" with the given token; others are answered 401 through
// fail. The comparison takes the same time whatever the token sent: both
// sides are hashed first, so neither the position of the first wrong byte
// nor the length of the token shows in the timing. Wrong bearer tokens are
// throttled per client address as the read token's are (5, then one every
// 20 s): a client that must wait gets 429 and Retry-After, even with the
// right token, so that guessing cannot go faster.
func BearerToken(token string, fail ErrorFunc) gin.HandlerFunc {
	want := sha256.Sum256([]byte(token))
	guesses := newThrottle(DefaultLoginAttempts, DefaultLoginEvery)
	return func(c *gin.Context) {
		scheme, got, ok := strings.Cut(c.GetHeader("Authorization"), " ")
		bearer := ok && strings.EqualFold(scheme, "Bearer")
		addr := clientAddr(c)
		if wait := guesses.wait(addr); bearer && wait > 0 {
			secs := retryAfter(wait)
			c.Header("Retry-After", strconv.Itoa(secs))
			fail(c, http.StatusTooManyRequests, CodeTooManyAttempts,
				tooManyMessage(secs))
			c.Abort()
			return
		}
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !bearer || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			if bearer {
				guesses.fail(addr)
			}
			c.Header("WWW-Authenticate", `Bearer realm="pmkb admin"`)
			fail(c, http.StatusUnauthorized, CodeUnauthorized, "this route needs the admin token: Authorization: Bearer TOKEN")
			c.Abort()
			return
		}
		guesses.succeed(addr)
		c.Next()
	}
}
