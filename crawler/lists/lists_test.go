package lists

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// sharedDir is ../shared seen from this package (crawler/lists).
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared dir absent: %v", err)
	}
	return dir
}

func TestParseDanluu(t *testing.T) {
	t.Parallel()
	path := filepath.Join(sharedDir(t), "lists", "danluu-post-mortems.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("danluu list absent: %v", err)
	}
	entries, err := Parse(path, b)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(entries) < 180 {
		t.Errorf("got %d entries, want at least 180", len(entries))
	}
	sections := map[string]int{}
	archived := 0
	for _, e := range entries {
		sections[e.Section]++
		if e.List != DanluuName {
			t.Fatalf("entry %s: got list %q, want %q", e.URL, e.List, DanluuName)
		}
		if e.Company == "" || e.URL == "" {
			t.Errorf("entry %+v: company and url must be set", e)
		}
		if e.ArchiveURL != "" {
			archived++
		}
	}
	for _, s := range []string{"Config Errors", "Hardware/Power Failures", "Conflicts", "Time", "Database", "Uncategorized"} {
		if sections[s] == 0 {
			t.Errorf("section %q: got no entries, want some", s)
		}
	}
	for _, s := range []string{"Other lists of postmortems", "Analysis", "Contributors", "Table of Contents", ""} {
		if sections[s] != 0 {
			t.Errorf("section %q: got %d entries, want none", s, sections[s])
		}
	}
	if archived < 20 {
		t.Errorf("got %d entries with a Wayback archive URL, want at least 20", archived)
	}
}

