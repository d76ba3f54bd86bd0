package httpx

import "github.com/gin-gonic/gin"

// apiCSP is the policy of an answer that is no page (JSON, a feed, an
// error): it may load nothing and be framed by nothing. The UI replaces it
// with its pages' own policy.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"

// SecureHeaders sets the security headers every answer carries, API, feed
// and error alike, before any handler runs, so a handler may only tighten
// or replace them (the UI sets its pages' Content-Security-Policy).
// hsts adds Strict-Transport-Security, for a server whose public address
// (--base-url) is https.
func SecureHeaders(hsts bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", apiCSP)
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		c.Next()
	}
}
