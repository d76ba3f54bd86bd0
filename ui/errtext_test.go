package ui_test

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// TestErrorTextsInFrench provokes, through the pages, every message of
// index and data/export a reader can get wrong, and reads it in French:
// the page shows the catalog's French with the message's own values and
// none of the English. A message reworded in index (or a new one) fails
// here until ui/errtext.go and the catalog follow.
func TestErrorTextsInFrench(t *testing.T) {
	e := newEngine(t, ui.Options{MaxQueryLen: 2000})
	q := func(s string) string { return "/?q=" + url.QueryEscape(s) }
	words := make([]string, 64)
	for i := range words {
		words[i] = "w" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	ids := make([]string, 201)
	for i := range ids {
		ids[i] = fmt.Sprintf("%016x", i)
	}
	tests := []struct {
		name, target string
		french       string // in the page
		english      string // not in the page
	}{
		{"unterminated phrase", q(`company:"acme`), `au caractère 9 : expression entre guillemets non fermée : ajoutez le guillemet fermant (")`, "unterminated"},
		{"field without a value", q(`company:""`), "au caractère 1 : company : il faut une valeur, par exemple company:github", "needs a value"},
		{"years backwards", q("year:2019..2015"), "la plage d’années 2019..2015 est à l’envers ; écrivez year:2015..2019", "runs backwards"},
		{"not a year", q("dns year:abc"), `au caractère 5 : "abc" n’est pas une année ; écrivez year:2017`, "is not a year"},
		{"year out of range", q("year:1900"), "l’année 1900 est hors de la plage 1970..2100", "out of range"},
		{"short prefix", q("a*"), `"a*" : mettez au moins 2 caractères avant le *`, "put at least"},
		{"fuzziness", q("mysql~3"), `"mysql~3" : le flou doit valoir 1 ou 2`, "fuzziness must"},
		{"short fuzzy word", q("db~"), `"db~" : un mot approché demande au moins 3 caractères`, "needs at least"},
		{"parentheses", q("(dns OR bgp)"), "les parenthèses ne groupent pas", "do not group"},
		{"OR alone", q("mysql OR"), "OR demande un mot de chaque côté", "needs a word"},
		{"OR and a filter", q("dns OR company:x"), "OR relie des mots et des expressions", "joins words"},
		{"query too long for the parser", q(strings.Repeat("a", 1001)), "la requête fait 1001 caractères ; la limite est de 1000", "characters long"},
		{"too many words", q(strings.Join(words, " ")), "la requête a 64 mots ; seuls 63 au plus comptent", "at most 63 count"},
		{"unknown category in q", q("category:cosmic"), `catégorie inconnue "cosmic" ; les catégories sont config-change,`, "unknown category"},
		{"unknown category filter", "/?category=cosmic", `catégorie inconnue "cosmic"`, "unknown category"},
		{"not a four-digit year", "/?year=20x9", `"20x9" n’est pas une année à quatre chiffres`, "four-digit"},
		{"year filter out of range", "/?year=1000", `"1000" n’est pas une année (AAAA)`, "(YYYY)"},
		{"unknown sort", "/?sort=loudest", `le tri "loudest" n’est pas l’un de relevance, newest, oldest`, "is not one of"},
		{"filter value too long", "/?company=" + strings.Repeat("x", 101), "une valeur de company est trop longue ou pas en UTF-8", "too long"},
		{"too many filter values", "/?company=" + strings.Join(words[:21], "&company="), "au plus 20 valeurs de company", "at most"},
		{"feed filter", "/feed.atom?category=cosmic", `catégorie inconnue "cosmic"`, "unknown category"},
		{"selection id", "/selection?ids=" + url.QueryEscape("<x>"), `"&lt;x&gt;" n’est pas un identifiant d’incident`, "is not an incident id"},
		{"selection too long", "/selection?ids=" + strings.Join(ids, ","), "201 incidents ; une sélection en contient au plus 200", "holds at most"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sep := "?"
			if strings.Contains(tc.target, "?") {
				sep = "&"
			}
			w := httpxtest.Get(t, e, tc.target+sep+"lang=fr")
			if w.Code != 400 {
				t.Fatalf("status: got %d, want 400", w.Code)
			}
			body := html.UnescapeString(w.Body.String())
			if want := html.UnescapeString(tc.french); !strings.Contains(body, want) {
				t.Errorf("page lacks %q:\n%s", want, alertText(body))
			}
			if strings.Contains(body, tc.english) {
				t.Errorf("page has the English %q:\n%s", tc.english, alertText(body))
			}
		})
	}
}

// alertText is the part of a page that says what went wrong, for
// failure messages.
func alertText(body string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		return body[i:min(len(body), i+400)]
	}
	if i := strings.Index(body, `<main`); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	return body
}

// TestMiddlewareRefusalsInFrench: the shared middleware refuses before
// any page handler runs (headers too large, a full queue); its pages
// still come in the reader's language.
func TestMiddlewareRefusalsInFrench(t *testing.T) {
	h, err := ui.New(ui.Options{Index: indextest.Open(t, indextest.Fixtures())})
	if err != nil {
		t.Fatal(err)
	}
	e := httpx.NewEngine()
	e.Use(httpx.HeaderLimit(2048, h.WriteError))
	e.GET("/busy", func(c *gin.Context) {
		h.WriteError(c, 503, httpx.CodeOverloaded, "the server is busy; try again in 2 s")
	})
	h.Register(e)
	w := getWith(t, e, "/stats", map[string]string{"Accept-Language": "fr", "X-Big": strings.Repeat("x", 3000)})
	body := html.UnescapeString(w.Body.String())
	if w.Code != 431 || !strings.Contains(body, "<h1>Requête trop grande</h1>") || !strings.Contains(body, "la ligne de requête et les en-têtes font") {
		t.Errorf("431 in French: got %d\n%s", w.Code, alertText(body))
	}
	w = getWith(t, e, "/busy?lang=fr", nil)
	body = html.UnescapeString(w.Body.String())
	if w.Code != 503 || !strings.Contains(body, "<h1>Le serveur est occupé</h1>") || !strings.Contains(body, "le serveur est occupé ; réessayez dans 2 s") {
		t.Errorf("503 in French: got %d\n%s", w.Code, alertText(body))
	}
}
