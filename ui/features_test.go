package ui_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// getWith fetches target with extra request headers.
func getWith(t *testing.T, h http.Handler, target string, headers map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestLanguageChoice: ?lang= wins and sets the cookie, the cookie wins
// over Accept-Language, Accept-Language over the English default; dates
// follow the language; a French record's text is marked lang="fr".
func TestLanguageChoice(t *testing.T) {
	pms := indextest.Fixtures()
	fr := indextest.Record("https://panne.test/fr", "Panne du stockage chez Contoso", "Contoso", "2021-08-01",
		"Une baie de stockage a perdu ses deux contrôleurs.", "La baie de stockage est tombée.", []string{"storage"}, nil)
	fr.Language = "fr"
	e := newEngine(t, ui.Options{Index: indextest.Open(t, append(pms, fr))})
	tests := []struct {
		name    string
		target  string
		headers map[string]string
		want    []string
	}{
		{"default", "/", nil, []string{`<html lang="en">`, ">Search</a>", "Newest first"}},
		{"query", "/?lang=fr", nil, []string{`<html lang="fr">`, ">Recherche</a>", "Plus récents d’abord", "sur 7 post-mortems"}},
		{"cookie", "/stats", map[string]string{"Cookie": "pmkb_lang=fr", "Accept-Language": "en"}, []string{`<html lang="fr">`, "La base de connaissances en chiffres"}},
		{"query beats cookie", "/stats?lang=en", map[string]string{"Cookie": "pmkb_lang=fr"}, []string{`<html lang="en">`, "The knowledge base in numbers"}},
		{"accept-language", "/similar", map[string]string{"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"}, []string{`<html lang="fr">`, "Trouver des incidents comme le vôtre"}},
		{"unknown lang ignored", "/?lang=de", map[string]string{"Accept-Language": "fr"}, []string{`<html lang="fr">`}},
		{"french dates", "/incidents/" + pms[1].ID + "?lang=fr", nil, []string{"21 oct. 2018", "Cause première", `hreflang="en"`}},
		{"french record", "/incidents/" + fr.ID, nil, []string{`<h1 lang="fr">Panne du stockage chez Contoso</h1>`, `<p lang="fr">Une baie de stockage`}},
		{"french card", "/?q=contoso", nil, []string{`<a href="/incidents/` + fr.ID + `" lang="fr">`, `class="cause" lang="fr"`}},
		{"french error", "/nope?lang=fr", nil, []string{"Page introuvable"}},
		{"facet values named", "/?lang=fr", nil, []string{`<span class="v">anglais</span>`, `<span class="v">français</span>`, `<span class="v">test-list — Tests</span>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := getWith(t, e, tc.target, tc.headers)
			body := w.Body.String()
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
		})
	}
	w := httpxtest.Get(t, e, "/?lang=fr")
	if ck := w.Header().Get("Set-Cookie"); !strings.Contains(ck, "pmkb_lang=fr") || !strings.Contains(ck, "SameSite=Lax") {
		t.Errorf("?lang=fr: Set-Cookie got %q, want pmkb_lang=fr", ck)
	}
	if v := w.Header().Values("Vary"); !strings.Contains(strings.Join(v, ","), "Accept-Language") {
		t.Errorf("Vary got %q, want Accept-Language", v)
	}
	// The switch keeps the page's own parameters.
	w = httpxtest.Get(t, e, "/?q=dns&category=dns")
	if !regexp.MustCompile(`href="/\?category=dns&amp;lang=fr&amp;q=dns" hreflang="fr"`).MatchString(w.Body.String()) {
		t.Errorf("language switch does not keep the search: %s", w.Body.String()[:min(2000, w.Body.Len())])
	}
}

// TestCardsAtAGlance: a card shows the cause line, the snippet beside it
// when it adds something, and the archived copy when there is one; the
// empty query lists the newest incidents first, the years newest first.
func TestCardsAtAGlance(t *testing.T) {
	pms := indextest.Fixtures()
	pms[1].ArchiveURL = "https://web.archive.org/web/2019/https://blog.globex.test/mysql-split-brain"
	e := newEngine(t, ui.Options{Index: indextest.Open(t, pms)})
	body := httpxtest.Get(t, e, "/?q=diverged").Body.String()
	for _, s := range []string{`<strong>Cause:</strong> A network partition made the orchestrator promote a replica`,
		`class="snippet" lang="en">`, `<a class="archived" href="https://web.archive.org/web/2019/https://blog.globex.test/mysql-split-brain"`,
		`class="basket-toggle" href="/selection?ids=` + pms[1].ID + `"`} {
		if !strings.Contains(body, s) {
			t.Errorf("card lacks %q", s)
		}
	}
	body = httpxtest.Get(t, e, "/").Body.String()
	var order []string
	for _, m := range regexp.MustCompile(`<time datetime="([0-9-]+)"`).FindAllStringSubmatch(body, -1) {
		order = append(order, m[1])
	}
	if strings.Join(order, " ") != "2022-01-01 2021-07-15 2020-02-11 2019-03-04 2018-10-21 2012-06-30" {
		t.Errorf("empty query order: got %v, want newest first", order)
	}
	years := regexp.MustCompile(`(?s)id="facet-year".*?</section>`).FindString(body)
	var ys []string
	for _, m := range regexp.MustCompile(`<span class="v">(\d{4})</span>`).FindAllStringSubmatch(years, -1) {
		ys = append(ys, m[1])
	}
	if strings.Join(ys, " ") != "2022 2021 2020 2019 2018 2012" {
		t.Errorf("year facet: got %v, want the years newest first", ys)
	}
}

// TestFacetShowMore: a facet with more values than shown keeps the rest
// behind a "show more" that works without JavaScript.
func TestFacetShowMore(t *testing.T) {
	e := newEngine(t, ui.Options{Index: indextest.Open(t, indextest.Synthetic(60))})
	body := httpxtest.Get(t, e, "/").Body.String()
	company := regexp.MustCompile(`(?s)id="facet-company".*?</section>`).FindString(body)
	if !strings.Contains(company, `<details class="more">`) || !strings.Contains(company, "Show 12 more") {
		t.Errorf("company facet: want 8 values and 12 more behind a details element:\n%s", company)
	}
	if n := strings.Count(company, `<span class="v">`); n != 20 {
		t.Errorf("company facet: got %d values in all, want 20", n)
	}
}

// TestStatsChart: the chart has a bar for every year from the first to
// the last, the empty ones too, each linking to its year's search.
func TestStatsChart(t *testing.T) {
	e := newEngine(t, ui.Options{})
	body := httpxtest.Get(t, e, "/stats").Body.String()
	bars := regexp.MustCompile(`<a href="/\?year=(\d{4})" aria-label="([^"]*)">`).FindAllStringSubmatch(body, -1)
	if len(bars) != 11 || bars[0][1] != "2012" || bars[10][1] != "2022" {
		t.Fatalf("bars: got %d (%v), want 2012 to 2022", len(bars), bars)
	}
	if bars[1][2] != "2013: 0 incidents" || bars[6][2] != "2018: 1 incident" {
		t.Errorf("bar labels: got %q and %q", bars[1][2], bars[6][2])
	}
	for _, s := range []string{`class="c0"`, `<ul class="legend">`, "Top companies", "Top technologies"} {
		if !strings.Contains(body, s) {
			t.Errorf("stats page lacks %q", s)
		}
	}
}

// TestOneCompanyName: over the default catalog, every company facet
// value is the name the cards show, and the other way round.
func TestOneCompanyName(t *testing.T) {
	pms, err := data.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, ui.Options{Index: indextest.Open(t, pms)})
	facet, cards := map[string]bool{}, map[string]bool{}
	for page := 1; page <= 5; page++ {
		body := httpxtest.Get(t, e, "/?page="+string(rune('0'+page))).Body.String()
		for _, m := range regexp.MustCompile(`<span class="company">([^<]*)</span>`).FindAllStringSubmatch(body, -1) {
			cards[m[1]] = true
		}
		if page == 1 {
			f := regexp.MustCompile(`(?s)id="facet-company".*?</section>`).FindString(body)
			for _, m := range regexp.MustCompile(`<span class="v">([^<]*)</span>`).FindAllStringSubmatch(f, -1) {
				facet[m[1]] = true
			}
		}
	}
	for f := range facet {
		if !cards[f] {
			t.Errorf("company facet %q names no card", f)
		}
	}
	for _, alias := range []string{"Amazon", "Amazon Web Services", "Azure", "Meta"} {
		if cards[alias] {
			t.Errorf("a card says %q, an alias", alias)
		}
	}
	if !cards["AWS"] || !facet["AWS"] {
		t.Errorf("AWS: card %v, facet %v; want both", cards["AWS"], facet["AWS"])
	}
}

// TestIncidentPageFacts: start, end and duration show when known, every
// tag has its sentence and the section it came from, each list that cites
// the record links to that list's search, and the archived copy shows.
func TestIncidentPageFacts(t *testing.T) {
	pm := indextest.Fixtures()[1]
	pm.Start, pm.End, pm.DurationMinutes = "2018-10-21T22:52:00Z", "2018-10-22T23:03:00Z", 1451
	pm.ArchiveURL = "https://web.archive.org/web/2018/https://blog.globex.test/mysql-split-brain"
	pm.CategoryEvidence = map[string]string{"database": "During the partition both MySQL nodes accepted writes; the replication stream diverged and we reconciled by hand.",
		"network": "Customers saw errors for a while."}
	pm.Sources = append(pm.Sources, data.Source{List: "danluu/post-mortems", Section: "Database"})
	e := newEngine(t, ui.Options{Index: indextest.Open(t, []data.Postmortem{pm})})
	body := httpxtest.Get(t, e, "/incidents/"+pm.ID).Body.String()
	for _, s := range []string{
		"<dt>Start</dt><dd>21 Oct 2018, 22:52 UTC</dd>", "<dt>End</dt><dd>22 Oct 2018, 23:03 UTC</dd>", "<dt>Duration</dt><dd>1 day</dd>",
		`class="archived" href="https://web.archive.org/web/2018/https://blog.globex.test/mysql-split-brain"`,
		"we reconciled by hand.</q> <span class=\"from\">(from: the post&#39;s text)</span>",
		`<a href="#sec-impact">stated in the Impact section</a>`, `<h2 id="sec-impact">Impact</h2>`,
		`<a href="/?source=danluu%2Fpost-mortems%3A&#43;Database">danluu/post-mortems — Database</a>`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("incident page lacks %q", s)
		}
	}
	if n := strings.Count(body, "promote a replica while the primary still took writes"); n != 1 {
		t.Errorf("the root cause shows %d times, want once", n)
	}
}
