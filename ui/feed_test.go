package ui_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

func TestFeedFilters(t *testing.T) {
	e := newEngine(t, ui.Options{BaseURL: "https://pmkb.example.org"})
	tests := []struct {
		query     string
		want      []string // entry authors, newest first
		wantTitle string
	}{
		{"", []string{"Evil<b>Corp</b>", "Umbrella", "Initech", "Acme", "Globex", "Hooli"}, "pmkb: newest incident post-mortems"},
		{"category=dns", []string{"Acme"}, "pmkb: newest incident post-mortems · Category: DNS"},
		{"q=split+brain", []string{"Globex"}, "pmkb: newest incident post-mortems matching “split brain”"},
		{"company=Globex&company=Acme", []string{"Acme", "Globex"}, "Company: Globex or Acme"},
		{"year=2020&technology=TLS", []string{"Initech"}, "Technology: TLS · Year: 2020"},
		{"language=en&category=time", []string{"Hooli"}, "Category: Time · Language: English"},
		{"source=no-such-list", nil, "Source: no-such-list"},
		{"source=" + url.QueryEscape("test-list: Tests") + "&year=2019", []string{"Acme"}, "Year: 2019 · Source: test-list — Tests"},
		{"category=deploy&sort=oldest&page=1", []string{"Umbrella"}, "Category: Deploy"}, // sort and page do not apply
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			w := httpxtest.Get(t, e, "/feed.atom?"+tc.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status: got %d, want 200\n%s", w.Code, w.Body)
			}
			var f atom
			if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
				t.Fatalf("feed is not XML: %v", err)
			}
			var got []string
			for _, en := range f.Entries {
				got = append(got, en.Author.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("entries: got %q, want %q", got, tc.want)
			}
			if !strings.Contains(f.Title, tc.wantTitle) {
				t.Errorf("title: got %q, want it to contain %q", f.Title, tc.wantTitle)
			}
			self := ""
			for _, l := range f.Links {
				if l.Rel == "self" {
					self = l.Href
				}
			}
			u, err := url.Parse(self)
			if err != nil || u.Host != "pmkb.example.org" || u.Path != "/feed.atom" {
				t.Fatalf("self link: got %q, want the feed on the base URL", self)
			}
			in, _ := url.ParseQuery(tc.query)
			for _, name := range []string{"q", "category", "company", "technology", "year", "source", "language"} {
				if !slices.Equal(sortedCopy(u.Query()[name]), sortedCopy(in[name])) {
					t.Errorf("self link %q: %s got %q, want %q", self, name, u.Query()[name], in[name])
				}
			}
			if u.Query().Has("sort") || u.Query().Has("page") {
				t.Errorf("self link %q carries sort or page, which a feed ignores", self)
			}
			if (tc.query == "") != (f.ID == "urn:pmkb:feed") {
				t.Errorf("id: got %q; want urn:pmkb:feed only for the unfiltered feed", f.ID)
			}
		})
	}
}

func manyCompanies(n int) string {
	v := url.Values{}
	for i := range n {
		v.Add("company", fmt.Sprint("c", i))
	}
	return v.Encode()
}

func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

func TestFeedBadFilters(t *testing.T) {
	e := newEngine(t, ui.Options{})
	for _, tc := range []struct{ query, want string }{
		{"year=20x9", "four-digit year"},
		{"category=cosmic-rays", "unknown category"},
		{"q=" + url.QueryEscape("(dns OR bgp)"), "do not group"},
		{"q=" + strings.Repeat("a", 501), "limit is 500"},
		{manyCompanies(21), "at most 20 company values"},
	} {
		t.Run(tc.query[:min(len(tc.query), 30)], func(t *testing.T) {
			w := httpxtest.Get(t, e, "/feed.atom?"+tc.query)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status: got %d, want 400", w.Code)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type: got %q, want an HTML error page", ct)
			}
			if !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("page lacks %q:\n%s", tc.want, w.Body)
			}
		})
	}
}

// TestSearchPageOffersItsFeed follows the search page's feed link and
// checks that the feed holds that search's results.
func TestSearchPageOffersItsFeed(t *testing.T) {
	e := newEngine(t, ui.Options{})
	linkRE := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">`)
	home := linkRE.FindAllStringSubmatch(httpxtest.Get(t, e, "/").Body.String(), -1)
	if len(home) != 1 || home[0][2] != "/feed.atom" {
		t.Errorf("home page feeds: got %q, want only /feed.atom", home)
	}
	body := httpxtest.Get(t, e, "/?q=replica&category=database&sort=newest").Body.String()
	links := linkRE.FindAllStringSubmatch(body, -1)
	if len(links) != 2 {
		t.Fatalf("search page feeds: got %q, want this search's and all incidents'", links)
	}
	href := strings.ReplaceAll(links[0][2], "&amp;", "&")
	if href != "/feed.atom?category=database&q=replica" {
		t.Errorf("feed link: got %q, want /feed.atom?category=database&q=replica", href)
	}
	if title := links[0][1]; !strings.Contains(title, "replica") || !strings.Contains(title, "Database") {
		t.Errorf("feed link title: got %q, want the query and the category", title)
	}
	if !strings.Contains(body, `class="feed" href="`+links[0][2]+`"`) {
		t.Errorf("search page shows no visible link to its feed")
	}
	var f atom
	if err := xml.Unmarshal(httpxtest.Get(t, e, href).Body.Bytes(), &f); err != nil {
		t.Fatalf("feed: %v", err)
	}
	if len(f.Entries) != 1 || f.Entries[0].Author.Name != "Globex" {
		t.Errorf("feed entries: got %+v, want Globex's post-mortem only", f.Entries)
	}
}

// TestFeedUndatedEntry: an incident with no date of its own takes the
// time its record was ingested in the feed, never 1970.
func TestFeedUndatedEntry(t *testing.T) {
	pm := indextest.Record("https://undated.test/pm", "Undated outage", "Nodate", "", "A cache filled up.",
		"The cache filled up.", []string{"capacity"}, nil)
	pm.Published, pm.Fetch.FetchedAt = "", time.Time{}
	loaded := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
	e := newEngine(t, ui.Options{Index: indextest.Open(t, []data.Postmortem{pm}),
		Ingested: func() time.Time { return loaded }})
	w := httpxtest.Get(t, e, "/feed.atom")
	var f atom
	if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil || len(f.Entries) != 1 {
		t.Fatalf("feed: %v, %d entries\n%s", err, len(f.Entries), w.Body)
	}
	if body := w.Body.String(); strings.Contains(body, "1970") || !strings.Contains(body, "<updated>2025-05-06T07:08:09Z</updated>") {
		t.Errorf("undated entry: got %s, want updated 2025-05-06T07:08:09Z and no 1970", body)
	}
}
