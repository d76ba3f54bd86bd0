package ui_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
	bt "github.com/pmkb/pmkb/ui/browsertest"
)

// privateEngine serves the UI behind the read token, with the UI's own
// login form, as cmd/pmkb mounts it.
func privateEngine(t *testing.T, attempts int) *gin.Engine {
	t.Helper()
	h, err := ui.New(ui.Options{Index: indextest.Open(t, indextest.Fixtures()), Private: true})
	if err != nil {
		t.Fatal(err)
	}
	e := httpx.NewEngine()
	rt := httpx.NewReadToken(httpx.ReadTokenOptions{Token: "s3cret", APIPrefix: "/api/",
		OpenPrefixes: []string{"/static/"}, Page: h.LoginPage, Attempts: attempts, Logger: slog.New(slog.DiscardHandler)})
	e.Use(rt.Middleware())
	rt.Register(e)
	h.Register(e)
	e.NoRoute(h.NoRoute)
	return e
}

// TestLoginPageSpeaksTheReadersLanguage: the login form of a private
// server comes from the message catalogs, in the language chosen as on
// every page (?lang, the cookie, Accept-Language, or the lang of the page
// the reader was going to), and so do its refusals; it shows no
// navigation to pages the reader cannot open yet, and its stylesheet is
// served without the token.
func TestLoginPageSpeaksTheReadersLanguage(t *testing.T) {
	e := privateEngine(t, 1)
	post := func(token string, headers map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"token": {token}, "next": {"/stats"}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		return w
	}
	fr := map[string]string{"Accept-Language": "fr"}
	tests := []struct {
		name   string
		w      *httptest.ResponseRecorder
		status int
		want   []string
		not    []string
	}{
		{"english", getWith(t, e, "/login?next=%2Fstats", nil), 200,
			[]string{`<html lang="en">`, "<h1>Sign in</h1>", "Enter its read token.", `<label for="token">Read token</label>`, `value="/stats"`},
			[]string{`href="/wheel"`, `class="mini-search"`, "/feed.atom"}},
		{"?lang=fr", getWith(t, e, "/login?lang=fr", nil), 200,
			[]string{`<html lang="fr">`, "<h1>Se connecter</h1>", "Saisissez son jeton de lecture.", ">Jeton de lecture</label>"}, []string{"Sign in"}},
		{"cookie", getWith(t, e, "/login", map[string]string{"Cookie": "pmkb_lang=fr"}), 200, []string{`<html lang="fr">`}, nil},
		{"accept-language", getWith(t, e, "/login", fr), 200, []string{`<html lang="fr">`}, nil},
		{"the page the reader was going to", getWith(t, e, "/login?next="+url.QueryEscape("/stats?lang=fr"), nil), 200,
			[]string{`<html lang="fr">`, `value="/stats?lang=fr"`}, nil},
		{"wrong token", post("nope", fr), 401, []string{`role="alert">Ce n’est pas le jeton de lecture de ce serveur.`,
			`href="/login?lang=en&amp;next=%2Fstats"`}, nil}, // the switch keeps where the reader was going
		{"too many", post("nope", fr), 429, []string{`role="alert">Trop de jetons erronés depuis cette adresse. Réessayez dans `}, nil},
		{"too many, english", post("nope", nil), 429, []string{"Too many wrong tokens from this address. Try again in "}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.w.Code != tc.status {
				t.Fatalf("status: got %d, want %d", tc.w.Code, tc.status)
			}
			body := tc.w.Body.String()
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q\n%s", s, body)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(body, s) {
					t.Errorf("page has %q", s)
				}
			}
		})
	}
	w := getWith(t, e, "/login", nil)
	css := regexp.MustCompile(`/static/style\.[0-9a-f]+\.css`).FindString(w.Body.String())
	if w := getWith(t, e, css, nil); css == "" || w.Code != 200 {
		t.Errorf("stylesheet %q without the token: got %d, want 200", css, w.Code)
	}
	if strings.Contains(w.Body.String(), "/logout") {
		t.Errorf("the login form offers to sign out")
	}
	if w := getWith(t, e, "/stats?lang=fr", nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next="+url.QueryEscape("/stats?lang=fr") {
		t.Errorf("a page without the token: got %d to %q, want 303 to the login form", w.Code, w.Header().Get("Location"))
	}
}

