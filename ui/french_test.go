package ui_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// TestFrenchPagesSpeakFrench renders every page in French, the error
// pages and the refusals too, and looks for a message of the catalog left
// in English: a piece of text (or a label people read) that is an English
// message whose French differs. Text marked with another language (a
// record's own words, lang="en") is the record's, not the interface's.
// It catches what the template check cannot see: strings the Go code
// puts in a view without the catalog.
func TestFrenchPagesSpeakFrench(t *testing.T) {
	english := englishMessages(t)
	pms := indextest.Fixtures()
	pms[1].Fetch = data.Fetch{Status: data.FetchArchived}
	pms[2].Fetch = data.Fetch{Status: data.FetchBlocked, Error: "robots.txt disallows it"}
	pms[2].Collection = "ours"
	e := newEngine(t, ui.Options{Index: indextest.Open(t, pms)})
	pages := []string{"/", "/?q=" + url.QueryEscape("replica partition"), "/?q=mysqll", "/?category=database&company=Globex",
		"/?q=zzzzqqq", "/?page=9", "/similar", "/similar?text=" + url.QueryEscape("leap second cpu spike"),
		"/stats", "/wheel", "/selection", "/selection?ids=" + pms[1].ID + "," + pms[3].ID + ",0123456789abcdef",
		"/nope", "/?page=abc", "/?q=" + url.QueryEscape("(a OR b)"), "/incidents/0123456789abcdef", "/feed.atom?category=cosmic",
		"/wheel?category=cosmic"}
	for _, pm := range pms {
		pages = append(pages, "/incidents/"+pm.ID, "/wheel?id="+pm.ID, "/wheel?view=facilitator&id="+pm.ID)
		for step := 1; step <= 4; step++ {
			pages = append(pages, "/wheel?step="+string(rune('0'+step))+"&id="+pm.ID)
		}
	}
	for _, p := range pages {
		w := getWith(t, e, p, map[string]string{"Accept-Language": "fr"})
		checkFrench(t, p, w.Body.String(), english)
	}
	// The login form of a private server, asked, refused and throttled.
	private := privateEngine(t, 1)
	checkFrench(t, "/login", getWith(t, private, "/login?lang=fr", nil).Body.String(), english)
	for _, try := range []string{"wrong token", "throttled"} {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("token=nope"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Accept-Language", "fr")
		w := httptest.NewRecorder()
		private.ServeHTTP(w, r)
		checkFrench(t, "POST /login, "+try, w.Body.String(), english)
	}
	w := httpxtest.Do(t, e, http.MethodDelete, "/stats?lang=fr", "", nil)
	if text := interfaceText(w.Body.String()); !slices.Contains(text, "Méthode non autorisée") {
		t.Errorf("405 in French: got %q", text)
	}
}

// englishMessages are the catalog's English messages whose French differs,
// as patterns of a whole piece of text (a fmt verb matches any value).
func englishMessages(t *testing.T) []*regexp.Regexp {
	t.Helper()
	b, err := os.ReadFile("messages/fr.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var fr map[string]string
	if err := yaml.Unmarshal(b, &fr); err != nil {
		t.Fatal(err)
	}
	var english []*regexp.Regexp
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	for en, f := range fr {
		if en == f || !regexp.MustCompile(`\pL{2}`).MatchString(verb.ReplaceAllString(en, "")) {
			continue // the same in French, or no words of its own ("%s: %s")
		}
		parts := verb.Split(en, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		english = append(english, regexp.MustCompile(`^`+strings.Join(parts, `.+?`)+`$`))
	}
	return english
}

// checkFrench fails t for each piece of the page's interface text that is
// an English message.
func checkFrench(t *testing.T, where, page string, english []*regexp.Regexp) {
	t.Helper()
	for _, text := range interfaceText(page) {
		for _, re := range english {
			if re.MatchString(text) {
				t.Errorf("%s: %q is English (%s)", where, text, re)
			}
		}
	}
}

// interfaceText is the text of an HTML page and the attribute values
// people read, leaving out elements marked with a language other than
// French.
func interfaceText(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []bool // for each open element: is it in another language?
	other := func() bool { return slices.Contains(stack, true) }
	void := []string{"meta", "link", "input", "br", "img", "hr", "rect", "line", "source"}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if s := strings.TrimSpace(string(z.Text())); s != "" && !other() {
				out = append(out, s)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			foreign := false
			for _, a := range tok.Attr {
				if a.Key == "lang" && a.Val != "fr" {
					foreign = true
				}
				if slices.Contains([]string{"aria-label", "title", "placeholder", "alt", "data-add", "data-remove"}, a.Key) && !other() && !foreign {
					out = append(out, strings.TrimSpace(a.Val))
				}
			}
			if tok.Type == html.StartTagToken && !slices.Contains(void, tok.Data) {
				stack = append(stack, foreign)
			}
		case html.EndTagToken:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}
