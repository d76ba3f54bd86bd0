package lists

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pmkb/pmkb/data"
)

func TestParseYAMLAccepts(t *testing.T) {
	t.Parallel()
	src := `name: mine
title: Things we read
entries:
  - company: "  Example  "
    incident_date: 2020-02
    url: https://web.archive.org/web/2020/https://example.com/post/
    subject: a thing broke
  - company: Other
    url: https://other.example/pm
    section: Network
`
	l, err := ParseYAML([]byte(src))
	if err != nil {
		t.Fatalf("ParseYAML: %v", err)
	}
	if l.Name != "mine" || l.Title != "Things we read" || len(l.Entries) != 2 {
		t.Fatalf("got %+v, want name mine, a title and 2 entries", l)
	}
	if got := l.Entries[0].Company; got != "Example" {
		t.Errorf("company: got %q, want %q (trimmed)", got, "Example")
	}
	if got := l.Entries[0].IncidentDate; got != "2020-02" {
		t.Errorf("incident_date: got %q, want %q", got, "2020-02")
	}
	entries, err := fromYAML(l)
	if err != nil {
		t.Fatalf("fromYAML: %v", err)
	}
	e := entries[0]
	if e.URL != "https://example.com/post" || e.ArchiveURL == "" || e.IncidentDate != "" || e.Blurb != "a thing broke" {
		t.Errorf("entry 0: got %+v, want the canonical origin, the wayback url, no day and the subject as blurb", e)
	}
	if got := entries[1].Sources(); len(got) != 1 || got[0] != (data.Source{List: "mine", Section: "Network"}) {
		t.Errorf("entry 1 sources: got %+v, want [{mine Network}]", got)
	}
}

func TestParseYAMLRejects(t *testing.T) {
	t.Parallel()
	const head = "name: mine\nentries:\n  - company: Good\n    url: https://a.example/x\n"
	cases := []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"bad yaml", "name: [unclosed\n", []string{"parse list"}},
		{"empty", "", []string{"empty document"}},
		{"two documents", head + "---\nname: again\n", []string{"more than one"}},
		{"no name", "entries:\n  - company: A\n    url: https://a.example/\n", []string{"name is required"}},
		{"no entries", "name: mine\nentries: []\n", []string{"no entries"}},
		{"unknown field", head + "    blurb: hello\n", []string{"blurb", "line 5"}},
		{"unknown top-level field", "name: mine\nowner: me\n" + head[11:], []string{"owner"}},
		{"missing company", head + "  - url: https://b.example/\n", []string{"entry 2", "line 5", "company is required"}},
		{"missing url", head + "  - company: B\n", []string{"entry 2", "B", "url is required"}},
		{"bad scheme", head + "  - company: B\n    url: ftp://b.example/x\n", []string{"entry 2", "B", "scheme"}},
		{"not a url", head + "  - company: B\n    url: b.example/x\n", []string{"entry 2", "scheme"}},
		{"bad day", head + "  - company: B\n    url: https://b.example/\n    incident_date: 2021-02-30\n", []string{"entry 2", "2021-02-30", "YYYY-MM-DD"}},
		{"words for a date", head + "  - company: B\n    url: https://b.example/\n    incident_date: last week\n", []string{"entry 2", "last week"}},
		{"duplicate url", head + "  - company: B\n    url: HTTPS://A.example/x/#top\n", []string{"entry 2", "repeats entry 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseYAML([]byte(tc.src))
			if err == nil {
				t.Fatalf("ParseYAML: got nil error, want one mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseYAML error: got %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestLooksLikeYAML(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src string
		want      bool
	}{
		{"yaml list", "name: x\nentries:\n  - url: https://a.example/\n", true},
		{"yaml list without name", "entries:\n  - url: https://a.example/\n", true},
		{"markdown list", "# Some list\n\n## Section\n\n[Acme](https://a.example/). A thing broke.\n", false},
		{"url per line", "https://a.example/one\nhttps://a.example/two\n", false},
		{"yaml without entries", "name: x\nitems: [1, 2]\n", false},
		{"entries not a sequence", "entries: 3\n", false},
		{"empty", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := looksLikeYAML([]byte(tc.src)); got != tc.want {
				t.Errorf("looksLikeYAML(%q): got %v, want %v", tc.src, got, tc.want)
			}
		})
	}
}

func TestLooksLikeYAMLOnRealLists(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"danluu-post-mortems.md", "talk-references.md"} {
		b, err := os.ReadFile(filepath.Join(sharedDir(t), "lists", name))
		if err != nil {
			t.Fatal(err)
		}
		if looksLikeYAML(b) {
			t.Errorf("%s: got true, want false", name)
		}
	}
	if !looksLikeYAML(data.TalkList()) {
		t.Error("talk.yaml: got false, want true")
	}
}

