package httpx

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
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
// but the health checks, the login form and the static assets needs the
// token, sent as "Authorization: Bearer TOKEN" or through the cookie the
// login form sets. Comparisons take the same time whatever was sent: both
// sides are hashed first and compared with subtle.ConstantTimeCompare, so
// neither a prefix nor the token's length shows in the timing. Guessing is
// slow besides: each client address may send a few wrong tokens (form or
// bearer), then one more per interval, and is answered 429 with
// Retry-After meanwhile.
type ReadToken struct {
	want     [32]byte // SHA-256 of the token
	cookie   string   // the cookie value a login sets: HMAC-SHA-256(token, purpose)
	open     map[string]bool
	prefixes []string // paths under these stay open too
	api      string   // path prefix answered in JSON
	page     LoginPage
	guesses  *throttle
	log      *slog.Logger
}

// ReadTokenOptions configures a ReadToken. Token is required.
type ReadTokenOptions struct {
	Token string
	// APIPrefix is the path prefix whose refusals are JSON ({"error":
	// ...}); others are sent to the login form.
	APIPrefix string
	// Open lists paths that stay public (/healthz, /readyz); OpenPrefixes
	// lists folders whose files do (the static assets the login form
	// uses: "/static/"; one name under it, not deeper).
	Open, OpenPrefixes []string
	// Page renders the login form; nil means a plain English one. The UI
	// passes its own, in the reader's language.
	Page LoginPage
	// Attempts and Every bound guessing: Attempts wrong tokens in a row
	// from one client address, then one more per Every (0 means
	// DefaultLoginAttempts and DefaultLoginEvery).
	Attempts int
	Every    time.Duration
	Logger   *slog.Logger // slog.Default() when nil
}

// LoginProblem says why the login form is shown.
type LoginProblem int

// What the login form tells the reader.
const (
	LoginAsk       LoginProblem = iota // a first visit: the server is private
	LoginNeeded                        // a form was sent without the token
	LoginWrong                         // the token sent is not this server's
	LoginThrottled                     // too many wrong tokens: wait
)

// LoginView is what a login form shows.
type LoginView struct {
	Next       string        // where to go after the login, a path on this server
	Problem    LoginProblem  // why the form is shown
	RetryAfter time.Duration // how long to wait, when Problem is LoginThrottled
}

// LoginPage renders the login form with status.
type LoginPage func(c *gin.Context, status int, v LoginView)

// NewReadToken returns the guard of o.Token.
func NewReadToken(o ReadTokenOptions) *ReadToken {
	mac := hmac.New(sha256.New, []byte(o.Token))
	mac.Write([]byte("pmkb read session v1"))
	rt := &ReadToken{want: sha256.Sum256([]byte(o.Token)), cookie: hex.EncodeToString(mac.Sum(nil)),
		open: map[string]bool{"/login": true, "/logout": true}, prefixes: o.OpenPrefixes, api: o.APIPrefix,
		page: o.Page, guesses: newThrottle(o.Attempts, o.Every), log: o.Logger}
	for _, p := range o.Open {
		rt.open[p] = true
	}
	if rt.page == nil {
		rt.page = plainLoginPage
	}
	if rt.log == nil {
		rt.log = slog.Default()
	}
	return rt
}

// Middleware lets through requests that carry the token and refuses the
// others: 401 in JSON under the API prefix, else a redirect (GET, HEAD) to
// the login form, or a 401 page; 429 while the client must wait after
// too many wrong tokens.
func (rt *ReadToken) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if rt.isOpen(c.Request.URL.Path) {
			c.Next()
			return
		}
		ok, wait := rt.allowed(c)
		if ok {
			c.Next()
			return
		}
		isAPI := strings.HasPrefix(c.Request.URL.Path, rt.api)
		if wait > 0 {
			rt.throttled(c, isAPI, "", wait)
			return
		}
		c.Header("Cache-Control", "no-store")
		c.Header("WWW-Authenticate", `Bearer realm="pmkb"`)
		switch {
		case isAPI:
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": gin.H{"code": CodeUnauthorized,
				"message": "this server's reads need its token: Authorization: Bearer TOKEN"}})
		case c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead:
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
		default:
			rt.page(c, http.StatusUnauthorized, LoginView{Problem: LoginNeeded})
			c.Abort()
		}
	}
}

func (rt *ReadToken) isOpen(path string) bool {
	if rt.open[path] {
		return true
	}
	for _, p := range rt.prefixes {
		// One name right under the prefix, never a path that climbs out.
		if rest, ok := strings.CutPrefix(path, p); ok && rest != "" && !strings.Contains(rest, "/") && rest != ".." {
			return true
		}
	}
	return false
}

