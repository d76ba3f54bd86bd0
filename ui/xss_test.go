package ui_test

import (
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// dangerous are fragments of the XSS record that must never reach a page
// unescaped.
var dangerous = []string{"<script>alert", "<img src=x", "<svg onload", "<b>Corp", "javascript:"}

func TestCrawledTextIsEscapedEverywhere(t *testing.T) {
	e := newEngine(t, ui.Options{})
	evil := indextest.Fixtures()[5]
	pages := []struct {
		target string
		shows  string // an escaped form proving the record is on the page
	}{
		{"/?q=database", "&lt;script&gt;alert"},
		{"/?q=" + url.QueryEscape("pwn"), "&lt;script&gt;alert"},
		{"/?technology=" + url.QueryEscape(evil.Technologies[0]), "&lt;svg onload=alert(1)&gt;"},
		{"/?q=" + url.QueryEscape(`<script>alert(1)</script>`), "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"/incidents/" + evil.ID, "&lt;img src=x onerror=alert(1)&gt;"},
		{"/stats", "Evil&lt;b&gt;Corp&lt;/b&gt;"},
		{"/wheel?view=facilitator&id=" + evil.ID, "Evil&lt;b&gt;Corp&lt;/b&gt;"},
		{"/similar?text=" + url.QueryEscape("database outage <script>alert(2)</script>"), "&lt;script&gt;alert(2)"},
	}
	for _, p := range pages {
		t.Run(p.target, func(t *testing.T) {
			w := httpxtest.Get(t, e, p.target)
			body := w.Body.String()
			if !strings.Contains(body, p.shows) {
				t.Fatalf("status %d: page does not show the record escaped (%q)", w.Code, p.shows)
			}
			for _, d := range dangerous {
				if strings.Contains(body, d) {
					t.Errorf("page holds unescaped %q", d)
				}
			}
		})
	}
}

// atom mirrors the parts of RFC 4287 the test checks.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeedIsValidAtom(t *testing.T) {
	e := newEngine(t, ui.Options{BaseURL: "https://pmkb.example.org/"})
	w := httpxtest.Get(t, e, "/feed.atom")
	if w.Code != 200 {
		t.Fatalf("status: got %d, want 200", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("content type: got %q, want application/atom+xml", ct)
	}
	raw := w.Body.String()
	for _, d := range dangerous[:4] {
		if strings.Contains(raw, d) {
			t.Errorf("feed holds unescaped %q", d)
		}
	}
	var f atom
	if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
		t.Fatalf("feed is not XML: %v\n%s", err, raw)
	}
	if len(f.Entries) != len(indextest.Fixtures()) {
		t.Fatalf("entries: got %d, want %d", len(f.Entries), len(indextest.Fixtures()))
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil || f.ID == "" || f.Title == "" {
		t.Errorf("feed head: got id %q, title %q, updated %q; want all set and RFC 3339", f.ID, f.Title, f.Updated)
	}
	if f.Updated != "2022-01-01T00:00:00Z" {
		t.Errorf("feed updated: got %s, want the newest incident's date 2022-01-01T00:00:00Z", f.Updated)
	}
	if f.Entries[0].Title != indextest.Fixtures()[5].Title || f.Entries[0].Author.Name != "Evil<b>Corp</b>" {
		t.Errorf("newest entry: got %q by %q, want the XSS record round-tripped as text", f.Entries[0].Title, f.Entries[0].Author.Name)
	}
	for _, en := range f.Entries {
		if _, err := time.Parse(time.RFC3339, en.Updated); err != nil {
			t.Errorf("entry %s updated: %v", en.ID, err)
		}
		if len(en.Links) == 0 || !strings.HasPrefix(en.Links[0].Href, "https://pmkb.example.org/incidents/") {
			t.Errorf("entry %s: first link got %v, want the record page on the base URL", en.ID, en.Links)
		}
	}
}
