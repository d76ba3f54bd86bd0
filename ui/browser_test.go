package ui_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
	bt "github.com/pmkb/pmkb/ui/browsertest"
)

// newSession serves the UI over pms (the fixtures when nil) and drives it
// with a headless browser.
func newSession(t *testing.T, pms []data.Postmortem) *bt.Session {
	t.Helper()
	if pms == nil {
		pms = indextest.Fixtures()
	}
	srv := httptest.NewServer(newEngine(t, ui.Options{Index: indextest.Open(t, pms)}))
	t.Cleanup(srv.Close)
	return bt.New(t, srv.URL)
}

// TestBrowserSearchFlow drives the real page: type a query, submit, see
// results, narrow by a facet, sort, open a record. Set PMKB_SCREENSHOTS to
// a directory to keep screenshots of each step for a look by eye.
func TestBrowserSearchFlow(t *testing.T) {
	s := newSession(t, nil)
	s.Open("/")
	if got := s.Text("#results-heading"); !strings.Contains(got, "of 6 post-mortems") {
		t.Errorf("home page heading: got %q, want all 6 post-mortems", got)
	}
	s.Step("type a query", chromedp.SendKeys(chromedp.ID("q"), "replica partition"))
	s.Step("submit", bt.LoadAfter(chromedp.Submit(chromedp.ID("q"))))
	s.Screenshot("search.png")
	if got := s.Text(".hits"); !strings.Contains(got, "MySQL failover split brain at Globex") {
		t.Fatalf("results: got %q, want the Globex post-mortem", got)
	}
	narrowAndSort(s)
	s.Step("open the first record", bt.LoadAfter(chromedp.Click(chromedp.CSS(".hit h3 a"))))
	s.Screenshot("record.png")
	if got := s.Text("article.record h1"); got != "MySQL failover split brain at Globex" {
		t.Errorf("record title: got %q, want the Globex post-mortem", got)
	}
	s.ConsoleErrors()
}

// narrowAndSort clicks a facet on the full list and sorts with the select,
// which must keep the filter.
func narrowAndSort(s *bt.Session) {
	t := s.T
	t.Helper()
	s.Step("back to all records", bt.LoadAfter(chromedp.Navigate(s.URL+"/?q=")))
	s.Step("click the Database facet", bt.LoadAfter(chromedp.Click(chromedp.CSS(`#facet-category a[href*="category=database"]`))))
	if got := s.Text(".active"); !strings.Contains(got, "Category: Database") {
		t.Errorf("active filters: got %q, want Category: Database", got)
	}
	if got := s.Text("#results-heading"); !strings.Contains(got, "of 2 post-mortems") {
		t.Errorf("filtered heading: got %q, want 2 post-mortems", got)
	}
	s.Step("sort by oldest with the select", bt.LoadAfter(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`(() => { const s = document.getElementById("sort"); s.value = "oldest"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)(ctx, tg)
		return err
	})))
	if loc := s.Location(); !strings.Contains(loc, "sort=oldest") || !strings.Contains(loc, "category=database") {
		t.Errorf("after choosing a sort: location %q, want sort=oldest kept with the filter", loc)
	}
}

// TestBrowserSearchAsYouType: typing updates the results in place (no
// page load), after a pause, and the address follows.
func TestBrowserSearchAsYouType(t *testing.T) {
	s := newSession(t, nil)
	s.Open("/")
	bt.Eval[bool](s, `window.samePage = true`)
	s.Step("type", chromedp.SendKeys(chromedp.ID("q"), "leap second"))
	s.WaitFor("the results to update", `document.getElementById("results-heading").textContent.includes("1 of 1")`)
	if got := s.Text(".hits"); !strings.Contains(got, "Leap second freezes Hooli clusters") {
		t.Errorf("results after typing: got %q, want the Hooli post-mortem", got)
	}
	if !bt.Eval[bool](s, `window.samePage === true`) {
		t.Errorf("the page reloaded; want the results replaced in place")
	}
	if loc := s.Location(); !strings.Contains(loc, "q=leap+second") {
		t.Errorf("location after typing: got %q, want q=leap+second", loc)
	}
	if got := s.Text("#live"); !strings.Contains(got, "1 of 1") {
		t.Errorf("live region: got %q, want the new result count announced", got)
	}
	s.ConsoleErrors()
}

// TestBrowserLanguageSwitch: the visible switch turns the interface to
// French, the choice sticks across pages, and back.
func TestBrowserLanguageSwitch(t *testing.T) {
	s := newSession(t, nil)
	s.Open("/")
	s.Step("switch to French", bt.LoadAfter(chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="fr"]`))))
	if lang := bt.Eval[string](s, `document.documentElement.lang`); lang != "fr" || !strings.Contains(s.Text("nav"), "Recherche") {
		t.Fatalf("after the switch: lang %q, nav %q; want French", lang, s.Text("nav"))
	}
	s.Open("/stats")
	if got := s.Text("h1"); got != "La base de connaissances en chiffres" {
		t.Errorf("next page: got %q, want it in French (the cookie)", got)
	}
	s.Step("switch back", bt.LoadAfter(chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="en"]`))))
	s.Open("/")
	if lang := bt.Eval[string](s, `document.documentElement.lang`); lang != "en" {
		t.Errorf("after switching back: lang %q, want en", lang)
	}
	s.ConsoleErrors()
}

// TestBrowserPhone: at 375 px the filters open from a button above the
// results, and the incident page starts with the title, the cause and
// the summary.
func TestBrowserPhone(t *testing.T) {
	s := newSession(t, indextest.Synthetic(40))
	s.Step("phone width", chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile))
	s.Open("/")
	s.Screenshot("phone-search.png")
	if bt.Eval[bool](s, `document.getElementById("facets").offsetParent !== null`) {
		t.Errorf("at 375 px the filters show before they are asked for")
	}
	top := bt.Eval[float64](s, `document.querySelector(".filters-toggle").getBoundingClientRect().top`)
	res := bt.Eval[float64](s, `document.getElementById("results-heading").getBoundingClientRect().top`)
	if top <= 0 || top > res || top > 740 {
		t.Errorf("filters button at %.0f px, results at %.0f px; want the button above the results, on the first screen", top, res)
	}
	s.Step("open the filters", chromedp.Click(chromedp.CSS(".filters-toggle")))
	s.Screenshot("phone-filters.png")
	if f := bt.Eval[float64](s, `document.getElementById("facet-category").getBoundingClientRect().top + scrollY`); f > 1000 {
		t.Errorf("the opened filters start at %.0f px; want them right below the button", f)
	}
	if got := bt.Eval[string](s, `document.querySelector(".filters-toggle").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("aria-expanded: got %q, want true", got)
	}
	s.Open("/incidents/" + indextest.Synthetic(40)[1].ID)
	s.Screenshot("phone-record.png")
	order := bt.Eval[[]string](s, `[...document.querySelectorAll("article.record > header h1, article.record > section, article.record > dl")].slice(0, 3).map(e => e.tagName + "." + (e.className || e.id))`)
	if len(order) < 3 || order[0] != "H1." || !strings.Contains(order[1], "rootcause") && !strings.Contains(order[1], "summary") {
		t.Errorf("incident page order at 375 px: got %v, want the title, the cause and the summary first", order)
	}
	s.ConsoleErrors()
}

