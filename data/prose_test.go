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
