// Package httpx holds the gin plumbing that api and ui share.
//
// That is the engine's 405 policy, HEAD for GET routes, panic recovery,
// the per-request time budget, the caps' defaults and path ids, and the
// middleware every answer goes through: request ids and the access log,
// security headers, the header-size limit, gzip, the concurrency limiter
// with its queue, ETags and the admin token. Middleware that refuses a
// request answers through an ErrorFunc, so the format stays the caller's.
//
// It lives under api, whose HTTP conventions (HEAD for uptime checkers,
// 499 for a client that hung up) it carries, and is a leaf: it imports gin
// and the standard library only, never api, ui or index. So ui imports it
// without depending on api, and neither learns of the other.
package httpx

import "github.com/gin-gonic/gin"

// GetAndHead mounts handle for GET and HEAD on path. A HEAD request runs
// the GET handler with NoBody in front, so uptime checkers get the same
// status and headers without the body.
func GetAndHead(r gin.IRoutes, path string, handle gin.HandlerFunc) {
	r.GET(path, handle)
	r.HEAD(path, NoBody, handle)
}

// NoBody makes the handlers after it write their status and headers as
// they would for GET while nothing of the body goes out.
func NoBody(c *gin.Context) {
	c.Writer = headWriter{c.Writer}
	c.Next()
}

// headWriter drops what a handler writes to the body.
type headWriter struct{ gin.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) {
	w.WriteHeaderNow()
	return len(b), nil
}

func (w headWriter) WriteString(s string) (int, error) {
	w.WriteHeaderNow()
	return len(s), nil
}

// NewEngine returns a gin engine without middleware that answers a known
// path called with the wrong method through its NoMethod handlers (405)
// instead of NoRoute (404). api, ui and the server in cmd/pmkb build their
// engines with it.
func NewEngine() *gin.Engine {
	e := gin.New()
	e.HandleMethodNotAllowed = true
	// No proxy is trusted until the server names its own
	// (SetTrustedProxies): a client's X-Forwarded-For is never its
	// address. gin trusts every proxy by default.
	if err := e.SetTrustedProxies(nil); err != nil {
		panic(err) // nil is always valid
	}
	return e
}
