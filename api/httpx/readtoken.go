package httpx

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// ReadCookie is the cookie the login form sets. It holds a MAC of the
// token, never the token itself.
const ReadCookie = "pmkb_read"

// readCookieAge is how long a login lasts.
const readCookieAge = 30 * 24 * time.Hour

// ReadToken makes a server's reads private (PMKB_READ_TOKEN): every route
// but the health checks and the login form needs the token, sent as
// "Authorization: Bearer TOKEN" or through the cookie the login form sets.
// Comparisons take the same time whatever was sent: both sides are hashed
// first and compared with subtle.ConstantTimeCompare, so neither a prefix
// nor the token's length shows in the timing.
type ReadToken struct {
	want   [32]byte // SHA-256 of the token
	cookie string   // the cookie value a login sets: HMAC-SHA-256(token, purpose)
	open   map[string]bool
	api    string // path prefix answered in JSON
}

// NewReadToken returns the guard of token. apiPrefix is the path prefix
// whose refusals are JSON ({"error": ...}); others are sent to the login
// form. open lists paths that stay public (/healthz, /readyz).
func NewReadToken(token, apiPrefix string, open ...string) *ReadToken {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("pmkb read session v1"))
	rt := &ReadToken{want: sha256.Sum256([]byte(token)), cookie: hex.EncodeToString(mac.Sum(nil)),
		open: map[string]bool{"/login": true, "/logout": true}, api: apiPrefix}
	for _, p := range open {
		rt.open[p] = true
	}
	return rt
}

// Middleware lets through requests that carry the token and refuses the
// others: 401 in JSON under the API prefix, else a redirect (GET, HEAD) to
// the login form, or a 401 page.
func (rt *ReadToken) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if rt.open[c.Request.URL.Path] || rt.allowed(c.Request) {
			c.Next()
			return
		}
		c.Header("WWW-Authenticate", `Bearer realm="pmkb"`)
		c.Header("Cache-Control", "no-store")
		switch {
		case strings.HasPrefix(c.Request.URL.Path, rt.api):
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": gin.H{"code": "unauthorized",
				"message": "this server's reads need its token: Authorization: Bearer TOKEN"}})
		case c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead:
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
		default:
			rt.loginPage(c, http.StatusUnauthorized, "", "This server needs its read token.")
			c.Abort()
		}
	}
}

// allowed reports whether r carries the token or a login's cookie.
func (rt *ReadToken) allowed(r *http.Request) bool {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return rt.matches(strings.TrimSpace(h[7:]))
	}
	if ck, err := r.Cookie(ReadCookie); err == nil {
		return subtle.ConstantTimeCompare([]byte(ck.Value), []byte(rt.cookie)) == 1
	}
	return false
}

// matches compares a token sent with the right one in constant time.
func (rt *ReadToken) matches(token string) bool {
	got := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(got[:], rt.want[:]) == 1
}

// Register mounts the login form (GET and POST /login) and POST /logout.
func (rt *ReadToken) Register(e gin.IRoutes) {
	GetAndHead(e, "/login", func(c *gin.Context) {
		rt.loginPage(c, http.StatusOK, c.Query("next"), "")
	})
	e.POST("/login", rt.login)
	e.POST("/logout", func(c *gin.Context) {
		http.SetCookie(c.Writer, rt.newCookie("", -1))
		c.Redirect(http.StatusSeeOther, "/login")
	})
}

// login checks the form's token, sets the cookie and goes where the
// reader was going.
func (rt *ReadToken) login(c *gin.Context) {
	next := safeNext(c.PostForm("next"))
	if !rt.matches(c.PostForm("token")) {
		rt.loginPage(c, http.StatusUnauthorized, next, "That is not this server's read token.")
		return
	}
	http.SetCookie(c.Writer, rt.newCookie(rt.cookie, int(readCookieAge/time.Second)))
	c.Redirect(http.StatusSeeOther, next)
}

// newCookie is the login cookie: HttpOnly (no script reads it), Secure
// (sent over HTTPS only; browsers make an exception for localhost) and
// SameSite=Strict (no other site's page can use it).
func (rt *ReadToken) newCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: ReadCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode}
}

// safeNext keeps a login's destination on this server: a path, never
// another host ("//evil.example" or "https://...").
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) || next == "/login" {
		return "/"
	}
	return next
}

var loginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · pmkb</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:24rem;margin:15vh auto;padding:0 1rem}
input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin:.25rem 0}
.error{color:#b00020}</style></head>
<body><main><h1>pmkb</h1>
<p>This knowledge base is private. Enter its read token.</p>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="next" value="{{.Next}}">
<label for="token">Read token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form></main></body></html>
`))

// loginPage renders the login form.
func (rt *ReadToken) loginPage(c *gin.Context, status int, next, msg string) {
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	_ = loginTmpl.Execute(c.Writer, struct{ Next, Error string }{safeNext(next), msg})
}