// TestTalkListMatchesTheTalk checks the embedded talk list against the
// talk's own table (shared/lists/talk-references.md): the same incidents in
// the same order, each with a subject of ours and a section.
func TestTalkListMatchesTheTalk(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(sharedDir(t), "lists", "talk-references.md"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string // company, date, subject, url
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if !strings.HasPrefix(line, "|") || len(cells) != 4 || !strings.Contains(cells[3], "http") {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	l, err := ParseYAML(data.TalkList())
	if err != nil {
		t.Fatalf("ParseYAML(talk.yaml): %v", err)
	}
	if l.Name != data.TalkListName {
		t.Errorf("name: got %q, want %q", l.Name, data.TalkListName)
	}
	if len(rows) != 15 || len(l.Entries) != len(rows) {
		t.Fatalf("got %d talk.yaml entries and %d table rows, want 15 each", len(l.Entries), len(rows))
	}
	words := func(s string) string { // lower-case words, space-separated, one space at each end
		return " " + strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " ") + " "
	}
	for i, row := range rows {
		e := l.Entries[i]
		if e.Company != row[0] || e.IncidentDate != row[1] || e.URL != row[3] {
			t.Errorf("entry %d: got %q %q %q, want %q %q %q", i+1, e.Company, e.IncidentDate, e.URL, row[0], row[1], row[3])
		}
		if e.Subject == "" || e.Section == "" {
			t.Errorf("entry %d (%s): got subject %q section %q, want both set", i+1, e.Company, e.Subject, e.Section)
		}
		// A run of three words or more of the talk's subject is a copy.
		if ours, theirs := words(e.Subject), words(row[2]); ours == theirs || len(strings.Fields(theirs)) >= 3 && strings.Contains(ours, theirs) {
			t.Errorf("entry %d (%s): subject %q repeats the talk's words %q", i+1, e.Company, e.Subject, row[2])
		}
	}
}

// TestCatalogHasEveryTalkIncident checks that the embedded catalog holds
// every incident of the talk list, with the talk's date and the list as a
// source.
func TestCatalogHasEveryTalkIncident(t *testing.T) {
	t.Parallel()
	catalog, err := data.DefaultCatalog()
	if err != nil {
		t.Fatalf("DefaultCatalog: %v", err)
	}
	byID := map[string]data.Postmortem{}
	for _, pm := range catalog {
		byID[pm.ID] = pm
	}
	talk, err := Talk()
	if err != nil {
		t.Fatalf("Talk: %v", err)
	}
	l, _ := ParseYAML(data.TalkList())
	for i, e := range talk {
		pm, ok := byID[data.IDFor(e.URL)]
		if !ok {
			t.Errorf("talk incident %s (%s): not in the catalog", e.Company, e.URL)
			continue
		}
		if want := l.Entries[i].IncidentDate; pm.IncidentDate != want {
			t.Errorf("%s: incident_date: got %q, want the talk's %q", e.URL, pm.IncidentDate, want)
		}
		if !slices.Contains(pm.Sources, data.Source{List: data.TalkListName, Section: e.Section}) {
			t.Errorf("%s: sources %+v lack {%s %s}", e.URL, pm.Sources, data.TalkListName, e.Section)
		}
	}
}