func TestParseMarkdown(t *testing.T) {
	t.Parallel()
	in := `# A List of Post-mortems!

## Table of Contents
 - **[Config Errors](#config-errors)**

## Config Errors

[Acme](https://Acme.example/post/?utm_source=x#top). A bad *router* rule took
everything down, see [the RFC](https://www.rfc-editor.org/rfc/rfc1.html).

* [Wiki](https://en.wikipedia.org/wiki/Outage_(2003)). Blackout.

[Archived](https://web.archive.org/web/20200101000000/https://old.example/pm). Gone.

## Time

[Acme again](https://acme.example/post). Leap second.

## Other lists of postmortems

[Some list](https://lists.example/).
`
	entries, err := Parse("mine.md", []byte(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Entry{
		{URL: "https://acme.example/post", Company: "Acme", List: DanluuName, Section: "Config Errors",
			Blurb: "A bad router rule took everything down, see the RFC.", OtherSections: []string{"Time"}},
		{URL: "https://en.wikipedia.org/wiki/Outage_%282003%29", Company: "Wiki", List: DanluuName, Section: "Config Errors", Blurb: "Blackout."},
		{URL: "https://old.example/pm", ArchiveURL: "https://web.archive.org/web/20200101000000/https://old.example/pm",
			Company: "Archived", List: DanluuName, Section: "Config Errors", Blurb: "Gone."},
	}
	if len(entries) != len(want) {
		t.Fatalf("got %d entries %+v, want %d", len(entries), entries, len(want))
	}
	for i := range want {
		g, w := entries[i], want[i]
		if g.URL != w.URL || g.ArchiveURL != w.ArchiveURL || g.Company != w.Company || g.List != w.List ||
			g.Section != w.Section || g.Blurb != w.Blurb || len(g.OtherSections) != len(w.OtherSections) {
			t.Errorf("entry %d: got %+v, want %+v", i, g, w)
		}
	}
	if got := entries[0].Sources(); len(got) != 2 || got[1].Section != "Time" {
		t.Errorf("Sources: got %+v, want Config Errors and Time", got)
	}
}

func TestMarkdownListName(t *testing.T) {
	t.Parallel()
	const body = "## Config Errors\n\n[Acme](https://acme.example/pm). A bad push.\n"
	cases := []struct{ name, src, text, want string }{
		{"local path mentioning danluu", "/home/me/danluu-notes/incidents.md", body, "incidents"},
		{"fork on GitHub", "https://raw.githubusercontent.com/someone/danluu-style/main/README.md", body, "README"},
		{"danluu's raw URL", "https://raw.githubusercontent.com/danluu/post-mortems/master/README.md", body, DanluuName},
		{"danluu's GitHub page", "https://github.com/danluu/post-mortems/blob/master/README.md", body, DanluuName},
		{"danluu's title in a local copy", "/tmp/copy.md", "# A List of Post-mortems!\n\n" + body, DanluuName},
		{"title after the entries", "/tmp/copy.md", body + "\n# A list of post-mortems!\n", DanluuName},
		{"another title", "/tmp/danluu.md", "# My incidents\n\n" + body, "danluu"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			es, err := Parse(tc.src, []byte(tc.text))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if es[0].List != tc.want {
				t.Errorf("got list %q, want %q", es[0].List, tc.want)
			}
		})
	}
}

func TestParseYAML(t *testing.T) {
	t.Parallel()
	in := `name: talk
entries:
  - company: GitLab
    incident_date: 2017-01-31
    url: https://about.gitlab.com/blog/2017/02/10/postmortem/
    subject: a database was deleted by hand
  - company: Slack
    url: https://status.slack.com/2021-09-30
    incident_date: 2021-09
    section: DNS
`
	entries, err := Parse("data/talk.yaml", []byte(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(entries))
	}
	e := entries[0]
	if e.List != "talk" || e.Company != "GitLab" || e.IncidentDate != "2017-01-31" ||
		e.URL != "https://about.gitlab.com/blog/2017/02/10/postmortem" || e.Blurb != "a database was deleted by hand" {
		t.Errorf("entry 0: got %+v", e)
	}
	if entries[1].Section != "DNS" || entries[1].IncidentDate != "" {
		t.Errorf("entry 1: got section %q, date %q; want DNS and no day", entries[1].Section, entries[1].IncidentDate)
	}
}

func TestParseURLs(t *testing.T) {
	t.Parallel()
	in := "# my list\n\nhttps://a.example/one\nhttp://B.example:80/two/\n# done\nhttps://a.example/one#again\n"
	entries, err := Parse("/lists/mine.txt", []byte(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(entries) != 2 || entries[0].URL != "https://a.example/one" || entries[1].URL != "http://b.example/two" {
		t.Fatalf("got %+v, want a.example/one and b.example/two", entries)
	}
	if entries[0].List != "mine" {
		t.Errorf("list: got %q, want mine", entries[0].List)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file, in string
		line           int
	}{
		{"url list with prose", "l.txt", "https://a.example/x\nnot a url\n", 2},
		{"url list with ftp", "l.txt", "\n\nftp://a.example/x\n", 3},
		{"markdown unclosed link", "l.md", "## S\n\n[A](https://a.example/x\n", 3},
		{"markdown bad scheme", "l.md", "## S\n[A](https://a.example/)\n[B](mailto:b@example.com). x\n", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, []byte(tc.in))
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("got error %v, want a *LineError", err)
			}
			if le.Line != tc.line {
				t.Errorf("got line %d (%v), want %d", le.Line, err, tc.line)
			}
		})
	}
	for _, in := range []string{"", "# only a comment\n\n", "# Title\n\n| a | b |\n|---|---|\n| x | https://a.example |\n"} {
		if _, err := Parse("l.md", []byte(in)); err == nil || !strings.Contains(err.Error(), "no entries") {
			t.Errorf("Parse(%q): got %v, want a no-entries error", in, err)
		}
	}
	yamlCases := []struct{ name, in, want string }{
		{"entry without url", "name: x\nentries:\n  - company: A\n    url: https://a.example\n  - company: B\n", "line 5"},
		{"bad date", "name: x\nentries:\n  - company: A\n    url: https://a.example\n    incident_date: 31/01/2017\n", "line 3"},
		{"broken yaml", "entries: [\n", "line"},
	}
	for _, tc := range yamlCases {
		t.Run("yaml "+tc.name, func(t *testing.T) {
			_, err := Parse("l.yaml", []byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one that names %q", err, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file, in string
		want           Format
	}{
		{"yaml by ext", "a.yaml", "", FormatYAML},
		{"md by ext", "a.md", "https://x.example\n", FormatMarkdown},
		{"yaml by content", "list", "name: x\nentries: []\n", FormatYAML},
		{"markdown by content", "README", "# T\n\n## S\n[A](https://a.example)\n", FormatMarkdown},
		{"urls by content", "https://h.example/list", "# comment\nhttps://a.example\n", FormatURLs},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.file, []byte(tc.in)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestTalk(t *testing.T) {
	t.Parallel()
	entries, err := Talk()
	if err != nil {
		t.Fatalf("Talk: %v", err)
	}
	if len(entries) != 15 {
		t.Errorf("got %d entries, want 15", len(entries))
	}
	for _, e := range entries {
		if e.List != data.TalkListName || e.Company == "" || e.URL == "" {
			t.Errorf("entry %+v: want list %s, a company and a URL", e, data.TalkListName)
		}
		if e.IncidentDate != "" && !isDay(e.IncidentDate) {
			t.Errorf("entry %s: incident date %q is not a day", e.URL, e.IncidentDate)
		}
	}
}

// TestLinkDestinations: the URL of a Markdown link as written, whether
// its destination holds unescaped spaces, a title or angle brackets.
func TestLinkDestinations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ line, link, canonical string }{
		{"[A](https://a.example/post/). Blurb.", "https://a.example/post/", "https://a.example/post"},
		{"[A](https://a.example/my post mortem.html). Blurb.", "https://a.example/my%20post%20mortem.html", "https://a.example/my%20post%20mortem.html"},
		{`[A](https://a.example/p/ "The title"). Blurb.`, "https://a.example/p/", "https://a.example/p"},
		{"[A](https://a.example/p 'The title'). Blurb.", "https://a.example/p", "https://a.example/p"},
		{"[A](<https://a.example/a b/>). Blurb.", "https://a.example/a%20b/", "https://a.example/a%20b"},
		{"[A](https://en.wikipedia.org/wiki/Outage_(2003)). Blurb.", "https://en.wikipedia.org/wiki/Outage_(2003)", "https://en.wikipedia.org/wiki/Outage_%282003%29"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			entries, err := Parse("l.md", []byte("## S\n\n"+tc.line+"\n"))
			if err != nil || len(entries) != 1 {
				t.Fatalf("Parse: got %d entries, %v", len(entries), err)
			}
			if e := entries[0]; e.Link != tc.link || e.URL != tc.canonical {
				t.Errorf("got link %s, url %s; want %s, %s", e.Link, e.URL, tc.link, tc.canonical)
			}
		})
	}
}
