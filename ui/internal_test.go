package ui

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pmkb/pmkb/api/httpx"
)

func TestParseSnippet(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []snippetPart
	}{
		{"plain", "no match here", []snippetPart{{Text: "no match here"}}},
		{"marks", "a <mark>dns</mark> outage at <mark>acme</mark>",
			[]snippetPart{{Text: "a "}, {Text: "dns", Mark: true}, {Text: " outage at "}, {Text: "acme", Mark: true}}},
		{"escaped text comes back as text", "&lt;script&gt; <mark>x&amp;y</mark>",
			[]snippetPart{{Text: "<script> "}, {Text: "x&y", Mark: true}}},
		{"raw markup stays text", `<b onclick="x">bold</b>`, []snippetPart{{Text: `<b onclick="x">bold</b>`}}},
		{"unclosed mark", "a <mark>b", []snippetPart{{Text: "a "}, {Text: "b", Mark: true}}},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseSnippet(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestTemplatesFailStartup(t *testing.T) {
	as, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	full := fstest.MapFS{}
	for _, f := range append(append([]string{}, sharedFiles...), pageFiles()...) {
		b, err := templateFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		full[f] = &fstest.MapFile{Data: b}
	}
	if _, err := parseTemplates(full, as, testLimits, testCatalogs(t)); err != nil {
		t.Fatalf("the embedded templates: got %v, want them to parse", err)
	}
	tests := []struct {
		name string
		edit func(fstest.MapFS)
		want string
	}{
		{"missing page", func(m fstest.MapFS) { delete(m, "templates/stats.html") }, "missing template files: templates/stats.html"},
		{"stray file", func(m fstest.MapFS) { m["templates/extra.html"] = &fstest.MapFile{Data: []byte("x")} }, "not a declared page"},
		{"syntax error", func(m fstest.MapFS) {
			m["templates/wheel.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if}}{{end}}`)}
		}, "parse template wheel"},
		{"no main block", func(m fstest.MapFS) {
			m["templates/wheel.html"] = &fstest.MapFile{Data: []byte(`{{define "other"}}{{end}}`)}
		}, `no "main" block`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := fstest.MapFS{}
			for k, v := range full {
				m[k] = v
			}
			tc.edit(m)
			_, err := parseTemplates(m, as, testLimits, testCatalogs(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func pageFiles() []string {
	var out []string
	for _, n := range pageNames {
		out = append(out, "templates/"+n+".html")
	}
	return out
}

func TestDuration(t *testing.T) {
	cs := testCatalogs(t)
	for _, tc := range []struct {
		lang string
		min  int
		want string
	}{{"en", 45, "45 min"}, {"en", 60, "1 h"}, {"en", 200, "3 h 20 min"}, {"en", 1440, "1 day"}, {"en", 3125, "2 days 4 h"},
		{"fr", 1440, "1 jour"}, {"fr", 3125, "2 jours 4 h"}} {
		if got := cs.localizer(tc.lang).Duration(tc.min); got != tc.want {
			t.Errorf("%s Duration(%d): got %q, want %q", tc.lang, tc.min, got, tc.want)
		}
	}
}

func testCatalogs(t *testing.T) catalogs {
	t.Helper()
	cs, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// testLimits are the default limits, for tests that build parts by hand.
var testLimits = limits{maxQueryLen: httpx.DefaultMaxQueryLen, pageSize: DefaultPageSize,
	maxTextLen: httpx.DefaultMaxTextLen, maxBody: httpx.DefaultMaxBodyBytes}

// TestPlurals: French takes the singular for 0 as for 1.
func TestPlurals(t *testing.T) {
	cs := testCatalogs(t)
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{{"en", 0, "0 incidents"}, {"en", 1, "1 incident"}, {"en", 2, "2 incidents"},
		{"fr", 0, "0 incident"}, {"fr", 1, "1 incident"}, {"fr", 2, "2 incidents"}} {
		if got := cs.localizer(tc.lang).N(tc.n, "%d incident", "%d incidents"); got != tc.want {
			t.Errorf("%s N(%d): got %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// TestFallbackPageInFrench: the page sent when even the error page cannot
// render speaks the reader's language too.
func TestFallbackPageInFrench(t *testing.T) {
	got := testCatalogs(t).localizer(langFR).fallbackPage()
	for _, want := range []string{`<html lang="fr">`, "<h1>Une erreur est survenue</h1>"} {
		if !strings.Contains(got, want) {
			t.Errorf("fallback page lacks %q: %s", want, got)
		}
	}
}
