package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// Where messages are used: in templates (t "..." and tn N "one" "many")
// and in Go (msg, T, N, inputErr and errorPage's heading and message).
var (
	tmplMsgRE  = regexp.MustCompile(`(?:\{\{-?\s*|\()t\s+("(?:[^"\\]|\\.)*")`)
	tmplNRE    = regexp.MustCompile(`\btn\s+(?:\([^)]*\)|\S+)\s+("(?:[^"\\]|\\.)*")\s+("(?:[^"\\]|\\.)*")`)
	goMsgRE    = regexp.MustCompile(`\b(?:msg|T|inputErr)\(("(?:[^"\\]|\\.)*")`)
	goNRE      = regexp.MustCompile(`\.N\([^,]+,\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")`)
	goErrorRE  = regexp.MustCompile(`errorPage\(c,\s*[\w.]+,\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")`)
	printfVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
)

// usedMessages returns every message the templates and the Go code use,
// and the taxonomy's category names, which the pages translate.
func usedMessages(t *testing.T) map[string]bool {
	t.Helper()
	used := map[string]bool{}
	add := func(ms [][]string) {
		for _, m := range ms {
			for _, q := range m[1:] {
				s, err := strconv.Unquote(q)
				if err != nil {
					t.Fatalf("message %s: %v", q, err)
				}
				used[s] = true
			}
		}
	}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		add(tmplMsgRE.FindAllStringSubmatch(string(b), -1))
		add(tmplNRE.FindAllStringSubmatch(string(b), -1))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range goFiles {
		if filepath.Ext(f) == ".go" && !slices.Contains([]string{"i18n_test.go"}, f) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range []*regexp.Regexp{goMsgRE, goNRE, goErrorRE} {
				add(re.FindAllStringSubmatch(string(b), -1))
			}
		}
	}
	tax, err := data.DefaultTaxonomy()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range tax.Categories {
		used[c.Name] = true
	}
	return used
}

// TestMessageCatalog: every message the interface uses has its French
// entry with the same fmt verbs, and the French catalog holds no message
// nothing uses.
func TestMessageCatalog(t *testing.T) {
	cs := testCatalogs(t)
	used := usedMessages(t)
	if len(used) < 100 {
		t.Fatalf("found %d messages; the patterns no longer see the templates", len(used))
	}
	fr := cs[langFR]
	for m := range used {
		tr, ok := fr[m]
		switch {
		case !ok || tr == "":
			t.Errorf("no French for %q", m)
		case !slices.Equal(printfVerb.FindAllString(m, -1), printfVerb.FindAllString(tr, -1)):
			t.Errorf("French %q has other fmt verbs than %q", tr, m)
		}
	}
	for m := range fr {
		if !used[m] {
			t.Errorf("French entry %q is used nowhere", m)
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "en"}, {"fr", "fr"}, {"fr-CH, fr;q=0.9, en;q=0.8", "fr"}, {"en-GB,fr;q=0.5", "en"},
		{"de, fr;q=0.3", "fr"}, {"de", "en"}, {"fr;q=bad, en", "en"}, {"EN-us;q=0.4, FR;q=0.6", "fr"},
	} {
		if got := acceptLanguage(tc.header); got != tc.want {
			t.Errorf("acceptLanguage(%q): got %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	cs := testCatalogs(t)
	for _, tc := range []struct{ lang, in, want string }{
		{"en", "2017-02-28", "28 Feb 2017"}, {"fr", "2017-02-28", "28 févr. 2017"}, {"fr", "2012-08-01", "1er août 2012"},
		{"en", "", ""}, {"fr", "2012", "2012"},
		{"en", "2012-06-30T23:59:60Z", "2012-06-30T23:59:60Z"},
	} {
		if got := cs.localizer(tc.lang).Date(tc.in); got != tc.want {
			t.Errorf("%s Date(%q): got %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
	if got := cs.localizer(langFR).DateTime("2021-10-04T15:39:00Z"); got != "4 oct. 2021, 15:39 UTC" {
		t.Errorf("fr DateTime: got %q", got)
	}
}
