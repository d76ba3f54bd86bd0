package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// TestSelectionPage: a shared selection lists its incidents in order, a
// merged incident once, with links that move and remove one, the export
// links and the Markdown table; unknown ids are named, not fatal.
func TestSelectionPage(t *testing.T) {
	pms := indextest.Fixtures()
	twin := pms[1] // another post of Globex's incident: merged into it
	twin.URL, twin.ID = "https://mirror.test/globex", data.IDFor("https://mirror.test/globex")
	pms[2].Fetch.Status, pms[2].ArchiveURL = data.FetchArchived, "https://web.archive.org/web/2020/https://initech.test/cert-expiry"
	e := newEngine(t, ui.Options{Index: indextest.Open(t, append(pms, twin))})
	a, b, c := pms[0].ID, pms[1].ID, pms[2].ID
	w := httpxtest.Get(t, e, "/selection?ids="+strings.Join([]string{b, a, twin.ID, c, "0000000000000000"}, ","))
	if w.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200", w.Code)
	}
	body := w.Body.String()
	// The twins are one incident: the selection holds whichever the index
	// made its primary, once, where the first of them stood.
	got := regexp.MustCompile(`data-ids="([^"]*)"`).FindStringSubmatch(body)
	if got == nil || (got[1] != b+","+a+","+c && got[1] != twin.ID+","+a+","+c) {
		t.Fatalf("selection order: got %v, want the Globex incident once, then %s,%s", got, a, c)
	}
	ids := strings.Split(got[1], ",")
	b = ids[0]
	for _, s := range []string{
		"No incident has these ids", "<code>0000000000000000</code>",
		"| Company | Incident | Date | Link |",
		"| Globex | MySQL failover split brain at Globex | 2018-10-21 | https://",
		"| Initech | Expired certificate breaks Initech API | 2020-02-11 | https://web.archive.org/web/2020/https://initech.test/cert-expiry |",
		`href="/api/v1/export?format=bibtex&amp;ids=` + url.QueryEscape(b+","+a+","+c),
		`href="/selection?edit=1&amp;ids=` + url.QueryEscape(a+","+b+","+c) + `" class="move-up"`,
		`href="/selection?edit=1&amp;ids=` + url.QueryEscape(a+","+c) + `" class="remove"`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("selection page lacks %q", s)
		}
	}
	if n := strings.Count(body, "| Globex |"); n != 1 {
		t.Errorf("the merged incident: %d table rows, want 1", n)
	}
	for _, tc := range []struct {
		target string
		status int
		want   string
	}{
		{"/selection", 200, "The selection is empty"},
		{"/selection?ids=" + url.QueryEscape("a b,<x>"), 400, "is not an incident id"},
		{"/selection?ids=" + strings.Repeat("a,", 0) + strings.TrimSuffix(strings.Repeat(a+"x,", 1), ","), 200, "No incident has these ids"},
	} {
		w := httpxtest.Get(t, e, tc.target)
		if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: got %d, want %d with %q", tc.target, w.Code, tc.status, tc.want)
		}
	}
}

// TestWheelPermalinkAndSteps: a spin redirects to the incident's
// permalink, which shows the same incident on every load; steps reveal
// the hint, the cause, the fix and who, in that order; bad steps are 400s.
func TestWheelPermalinkAndSteps(t *testing.T) {
	pm := indextest.Fixtures()[3]
	pm.Sections.Timeline = "09:00 UTC: CPU climbs on every node.\n09:05 UTC: requests time out.\n10:00 UTC: the kernel's leap second handling is found to blame."
	pm.Sections.Mitigation = "Operators reset the system clock on each node."
	const cause = "leap second left Java processes spinning" // in the root cause, HTML-safe
	e := newEngine(t, ui.Options{Index: indextest.Open(t, []data.Postmortem{pm})})
	w := httpxtest.Get(t, e, "/wheel?category=time&technology=Linux")
	loc := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther || !strings.Contains(loc, "id="+pm.ID) || !strings.Contains(loc, "category=time") {
		t.Fatalf("spin: got %d to %q, want 303 to the permalink with the filters", w.Code, loc)
	}
	steps := []struct {
		step      string
		want, not []string
	}{
		{"", []string{"CPU climbs on every node.", "Next timeline row", "step 0 of 5"}, []string{"requests time out", cause, "Hooli", "2012", "reset the system clock"}},
		{"1", []string{"requests time out.", "Give a hint"}, []string{cause, "found to blame"}},
		{"2", []string{"Technologies involved:", "Cassandra", "Reveal the root cause"}, []string{cause}},
		{"3", []string{cause, "Reveal the mitigation"}, []string{"reset the system clock"}},
		{"4", []string{"reset the system clock", "Reveal who and when"}, []string{"Who and when"}},
		{"5", []string{"Who and when", "Hooli", "30 Jun 2012", "found to blame"}, []string{"Reveal"}},
	}
	for _, s := range steps {
		target := loc
		if s.step != "" {
			target += "&step=" + s.step
		}
		body := httpxtest.Get(t, e, target).Body.String()
		main := body[strings.Index(body, `<article class="drill"`):]
		for _, x := range s.want {
			if !strings.Contains(main, x) {
				t.Errorf("step %q lacks %q", s.step, x)
			}
		}
		for _, x := range s.not {
			if strings.Contains(main, x) {
				t.Errorf("step %q gives away %q", s.step, x)
			}
		}
	}
	if a, b := httpxtest.Get(t, e, loc).Body.String(), httpxtest.Get(t, e, loc).Body.String(); a != b {
		t.Errorf("the permalink shows something else on a reload")
	}
	facil := httpxtest.Get(t, e, loc+"&view=facilitator").Body.String()
	for _, x := range []string{cause, "reset the system clock", "found to blame", "Players"} {
		if !strings.Contains(facil, x) {
			t.Errorf("facilitator view lacks %q", x)
		}
	}
	for _, bad := range []string{"&step=6", "&step=-1", "&step=x", "&view=judge"} {
		if w := httpxtest.Get(t, e, loc+bad); w.Code != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", bad, w.Code)
		}
	}
	if w := httpxtest.Get(t, e, "/wheel?id=nope!"); w.Code != http.StatusNotFound {
		t.Errorf("bad id: got %d, want 404", w.Code)
	}
	if w := httpxtest.Get(t, e, "/wheel?technology=COBOL"); w.Code != 200 || !strings.Contains(w.Body.String(), "No incident matches these filters") {
		t.Errorf("no match: got %d, want 200 saying none matches", w.Code)
	}
}