// TestBrowserLogin drives the login form of a private server in a real
// browser: a page sends the reader to the form in the page's language,
// axe finds no violation on it (both languages, both colour schemes, and
// with its alert), a wrong token says so in French, the right one lands
// on the page the reader asked for, and the session holds across pages.
func TestBrowserLogin(t *testing.T) {
	srv := httptest.NewServer(privateEngine(t, 5))
	t.Cleanup(srv.Close)
	s := bt.New(t, srv.URL)
	for _, lang := range []string{"en", "fr"} {
		s.Open("/login?lang=" + lang)
		for _, scheme := range []string{"light", "dark"} {
			s.Step("colour scheme "+scheme, bt.ColorScheme(scheme))
			s.Axe("login " + lang + " " + scheme)
		}
	}
	s.Open("/stats?lang=fr")
	if got := strings.TrimPrefix(s.Location(), s.URL); !strings.HasPrefix(got, "/login?next=") {
		t.Fatalf("a page without the token: at %q, want the login form", got)
	}
	if got := s.Text("h1"); got != "Se connecter" {
		t.Errorf("login form of a French page: heading %q, want Se connecter", got)
	}
	s.ConsoleErrors() // before the 401 of a wrong token, which the console reports
	s.Step("type a wrong token", chromedp.SendKeys(chromedp.ID("token"), "guess"))
	s.Step("submit", bt.LoadAfter(chromedp.Submit(chromedp.ID("token"))))
	if got := s.Text(`[role="alert"]`); got != "Ce n’est pas le jeton de lecture de ce serveur." {
		t.Errorf("wrong token: alert %q, want it in French", got)
	}
	s.Axe("login fr with its alert")
	s.Step("type the token", chromedp.SendKeys(chromedp.ID("token"), "s3cret"))
	s.Step("submit", bt.LoadAfter(chromedp.Submit(chromedp.ID("token"))))
	if got := strings.TrimPrefix(s.Location(), s.URL); got != "/stats?lang=fr" {
		t.Errorf("after the login: at %q, want /stats?lang=fr", got)
	}
	if got := s.Text("h1"); got != "La base de connaissances en chiffres" {
		t.Errorf("after the login: heading %q, want the French stats page", got)
	}
	s.Open("/?q=dns")
	if got := strings.TrimPrefix(s.Location(), s.URL); got != "/?q=dns" {
		t.Errorf("another page after the login: at %q, want it open", got)
	}
	for _, scheme := range []string{"light", "dark"} {
		s.Step("colour scheme "+scheme, bt.ColorScheme(scheme))
		s.Axe("a page with the sign-out button, " + scheme)
	}
	s.Step("sign out", bt.LoadAfter(chromedp.Click(chromedp.CSS(".signout button"))))
	s.Open("/stats")
	if got := strings.TrimPrefix(s.Location(), s.URL); !strings.HasPrefix(got, "/login?next=") {
		t.Errorf("after signing out: at %q, want the login form", got)
	}
}

// TestSignOut: a private server's pages offer to sign out; a public one's
// do not.
func TestSignOut(t *testing.T) {
	e := privateEngine(t, 5)
	r := httptest.NewRequest(http.MethodGet, "/stats?lang=fr", nil)
	r.Header.Set("Authorization", "Bearer s3cret")
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	if !strings.Contains(w.Body.String(), `<form class="signout" method="post" action="/logout"><button type="submit">Se déconnecter</button></form>`) {
		t.Errorf("private server's page: no sign-out button")
	}
	if body := httpxtest.Get(t, newEngine(t, ui.Options{}), "/stats").Body.String(); strings.Contains(body, "/logout") {
		t.Errorf("public server's page offers to sign out")
	}
}
