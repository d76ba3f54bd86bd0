package extract

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared corpus of real post-mortems, read in place.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// manifestRow is one line of the shared corpus manifest.
type manifestRow struct {
	slug, company, incidentDate, url, path, format string
}

func readManifest(t testing.TB) []manifestRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "manifest.tsv"))
	if err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	defer f.Close()
	var rows []manifestRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 8 || c[0] == "slug" {
			continue
		}
		rows = append(rows, manifestRow{slug: c[0], company: c[1], incidentDate: c[2], url: c[3], path: c[5], format: c[7]})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	return rows
}

// corpusInput reads one corpus document as the crawler would hand it over.
func corpusInput(t testing.TB, r manifestRow) Input {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(corpusDir, "docs", r.slug+"."+r.format))
	if err != nil {
		t.Fatalf("read %s: %v", r.slug, err)
	}
	ct := "text/markdown"
	if r.format == "html" {
		ct = "text/html"
	}
	return Input{URL: r.url, ContentType: ct, Body: body}
}

func TestCorpusDump(t *testing.T) {
	if os.Getenv("PMKB_DUMP") == "" {
		t.Skip("set PMKB_DUMP=1 to print the extraction of every corpus document")
	}
	ex := mustDefault(t)
	if os.Getenv("PMKB_EVIDENCE") != "" {
		ex.trace = func(units []unit, c classification) {
			t.Logf("raw scores %v", c.raw)
			for _, cat := range ex.classifier.cats {
				for _, v := range ex.classifier.votes(cat, units, strings.ToLower(joinUnits(units)), "en") {
					if v.value >= 0.9 {
						t.Logf("   %s %.1f %q", cat.slug, v.value, truncate(units[v.unit].text, 160))
					}
				}
			}
		}
	}
	for _, r := range readManifest(t) {
		if f := os.Getenv("PMKB_DUMP"); f != "1" && !strings.Contains(r.slug, f) {
			continue
		}
		a, err := ex.Extract(corpusInput(t, r))
		if err != nil {
			t.Errorf("%s: %v", r.slug, err)
			continue
		}
		t.Logf("\n== %s\n title=%q company=%q (want %q) product=%q lang=%s pub=%s\n date=%s (want %s) start=%s end=%s dur=%d\n cats=%v %v\n tech=%v\n RC=%q\n sections: sum=%d tl=%d rc=%d imp=%d mit=%d ai=%d",
			r.slug, a.Title, a.Company, r.company, a.Product, a.Language, a.Published, a.IncidentDate, r.incidentDate, a.Start, a.End, a.DurationMinutes,
			a.Categories, a.CategoryScores, a.Technologies, a.RootCause,
			len(a.Sections.Summary), len(a.Sections.Timeline), len(a.Sections.RootCause), len(a.Sections.Impact), len(a.Sections.Mitigation), len(a.Sections.ActionItems))
		if os.Getenv("PMKB_EVIDENCE") != "" {
			for k, v := range a.CategoryEvidence {
				t.Logf("   %s: %q", k, v)
			}
		}
	}
}

func joinUnits(us []unit) string {
	var b strings.Builder
	for _, u := range us {
		b.WriteString(u.text)
		b.WriteByte('\n')
	}
	return b.String()
}

func mustDefault(t testing.TB) *Extractor {
	t.Helper()
	ex, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return ex
}

func TestDebugDates(t *testing.T) {
	slug := os.Getenv("PMKB_DATES")
	if slug == "" {
		t.Skip("set PMKB_DATES=slug to print the date candidates of one corpus document")
	}
	for _, r := range readManifest(t) {
		if !strings.Contains(r.slug, slug) {
			continue
		}
		in := corpusInput(t, r)
		p, err := readPage(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		secs := assignSections(p.blocks)
		sents := sentencesOf(p.blocks, secs)
		for i, s := range sents {
			for _, d := range findDates(s.text, i+1, 2000) {
				t.Logf("%s time=%v year=%v sec=%s %q", d.day.Format("2006-01-02"), d.hasTime, d.hasYear, s.section, truncate(s.text, 100))
			}
		}
	}
}
