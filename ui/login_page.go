package ui

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
)

// loginView is the data of the login form of a private server
// (PMKB_READ_TOKEN).
type loginView struct {
	page
	Next    string // where to go after the login, a path on this server
	Problem string // why the form is shown again; "" on a first visit
}

// loginProblems are the messages of the login form, by problem.
var loginProblems = map[httpx.LoginProblem]string{
	httpx.LoginNeeded:    msg("This server needs its read token."),
	httpx.LoginWrong:     msg("That is not this server's read token."),
	httpx.LoginThrottled: msg("Too many wrong tokens from this address. Try again in %d seconds."),
}

// LoginPage renders the login form in the reader's language; it is an
// httpx.LoginPage, which the read token's guard calls before any page
// handler ran. The page shows no navigation: every other page needs the
// token.
func (h *Handler) LoginPage(c *gin.Context, status int, v httpx.LoginView) {
	h.secure(c)
	// A reader sent here from /x?lang=fr reads the form in French.
	asked := c.Query("lang")
	if u, err := url.Parse(v.Next); err == nil && asked == "" {
		asked = u.Query().Get("lang")
	}
	h.chooseLangAsked(c, asked)
	l := h.loc(c)
	lv := loginView{page: page{Title: l.T("Sign in"), Nav: "login", Bare: true}, Next: v.Next}
	// The switch keeps the destination, also on the form a refused POST
	// shows (its URL is /login alone).
	lv.switchFrom = &url.URL{Path: "/login", RawQuery: url.Values{"next": {v.Next}}.Encode()}
	if m, ok := loginProblems[v.Problem]; ok {
		lv.Problem = l.T(m, int(v.RetryAfter.Seconds()))
	}
	h.render(c, status, "login", &lv)
}
