package data

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const danluuList = "danluu/post-mortems"

func loadCatalog(t *testing.T) []Postmortem {
	t.Helper()
	pms, err := DefaultCatalog()
	if err != nil {
		t.Fatalf("DefaultCatalog: %v", err)
	}
	return pms
}

// rawCatalog is catalog.yaml as written, for checks on the URLs as given.
func rawCatalog(t *testing.T) []catalogEntry {
	t.Helper()
	var f catalogFile
	if err := yaml.Unmarshal(catalogYAML, &f); err != nil {
		t.Fatalf("decode catalog.yaml: %v", err)
	}
	return f.Incidents
}

func TestDefaultCatalogRecords(t *testing.T) {
	t.Parallel()
	pms := loadCatalog(t)
	if len(pms) < 70 {
		t.Fatalf("catalog size: got %d records, want at least 70", len(pms))
	}
	ids := map[string]string{}
	for _, pm := range pms {
		name := pm.Company + ": " + pm.Title
		if prev, dup := ids[pm.ID]; dup {
			t.Errorf("%s: id %s already used by %s", name, pm.ID, prev)
		}
		ids[pm.ID] = name
		if canon, _, err := CanonicalURL(pm.URL); err != nil || canon != pm.URL || pm.ID != IDFor(pm.URL) {
			t.Errorf("%s: got url %q id %q, want a canonical url and IDFor(url)", name, pm.URL, pm.ID)
		}
		if pm.Fetch.Status != FetchSkipped {
			t.Errorf("%s: fetch status: got %q, want %q", name, pm.Fetch.Status, FetchSkipped)
		}
		if pm.Sections.Summary != pm.Summary || pm.Sections.RootCause != pm.RootCause {
			t.Errorf("%s: sections summary/root cause differ from the record's", name)
		}
		if !strings.Contains(pm.Body, pm.Summary) || !strings.Contains(pm.Body, pm.RootCause) {
			t.Errorf("%s: body lacks the summary or root cause", name)
		}
		if n := len(sentences(pm.Summary)); n < 2 || n > 4 {
			t.Errorf("%s: summary has %d sentences, want 2 to 4", name, n)
		}
		if n := len(sentences(pm.RootCause)); n < 1 || n > 2 {
			t.Errorf("%s: root cause has %d sentences, want 1 or 2", name, n)
		}
		if want := map[bool]string{true: "fr", false: "en"}[pm.Company == "OVHcloud"]; pm.Language != want {
			t.Errorf("%s: language: got %q, want %q", name, pm.Language, want)
		}
		if pm.Technologies == nil || pm.Categories == nil {
			t.Errorf("%s: categories and technologies must be lists, not nil", name)
		}
		for slug, ev := range pm.CategoryEvidence {
			if !slices.Contains(pm.Categories, slug) || !strings.Contains(pm.Body, ev) {
				t.Errorf("%s: evidence for %q is not one of its categories' sentences: %q", name, slug, ev)
			}
		}
		for _, s := range pm.Sources {
			if s.List != TalkListName && s.List != danluuList {
				t.Errorf("%s: source list %q, want %q or %q", name, s.List, TalkListName, danluuList)
			}
		}
	}
}

func TestDefaultCatalogCoversTheTaxonomy(t *testing.T) {
	t.Parallel()
	uses := map[string]int{}
	tagged, evidenced := 0, 0
	for _, pm := range loadCatalog(t) {
		for _, c := range pm.Categories {
			if !slices.Contains(Slugs, c) {
				t.Errorf("%s: unknown slug %q", pm.Title, c)
			}
			uses[c]++
			tagged++
			if pm.CategoryEvidence[c] != "" {
				evidenced++
			}
		}
		if n := len(pm.Categories); n < 2 || n > 5 {
			t.Errorf("%s: got %d categories, want 2 to 5", pm.Title, n)
		}
	}
	for _, s := range Slugs {
		if uses[s] < 2 {
			t.Errorf("slug %q: used by %d records, want at least 2", s, uses[s])
		}
	}
	if evidenced*100 < tagged*95 {
		t.Errorf("category evidence: got %d of %d tags justified by a sentence, want at least 95%%", evidenced, tagged)
	}
}

// linkURL finds the targets of Markdown links and bare URLs in the lists.
var linkURL = regexp.MustCompile(`https?://[^\s|<>]+`)

// danluuSections maps each URL linked from an entry of danluu's list to the
// "## " heading the entry sits under.
func danluuSections(text string) map[string]string {
	out := map[string]string{}
	section := ""
	for _, line := range strings.Split(text, "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.TrimSpace(h)
			continue
		}
		if !strings.HasPrefix(line, "[") {
			continue
		}
		for _, m := range mdLinkTarget.FindAllStringSubmatch(line, -1) {
			if _, seen := out[m[1]]; !seen {
				out[m[1]] = section
			}
		}
	}
	return out
}

