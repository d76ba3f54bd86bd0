package ui_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pmkb/pmkb/index/indextest"
	bt "github.com/pmkb/pmkb/ui/browsertest"
)

// TestBrowserAxe runs axe-core (vendored in ui/testdata/axe) on every page
// (the login form: TestBrowserLogin),
// in English and French, in the light and the dark colour scheme, with
// search as you type, the basket and the opened facets in play: no
// violation of WCAG 2.1 A/AA or of axe's best practices.
func TestBrowserAxe(t *testing.T) {
	pms := indextest.Fixtures()
	fr := indextest.Record("https://panne.test/fr", "Panne du stockage chez Contoso", "Contoso", "2021-08-01",
		"Une baie de stockage a perdu ses deux contrôleurs.", "La baie de stockage est tombée.", []string{"storage"}, nil)
	fr.Language, fr.ArchiveURL = "fr", "https://web.archive.org/web/2021/https://panne.test/fr"
	fr.Collection = "ours" // a second collection: its facet, and cards that name theirs
	pms = append(pms, fr)
	s := newSession(t, pms)
	globex, hooli := pms[1].ID, pms[3].ID
	pages := []string{
		"/",
		"/?q=" + url.QueryEscape("replica partition"),
		"/?q=mysqll",
		"/?category=database&sort=oldest",
		"/?collection=ours",
		"/incidents/" + globex,
		"/incidents/" + fr.ID,
		"/similar",
		"/similar?text=" + url.QueryEscape("leap second cpu spike"),
		"/stats",
		"/wheel?id=" + hooli,
		"/wheel?view=facilitator&id=" + hooli,
		"/selection?ids=" + globex + "," + hooli + "," + fr.ID,
		"/selection",
		"/?page=abc",
		"/nope",
	}
	for _, lang := range []string{"en", "fr"} {
		for _, p := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			s.Open(p + sep + "lang=" + lang)
			for _, scheme := range []string{"light", "dark"} {
				s.Step("colour scheme "+scheme, bt.ColorScheme(scheme))
				s.Axe(lang + " " + scheme + " " + p)
			}
		}
	}
	// The states scripts create: a basket, search results typed in place,
	// the facets opened at phone width.
	s.Open("/?lang=en")
	s.Step("add to the selection", chromedp.Click(chromedp.CSS(".basket-toggle")))
	s.Step("type", chromedp.SendKeys(chromedp.ID("q"), "dns"))
	s.WaitFor("the results to update", `location.search.includes("q=dns")`)
	s.Step("phone width", chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile))
	s.Step("open the filters", chromedp.Click(chromedp.CSS(".filters-toggle")))
	for _, scheme := range []string{"light", "dark"} {
		s.Step("colour scheme "+scheme, bt.ColorScheme(scheme))
		s.Axe("scripted states, " + scheme)
	}
}
