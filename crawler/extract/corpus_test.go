package extract_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/evaluate"
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
func corpusInput(t testing.TB, r manifestRow) extract.Input {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(corpusDir, "docs", r.slug+"."+r.format))
	if err != nil {
		t.Fatalf("read %s: %v", r.slug, err)
	}
	ct := "text/markdown"
	if r.format == "html" {
		ct = "text/html"
	}
	return extract.Input{URL: r.url, ContentType: ct, Body: body}
}

func mustDefault(t testing.TB) *extract.Extractor {
	t.Helper()
	ex, err := extract.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return ex
}

// TestCorpus runs the extractor over every real post-mortem of the shared
// corpus: no document may fail, and each gets a title and a body. For the
// documents below we wrote our own expectations after reading them: the tags
// that name their trigger or root cause (more may be found), the incident
// day, and the company the manifest gives.
func TestCorpus(t *testing.T) {
	expect := map[string]struct {
		tags []string
		date string
	}{
		"rust-docsrs-2019-10-21-disk-full":                {[]string{"storage"}, "2019-10-20"}, // builds failed from 10-20 00:55, the site went down on the 21st
		"rust-cratesio-2023-01-25-dns":                    {[]string{"dns", "deploy"}, "2023-01-25"},
		"rust-rustup-2021-04-27-release":                  {[]string{"deploy", "software-bug"}, "2021-04-27"},
		"rust-cratesio-2023-08-16-malware":                {[]string{"security"}, "2023-08-16"},
		"homebrew-2018-07-31-leaked-token":                {[]string{"security"}, "2018-07-31"},
		"learningequality-2018-08-22-expired-certificate": {[]string{"certificate"}, "2018-08-22"},
		"mybinder-2018-03-26-no-space-left":               {[]string{"storage"}, "2018-03-26"},
		"civo-2023-07-10-nyc1-site-power":                 {[]string{"facility"}, "2023-07-10"},
		"civo-2026-08-13-phx1-cooling":                    {[]string{"facility", "third-party"}, "2026-08-13"},
		"dfds-2020-01-20-inotify-exhaustion":              {[]string{"resource-leak"}, "2020-01-20"},
		"dfds-2020-02-03-coredns-upgrade":                 {[]string{"dns"}, "2020-02-03"},
		"passemploi-2023-01-23-postgres-index-contention": {[]string{"database"}, "2023-01-23"},
		"passemploi-2022-05-20-worker-infinite-loop":      {[]string{"software-bug"}, "2022-05-20"},
		"equinor-radix-2019-01-19-helm-wrong-cluster":     {[]string{"human-error"}, "2019-01-19"},
		"portswigger-2025-10-20-aws-outage":               {[]string{"third-party"}, "2025-10-20"},
		"hex-2025-07-30-expired-certificates":             {[]string{"certificate"}, "2025-07-30"},
		"chia-2021-05-26-website-pages-outage":            {[]string{"third-party", "software-bug"}, "2021-05-26"},
	}
	ex := mustDefault(t)
	rows := readManifest(t)
	if len(rows) < 50 {
		t.Fatalf("got %d manifest rows, want at least 50", len(rows))
	}
	checked := 0
	for _, r := range rows {
		a, err := ex.Extract(corpusInput(t, r))
		if err != nil {
			t.Errorf("%s: %v", r.slug, err)
			continue
		}
		if strings.TrimSpace(a.Title) == "" || len(a.Body) < 200 {
			t.Errorf("%s: got title %q and %d bytes of body, want both", r.slug, a.Title, len(a.Body))
		}
		e, ok := expect[r.slug]
		if !ok {
			continue
		}
		checked++
		for _, tag := range e.tags {
			if !slices.Contains(a.Categories, tag) {
				t.Errorf("%s: got categories %v, want %s among them", r.slug, a.Categories, tag)
			}
		}
		if a.IncidentDate != e.date {
			t.Errorf("%s: got incident_date %q, want %q", r.slug, a.IncidentDate, e.date)
		}
		if !evaluate.CompanyMatch(a.Company, r.company) {
			t.Errorf("%s: got company %q, want %q", r.slug, a.Company, r.company)
		}
	}
	if checked != len(expect) {
		t.Errorf("checked %d documents with expectations, want %d: is the manifest complete?", checked, len(expect))
	}
}