// mdLinkTarget matches a Markdown link's target, allowing one level of
// balanced parentheses inside it.
var mdLinkTarget = regexp.MustCompile(`\]\((https?://(?:[^()\s]|\([^()\s]*\))+)\)`)

func TestDefaultCatalogURLsComeFromTheLists(t *testing.T) {
	t.Parallel()
	danluu := readShared(t, "danluu-post-mortems.md")
	talk := readShared(t, "talk-references.md")
	inList := map[string]map[string]bool{TalkListName: {}, danluuList: {}}
	for list, text := range map[string]string{TalkListName: talk, danluuList: danluu} {
		for _, u := range linkURL.FindAllString(text, -1) {
			inList[list][strings.TrimRight(u, ").,")] = true
		}
	}
	for u := range danluuSections(danluu) {
		inList[danluuList][u] = true
	}
	sections := danluuSections(danluu)
	for i, e := range rawCatalog(t) {
		name := e.Company + " " + e.URL
		if !inList[TalkListName][e.URL] && !inList[danluuList][e.URL] {
			t.Errorf("entry %d (%s): url is in neither shared list", i+1, name)
		}
		if e.ArchiveURL != "" && !inList[danluuList][e.ArchiveURL] && !inList[TalkListName][e.ArchiveURL] {
			t.Errorf("entry %d (%s): archive_url %s is in neither shared list", i+1, name, e.ArchiveURL)
		}
		for _, s := range e.Sources {
			candidates := []string{s.URL}
			if s.URL == "" {
				candidates = []string{e.URL, e.ArchiveURL}
			}
			found := ""
			for _, u := range candidates {
				if u != "" && inList[s.List][u] {
					found = u
				}
			}
			if found == "" {
				t.Errorf("entry %d (%s): claims list %s, which does not link %v", i+1, name, s.List, candidates)
				continue
			}
			if s.List == danluuList && sections[found] != s.Section {
				t.Errorf("entry %d (%s): danluu section: got %q, want %q", i+1, name, s.Section, sections[found])
			}
		}
	}
}

func TestDefaultCatalogTechnologiesAreGazetteerNames(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("technologies.yaml")
	if err != nil {
		t.Skipf("no gazetteer to check against: %v", err)
	}
	var g struct {
		Technologies []struct {
			Name string `yaml:"name"`
		} `yaml:"technologies"`
	}
	if err := yaml.Unmarshal(b, &g); err != nil {
		t.Fatalf("decode technologies.yaml: %v", err)
	}
	names := map[string]bool{}
	for _, tech := range g.Technologies {
		names[tech.Name] = true
	}
	for _, pm := range loadCatalog(t) {
		for _, tech := range pm.Technologies {
			if !names[tech] {
				t.Errorf("%s: technology %q is not a gazetteer name", pm.Title, tech)
			}
		}
	}
}

func TestOurProseIsNotCopiedFromTheLists(t *testing.T) {
	t.Parallel()
	prose := listProse(t)
	for _, pm := range loadCatalog(t) {
		s := pm.Sections
		for field, text := range map[string]string{
			"title": pm.Title, "summary": pm.Summary, "root_cause": pm.RootCause,
			"timeline": s.Timeline, "impact": s.Impact, "detection": s.Detection, "mitigation": s.Mitigation, "action_items": s.ActionItems,
		} {
			if run := copiedRun(text, prose); run != "" {
				t.Errorf("%s (%s) %s: repeats %q from a shared list", pm.Company, pm.URL, field, run)
			}
		}
	}
	// The talk list's subjects, read off talk.yaml's lines: parsing the
	// list is crawler/lists' job.
	for _, line := range strings.Split(string(TalkList()), "\n") {
		if subject, ok := strings.CutPrefix(strings.TrimSpace(line), "subject:"); ok {
			if run := copiedRun(subject, prose); run != "" {
				t.Errorf("talk.yaml subject %q: repeats %q from a shared list", strings.TrimSpace(subject), run)
			}
		}
	}
}

func TestSentences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"One sentence without a stop", 1},
		{"It broke. Then it was fixed.", 2},
		{"Traffic hit 1.35 Tbps. Version 2.0 shipped. 43 seconds passed!", 3},
		{"The resolver 1.1.1.1 failed. It came back?  Yes.", 3},
		{"A \"quoted end.\" Next one.", 2},
		{"Le 29 juin, une fuite. Les équipes ont restauré.", 2},
		{"lower case after a stop. does not split", 1},
	}
	for _, tc := range cases {
		if got := sentences(tc.in); len(got) != tc.want {
			t.Errorf("sentences(%q): got %d %q, want %d", tc.in, len(got), got, tc.want)
		}
	}
}

