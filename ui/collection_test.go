package ui_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// TestCollections: a team's own post-mortems beside the public ones
// (issue 13 point 3, issue 14 point 3). The collection is a facet once a
// second collection exists; its links are searches that keep the rest of
// the query and find exactly that collection's records; a card names its
// collection, linked to the same search, when it is not public or when the
// results span several; a knowledge base of public records alone never
// mentions collections.
func TestCollections(t *testing.T) {
	public := newEngine(t, ui.Options{})
	if body := httpxtest.Get(t, public, "/").Body.String(); strings.Contains(body, "facet-collection") || strings.Contains(body, `class="collection"`) {
		t.Errorf("public records alone: the page mentions collections")
	}

	pms := indextest.Fixtures()
	nPublic := len(pms)
	ours := []string{}
	for _, r := range []struct{ url, title, date, cause string }{
		{"file:///pm/2024-db.md", "Our primary database failed over three times", "2024-03-02", "A health check fenced a healthy primary."},
		{"file:///pm/2023-dns.md", "Our resolver cache expired every record at once", "2023-11-20", "A resolver was fenced off by a bad TTL push."},
	} {
		pm := indextest.Record(r.url, r.title, "Acme", r.date, r.cause, "It failed over.", []string{"database"}, nil)
		pm.Collection = "ours"
		pm.URL = "/incidents/" + pm.ID + "/source" // a local file without --link-base
		pms = append(pms, pm)
		ours = append(ours, pm.ID)
	}
	e := newEngine(t, ui.Options{Index: indextest.Open(t, pms)})

	body := httpxtest.Get(t, e, "/?sort=newest").Body.String()
	facet := regexp.MustCompile(`(?s)id="facet-collection".*?</section>`).FindString(body)
	links := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="([^"]+)"><span class="box" aria-hidden="true"></span><span class="v">([^<]+)</span> <span class="n">(\d+)</span>`).FindAllStringSubmatch(facet, -1) {
		links[m[2]+" "+m[3]] = html.UnescapeString(m[1])
	}
	if links["ours 2"] != "/?collection=ours&sort=newest" || links["public 6"] != "/?collection=public&sort=newest" {
		t.Fatalf("collection facet: got %v, want ours 2 and public 6, linked to their searches keeping the sort\n%s", links, facet)
	}
	cards := regexp.MustCompile(`<span class="collection">Collection: <a href="([^"]+)">([^<]+)</a></span>`).FindAllStringSubmatch(body, -1)
	if len(cards) != nPublic+2 {
		t.Errorf("results span two collections: %d cards name their collection, want all %d", len(cards), nPublic+2)
	}
	for _, c := range cards {
		if want := "/?collection=" + c[2]; html.UnescapeString(c[1]) != want {
			t.Errorf("card's collection %s links to %q, want %q", c[2], c[1], want)
		}
	}

	for _, tc := range []struct {
		target    string
		total     int
		cardNames int // cards that name their collection
	}{
		{links["ours 2"], 2, 2},
		{links["public 6"], nPublic, 0}, // public records alone: nothing to tell apart
		{"/?q=" + "fenced", 2, 2},       // one collection, not public: the cards say which
	} {
		body := httpxtest.Get(t, e, tc.target).Body.String()
		if n := strings.Count(body, `<li class="hit">`); n != tc.total {
			t.Errorf("%s: got %d hits, want %d", tc.target, n, tc.total)
		}
		if n := strings.Count(body, `<span class="collection">`); n != tc.cardNames {
			t.Errorf("%s: %d cards name their collection, want %d", tc.target, n, tc.cardNames)
		}
	}
	body = httpxtest.Get(t, e, links["ours 2"]).Body.String()
	if !strings.Contains(body, `aria-label="Remove filter Collection: ours"`) || !strings.Contains(body, `id="facet-collection"`) {
		t.Errorf("collection=ours: the filter shows neither as active nor in its facet")
	}
	for _, id := range ours {
		if !strings.Contains(body, `href="/incidents/`+id+`"`) {
			t.Errorf("collection=ours lacks %s", id)
		}
	}

	fr := httpxtest.Get(t, e, "/?lang=fr").Body.String()
	if !strings.Contains(fr, `<span class="collection">Collection : <a href="/?collection=public">publique</a></span>`) {
		t.Errorf("French card: want the public collection named publique:\n%s", regexp.MustCompile(`<span class="collection">.*?</span>`).FindString(fr))
	}
	if !strings.Contains(body, `<a class="orig" href="/incidents/`+ours[0]+`/source" rel="noopener noreferrer">the file</a>`) {
		t.Errorf("a local file's card: want its link named the file")
	}
	rec := httpxtest.Get(t, e, "/incidents/"+ours[0]).Body.String()
	if !strings.Contains(rec, ">Read the file</a>") {
		t.Errorf("a local file's page: want Read the file")
	}
	if !strings.Contains(rec, `<dt>Collection</dt><dd><a href="/?collection=ours">ours</a></dd>`) {
		t.Errorf("incident page: want the collection linked to its search")
	}
	if rec := httpxtest.Get(t, e, "/incidents/"+pms[0].ID).Body.String(); strings.Contains(rec, "<dt>Collection</dt>") {
		t.Errorf("incident page of a public record names its collection")
	}
}