// TestBrowserWheel: spin, step through the drill to the reveal, and a
// reload of the permalink shows the same incident.
func TestBrowserWheel(t *testing.T) {
	pms, err := data.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, pms)
	s.Open("/wheel")
	s.Step("pick a category", chromedp.SetValue(chromedp.ID("category"), "database"))
	s.Step("spin", bt.LoadAfter(chromedp.Click(chromedp.CSS(".wheel-form button"))))
	loc := s.Location()
	if !strings.Contains(loc, "id=") || !strings.Contains(loc, "category=database") {
		t.Fatalf("after a spin: location %q, want a permalink with the filter", loc)
	}
	if bt.Eval[bool](s, `!!document.getElementById("cause")`) {
		t.Errorf("the root cause shows before it is revealed")
	}
	for i := 0; bt.Eval[bool](s, `!!document.getElementById("next-step")`); i++ {
		if i > 12 {
			t.Fatal("the drill never ends")
		}
		s.Step("next step", bt.LoadAfter(chromedp.Click(chromedp.ID("next-step"))))
	}
	s.Screenshot("wheel-revealed.png")
	for _, id := range []string{"hint", "cause", "fix", "who"} {
		if !bt.Eval[bool](s, `!!document.getElementById("`+id+`")`) {
			t.Errorf("the end of the drill lacks #%s", id)
		}
	}
	title := s.Text("#who a")
	s.Step("reload the permalink", chromedp.Navigate(loc))
	s.Step("to the end", chromedp.Navigate(loc+"&view=facilitator"))
	if got := s.Text("#who a"); got != title {
		t.Errorf("the permalink shows %q, then %q; want the same incident", title, got)
	}
	s.ConsoleErrors()
}

// brokenWords lists the words of the stats page's labels that the browser
// split across two lines.
const brokenWords = `(() => {
  const out = [];
  document.querySelectorAll(".stat-group th, .legend li, svg.years text").forEach(el => {
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const re = /\S+/g;
      for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
        const r = document.createRange();
        r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  });
  return out;
})()`

// TestBrowserStatsLabels: at phone and desktop widths, in both languages,
// no label of the stats page breaks inside a word.
func TestBrowserStatsLabels(t *testing.T) {
	pms, err := data.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, pms)
	for _, w := range []int64{375, 1280} {
		s.Step("width", chromedp.EmulateViewport(w, 900))
		for _, lang := range []string{"en", "fr"} {
			s.Open("/stats?lang=" + lang)
			s.Screenshot("stats-" + lang + ".png")
			if broken := bt.Eval[[]string](s, brokenWords); len(broken) > 0 {
				t.Errorf("%d px, %s: labels broken mid-word: %q", w, lang, broken)
			}
		}
	}
	if n := bt.Eval[float64](s, `document.querySelectorAll("svg.years a").length`); n < 30 {
		t.Errorf("the chart has %v bars; want one per year since the oldest incident", n)
	}
	s.ConsoleErrors()
}
