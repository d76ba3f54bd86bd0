package httpx

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// DefaultMaxHeaderBytes is how large a request line and headers may be,
// together, before HeaderLimit answers 431.
const DefaultMaxHeaderBytes = 64 << 10

// ServerMaxHeaderBytes is the http.Server's own limit, far above
// DefaultMaxHeaderBytes: Go answers a request over it with a plain-text
// 431 before any handler sees it, so it is raised to let HeaderLimit
// answer instead, in the error shape of the API or the UI.
const ServerMaxHeaderBytes = 1 << 20

// HeaderLimit answers 431 through fail when a request's line and headers
// add up to more than max bytes, counted as they came over the wire
// ("Name: value\r\n" each). max <= 0 means DefaultMaxHeaderBytes.
func HeaderLimit(max int, fail ErrorFunc) gin.HandlerFunc {
	if max <= 0 {
		max = DefaultMaxHeaderBytes
	}
	return func(c *gin.Context) {
		if n := headerBytes(c.Request); n > max {
			fail(c, http.StatusRequestHeaderFieldsTooLarge, CodeHeaderTooLarge,
				fmt.Sprintf("the request line and headers are %d bytes; the limit is %d", n, max))
			c.Abort()
			return
		}
		c.Next()
	}
}

// headerBytes is the size of r's request line and headers on the wire.
// Go moves Host out of the header map, so it is counted on its own.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + 1 + len(r.RequestURI) + 1 + len(r.Proto) + 2
	if r.Host != "" {
		n += len("Host: ") + len(r.Host) + 2
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + 2 + len(v) + 2
		}
	}
	return n + 2
}
