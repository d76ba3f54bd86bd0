package data

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// sharedListsDir returns ../shared/lists as seen from this package, or skips
// the test when the shared folder is not there.
func sharedListsDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "lists")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared lists not available: %v", err)
	}
	return dir
}

func readShared(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedListsDir(t), name))
	if err != nil {
		t.Fatalf("read shared list: %v", err)
	}
	return string(b)
}

// talkRow is one row of the talk's reference table in the shared Markdown.
type talkRow struct{ company, date, subject, url string }

func talkTable(t *testing.T) []talkRow {
	t.Helper()
	var rows []talkRow
	for _, line := range strings.Split(readShared(t, "talk-references.md"), "\n") {
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if len(cells) != 4 {
			t.Fatalf("talk table row %q: got %d cells, want 4", line, len(cells))
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if cells[0] == "company" {
			continue
		}
		rows = append(rows, talkRow{cells[0], cells[1], cells[2], cells[3]})
	}
	return rows
}

func TestDefaultTalkListMatchesTheTalk(t *testing.T) {
	t.Parallel()
	l, err := DefaultTalkList()
	if err != nil {
		t.Fatalf("DefaultTalkList: %v", err)
	}
	if l.Name != TalkListName {
		t.Errorf("name: got %q, want %q", l.Name, TalkListName)
	}
	rows := talkTable(t)
	if len(rows) != 15 {
		t.Fatalf("talk table: got %d rows, want 15", len(rows))
	}
	if len(l.Entries) != len(rows) {
		t.Fatalf("talk.yaml: got %d entries, want %d", len(l.Entries), len(rows))
	}
	for i, row := range rows {
		e := l.Entries[i]
		if e.Company != row.company || e.IncidentDate != row.date || e.URL != row.url {
			t.Errorf("entry %d: got %q %q %q, want %q %q %q",
				i+1, e.Company, e.IncidentDate, e.URL, row.company, row.date, row.url)
		}
		if e.Subject == "" || e.Section == "" {
			t.Errorf("entry %d (%s): got subject %q section %q, want both set", i+1, e.Company, e.Subject, e.Section)
		}
		if copied := containsRun(words(e.Subject), words(row.subject)); copied {
			t.Errorf("entry %d (%s): subject %q repeats the talk's words %q", i+1, e.Company, e.Subject, row.subject)
		}
	}
}

// containsRun reports whether needle (3 words or more) appears as a
// contiguous run of hay, or equals it.
func containsRun(hay, needle []string) bool {
	if strings.Join(hay, " ") == strings.Join(needle, " ") {
		return true
	}
	if len(needle) < 3 {
		return false
	}
	return strings.Contains(" "+strings.Join(hay, " ")+" ", " "+strings.Join(needle, " ")+" ")
}

func TestParseListAccepts(t *testing.T) {
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
	l, err := ParseList([]byte(src))
	if err != nil {
		t.Fatalf("ParseList: %v", err)
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
	pm, err := l.Entries[0].Postmortem(l.Name)
	if err != nil {
		t.Fatalf("Postmortem: %v", err)
	}
	if pm.URL != "https://example.com/post" || pm.ArchiveURL == "" || pm.ID != IDFor(pm.URL) {
		t.Errorf("record url: got %q archive %q id %q, want the canonical origin, the wayback url and its id", pm.URL, pm.ArchiveURL, pm.ID)
	}
	if pm.IncidentDate != "" {
		t.Errorf("record incident_date: got %q, want empty for a month-only date", pm.IncidentDate)
	}
	if len(pm.Sources) != 1 || pm.Sources[0] != (Source{List: "mine"}) {
		t.Errorf("sources: got %+v, want [{mine}]", pm.Sources)
	}
	pm, _ = l.Entries[1].Postmortem(l.Name)
	if pm.Sources[0].Section != "Network" || pm.Fetch.Status != FetchSkipped {
		t.Errorf("second record: got sources %+v fetch %q, want section Network and status skipped", pm.Sources, pm.Fetch.Status)
	}
}

func TestParseListRejects(t *testing.T) {
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
			_, err := ParseList([]byte(tc.src))
			if err == nil {
				t.Fatalf("ParseList: got nil error, want one mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseList error: got %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestLooksLikeYAMLList(t *testing.T) {
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
			if got := LooksLikeYAMLList([]byte(tc.src)); got != tc.want {
				t.Errorf("LooksLikeYAMLList(%q): got %v, want %v", tc.src, got, tc.want)
			}
		})
	}
}

func TestLooksLikeYAMLListOnRealLists(t *testing.T) {
	t.Parallel()
	if LooksLikeYAMLList([]byte(readShared(t, "danluu-post-mortems.md"))) {
		t.Error("danluu's Markdown list: got true, want false")
	}
	if LooksLikeYAMLList([]byte(readShared(t, "talk-references.md"))) {
		t.Error("the talk's Markdown table: got true, want false")
	}
	if !LooksLikeYAMLList(talkYAML) {
		t.Error("talk.yaml: got false, want true")
	}
}

// words splits text into lower-case words of letters and digits, dropping
// punctuation and Markdown link targets, so that copied prose is found
// whatever its formatting.
func words(text string) []string {
	text = mdLink.ReplaceAllString(text, "$1")
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// mdLink matches a Markdown link; its text is kept, its target dropped.
var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)\s]*\)`)

// shingleSize is the length of a word run that counts as copied prose.
const shingleSize = 8

// shingles returns every run of shingleSize consecutive words of text.
func shingles(text string) []string {
	w := words(text)
	var out []string
	for i := 0; i+shingleSize <= len(w); i++ {
		out = append(out, strings.Join(w[i:i+shingleSize], " "))
	}
	return out
}

// listProse is the prose of the two shared lists: danluu's entry blurbs and
// the talk table's subjects, as a set of word runs.
func listProse(t *testing.T) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	for _, line := range strings.Split(readShared(t, "danluu-post-mortems.md"), "\n") {
		if strings.HasPrefix(line, "[") {
			for _, s := range shingles(line) {
				set[s] = true
			}
		}
	}
	for _, row := range talkTable(t) {
		for _, s := range shingles(row.subject) {
			set[s] = true
		}
	}
	return set
}

// copiedRun returns the first run of text found in prose, or "".
func copiedRun(text string, prose map[string]bool) string {
	for _, s := range shingles(text) {
		if prose[s] {
			return s
		}
	}
	return ""
}

func TestCopiedRunIsDetected(t *testing.T) {
	t.Parallel()
	prose := listProse(t)
	var blurb string
	for _, line := range strings.Split(readShared(t, "danluu-post-mortems.md"), "\n") {
		if strings.HasPrefix(line, "[") && len(words(line)) > 2*shingleSize {
			blurb = line
			break
		}
	}
	w := words(blurb)
	lifted := strings.Join(w[len(w)-shingleSize:], " ")
	cases := []struct {
		name, text string
		copied     bool
	}{
		{"a lifted run, re-punctuated", "We wrote this. " + strings.ToUpper(lifted) + "!", true},
		{"our own words", "An operator removed the wrong servers and the service fell over for hours.", false},
		{"one word short of a run", strings.Join(w[len(w)-shingleSize+1:], " "), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := copiedRun(tc.text, prose) != ""; got != tc.copied {
				t.Errorf("copiedRun(%q): got copied=%v, want %v", tc.text, got, tc.copied)
			}
		})
	}
}