// allowed reports whether c's request carries the token or a login's
// cookie. A bearer token from a client that must wait is not even looked
// at: wait says how long is left, and the right token is refused too, so
// that a guess that works cannot be told apart meanwhile.
func (rt *ReadToken) allowed(c *gin.Context) (ok bool, wait time.Duration) {
	r := c.Request
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		addr := clientAddr(c)
		if wait := rt.guesses.wait(addr); wait > 0 {
			return false, wait
		}
		if rt.matches(strings.TrimSpace(h[7:])) {
			return true, 0
		}
		rt.failed(c, addr, "bearer")
		return false, 0
	}
	if ck, err := r.Cookie(ReadCookie); err == nil {
		return subtle.ConstantTimeCompare([]byte(ck.Value), []byte(rt.cookie)) == 1, 0
	}
	return false, 0
}

// failed counts a wrong token from addr.
func (rt *ReadToken) failed(c *gin.Context, addr, how string) {
	rt.guesses.fail(addr)
	rt.log.WarnContext(c.Request.Context(), "read token: wrong token", "via", how, "client", addr)
}

// throttled answers 429 with Retry-After: JSON under the API, else the
// login form saying how long to wait.
func (rt *ReadToken) throttled(c *gin.Context, isAPI bool, next string, wait time.Duration) {
	secs := retryAfter(wait)
	c.Header("Retry-After", strconv.Itoa(secs))
	c.Header("Cache-Control", "no-store")
	if isAPI {
		c.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": gin.H{"code": CodeTooManyAttempts,
			"message": tooManyMessage(secs)}})
		return
	}
	rt.page(c, http.StatusTooManyRequests, LoginView{Next: safeNext(next), Problem: LoginThrottled,
		RetryAfter: time.Duration(secs) * time.Second})
	c.Abort()
}

// clientAddr is the address a client's guesses count against: the TCP
// peer, or the client a trusted reverse proxy names in X-Forwarded-For
// (the engine's trusted proxies; none by default), never a header any
// client can write; an IPv6 client counts by its /64, which one machine
// usually holds whole. Behind a proxy the server does not trust, every
// client shares the proxy's bucket.
func clientAddr(c *gin.Context) string {
	addr := c.ClientIP()
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String()
	}
	return ip.String()
}

// matches compares a token sent with the right one in constant time.
func (rt *ReadToken) matches(token string) bool {
	got := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(got[:], rt.want[:]) == 1
}

// Register mounts the login form (GET and POST /login) and POST /logout.
func (rt *ReadToken) Register(e gin.IRoutes) {
	GetAndHead(e, "/login", func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		rt.page(c, http.StatusOK, LoginView{Next: safeNext(c.Query("next"))})
	})
	e.POST("/login", rt.login)
	e.POST("/logout", func(c *gin.Context) {
		http.SetCookie(c.Writer, rt.newCookie("", -1))
		c.Redirect(http.StatusSeeOther, "/login")
	})
}

// login checks the form's token, sets the cookie and goes where the
// reader was going. A client that must wait is answered 429 before its
// token is even looked at.
func (rt *ReadToken) login(c *gin.Context) {
	next := safeNext(c.PostForm("next"))
	addr := clientAddr(c)
	if wait := rt.guesses.wait(addr); wait > 0 {
		rt.throttled(c, false, next, wait)
		return
	}
	if !rt.matches(c.PostForm("token")) {
		rt.failed(c, addr, "login form")
		c.Header("Cache-Control", "no-store")
		rt.page(c, http.StatusUnauthorized, LoginView{Next: next, Problem: LoginWrong})
		return
	}
	rt.guesses.succeed(addr)
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

// plainLoginTmpl is the login form of a server without a UI of its own.
var plainLoginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · pmkb</title></head>
<body><main><h1>pmkb</h1>
<p>This knowledge base is private. Enter its read token.</p>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="next" value="{{.Next}}">
<label for="token">Read token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form></main></body></html>
`))

// plainLoginPage renders plainLoginTmpl.
func plainLoginPage(c *gin.Context, status int, v LoginView) {
	msg := map[LoginProblem]string{
		LoginNeeded:    "This server needs its read token.",
		LoginWrong:     "That is not this server's read token.",
		LoginThrottled: fmt.Sprintf("Too many wrong tokens. Try again in %d seconds.", retryAfter(v.RetryAfter)),
	}[v.Problem]
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	_ = plainLoginTmpl.Execute(c.Writer, struct{ Next, Error string }{safeNext(v.Next), msg})
}