// goodEntry is a minimal valid catalog entry; the reject cases edit it.
const goodEntry = `incidents:
  - url: https://example.com/pm/
    company: Example
    title: Something broke
    incident_date: 2020-01-02
    language: en
    categories: [dns, network]
    technologies: [DNS]
    summary: One thing broke. Then it was fixed.
    root_cause: A DNS record was wrong.
    sources:
      - {list: mine, section: Things}
`

func TestParseCatalogAcceptsAMinimalEntry(t *testing.T) {
	t.Parallel()
	pms, err := ParseCatalog([]byte(goodEntry))
	if err != nil {
		t.Fatalf("ParseCatalog: %v", err)
	}
	pm := pms[0]
	if pm.URL != "https://example.com/pm" || pm.ID != IDFor(pm.URL) || pm.ArchiveURL != "" {
		t.Errorf("got url %q id %q archive %q, want the canonical url and its id", pm.URL, pm.ID, pm.ArchiveURL)
	}
	if want := "One thing broke. Then it was fixed.\n\nA DNS record was wrong."; pm.Body != want {
		t.Errorf("body: got %q, want %q", pm.Body, want)
	}
	if got := pm.CategoryEvidence["dns"]; got != "A DNS record was wrong." {
		t.Errorf("dns evidence: got %q, want the root cause sentence", got)
	}
	if _, ok := pm.CategoryEvidence["network"]; ok {
		t.Errorf("network evidence: got %q, want none (no sentence shows it)", pm.CategoryEvidence["network"])
	}
}

func TestParseCatalogRejects(t *testing.T) {
	t.Parallel()
	edit := func(old, new string) string { return strings.Replace(goodEntry, old, new, 1) }
	cases := []struct {
		name, src string
		want      []string
	}{
		{"bad yaml", "incidents: [", []string{"parse catalog"}},
		{"no incidents", "incidents: []\n", []string{"no incidents"}},
		{"unknown field", edit("    language: en\n", "    language: en\n    severity: high\n"), []string{"severity", "line 7"}},
		{"unknown slug", edit("[dns, network]", "[dns, outage]"), []string{"entry 1", "Example", `"outage"`}},
		{"one category", edit("[dns, network]", "[dns]"), []string{"categories: got 1"}},
		{"six categories", edit("[dns, network]", "[dns, network, time, deploy, storage, security]"), []string{"got 6"}},
		{"repeated category", edit("[dns, network]", "[dns, dns]"), []string{`"dns" twice`}},
		{"bad date", edit("2020-01-02", "2020-01"), []string{"incident_date", "YYYY-MM-DD"}},
		{"bad url", edit("https://example.com/pm/", "example.com/pm"), []string{"entry 1", "scheme"}},
		{"archive of another page", edit("    company:", "    archive_url: https://web.archive.org/web/2020/https://other.example/\n    company:"), []string{"not a Wayback copy"}},
		{"archive that is not wayback", edit("    company:", "    archive_url: https://example.com/pm\n    company:"), []string{"not a Wayback copy"}},
		{"one-sentence summary", edit("One thing broke. Then it was fixed.", "One thing broke."), []string{"summary has 1 sentences"}},
		{"long root cause", edit("A DNS record was wrong.", "A. B. C."), []string{"root_cause has 3 sentences"}},
		{"no title", edit("    title: Something broke\n", ""), []string{"title is required"}},
		{"bad language", edit("language: en", "language: english"), []string{"language"}},
		{"no sources", edit("    sources:\n      - {list: mine, section: Things}\n", ""), []string{"sources"}},
		{"empty technology", edit("[DNS]", `[DNS, ""]`), []string{"technologies: empty"}},
		{"duplicate url", goodEntry + strings.TrimPrefix(edit("https://example.com/pm/", "HTTPS://EXAMPLE.com/pm"), "incidents:\n"),
			[]string{"entry 2", "repeats entry 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseCatalog([]byte(tc.src))
			if err == nil {
				t.Fatalf("ParseCatalog: got nil error, want one mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseCatalog error: got %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

// BenchmarkDefaultCatalog measures what `pmkb serve` pays on an empty data
// dir to turn the embedded YAML into records.
func BenchmarkDefaultCatalog(b *testing.B) {
	for b.Loop() {
		if _, err := DefaultCatalog(); err != nil {
			b.Fatal(err)
		}
	}
}
