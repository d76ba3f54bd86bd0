package data

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed catalog.yaml
var catalogYAML []byte

// Catalog limits: how many tags and sentences a hand-written entry has.
const (
	minCategories, maxCategories = 2, 5
	minSummary, maxSummary       = 2, 4 // sentences
	minRootCause, maxRootCause   = 1, 2 // sentences
)

// catalogFile is the layout of catalog.yaml.
type catalogFile struct {
	Incidents []catalogEntry `yaml:"incidents"`
}

// catalogEntry is one hand-written incident. Summary and root cause are our
// own words; the URL is taken verbatim from a list that names the incident.
type catalogEntry struct {
	URL          string          `yaml:"url"`
	ArchiveURL   string          `yaml:"archive_url"`
	Company      string          `yaml:"company"`
	Product      string          `yaml:"product"`
	Title        string          `yaml:"title"`
	Language     string          `yaml:"language"`
	Published    string          `yaml:"published"`
	IncidentDate string          `yaml:"incident_date"`
	Categories   []string        `yaml:"categories"`
	Technologies []string        `yaml:"technologies"`
	Summary      string          `yaml:"summary"`
	RootCause    string          `yaml:"root_cause"`
	Sections     catalogSections `yaml:"sections"`
	Sources      []catalogSource `yaml:"sources"`
}

// catalogSections are the optional parts of a post-mortem beyond summary and
// root cause.
type catalogSections struct {
	Timeline    string `yaml:"timeline"` // one step a line: "WHEN: what happened"
	Impact      string `yaml:"impact"`
	Detection   string `yaml:"detection"`
	Mitigation  string `yaml:"mitigation"`
	ActionItems string `yaml:"action_items"` // one action a line
}

// catalogSource is a list that names the incident. URL is the link as that
// list gives it when it differs from the entry's (an older address of the
// same post); it documents provenance and is not part of the record.
type catalogSource struct {
	List    string `yaml:"list"`
	Section string `yaml:"section"`
	URL     string `yaml:"url"`
}

var langCode = regexp.MustCompile(`^[a-z]{2}$`)

// DefaultCatalog returns the embedded catalog of well-known public incidents
// (data/catalog.yaml) as full records, so a fresh pmkb has something real to
// search without a crawl.
func DefaultCatalog() ([]Postmortem, error) {
	return ParseCatalog(catalogYAML)
}

// ParseCatalog reads a catalog in the layout of catalog.yaml and returns one
// record per incident. It validates strictly: unknown fields, unknown
// category slugs, bad dates or URLs, summaries and root causes of the wrong
// length and two entries for one canonical URL are errors that name the
// entry. A record's id comes from its canonical URL; its body is the summary,
// root cause and sections, so full-text search has text before any fetch.
func ParseCatalog(b []byte) ([]Postmortem, error) {
	var f catalogFile
	if err := DecodeYAMLStrict(b, &f); err != nil {
		return nil, fmt.Errorf("data: parse catalog: %w", err)
	}
	if len(f.Incidents) == 0 {
		return nil, errors.New("data: catalog: no incidents")
	}
	co, err := DefaultCompanies()
	if err != nil {
		return nil, err
	}
	lines := YAMLEntryLines(b)
	out := make([]Postmortem, 0, len(f.Incidents))
	seen := make(map[string]int, len(f.Incidents))
	for i, e := range f.Incidents {
		where := EntryName(i, lines, e.Company)
		pm, err := e.record()
		if err != nil {
			return nil, fmt.Errorf("data: catalog: %s: %w", where, err)
		}
		if first, dup := seen[pm.ID]; dup {
			return nil, fmt.Errorf("data: catalog: %s: url %s repeats entry %d; give one entry every source",
				where, pm.URL, first+1)
		}
		seen[pm.ID] = i
		pm.Company = co.Canonical(pm.Company) // one name per company, as the facets show it
		out = append(out, pm)
	}
	return out, nil
}

// record validates the entry and builds its record.
func (e catalogEntry) record() (Postmortem, error) {
	canon, archive, err := e.urls()
	if err != nil {
		return Postmortem{}, err
	}
	if err := e.validateText(); err != nil {
		return Postmortem{}, err
	}
	cats, err := checkCategories(e.Categories)
	if err != nil {
		return Postmortem{}, err
	}
	techs, err := checkTechnologies(e.Technologies)
	if err != nil {
		return Postmortem{}, err
	}
	sources, err := e.sources()
	if err != nil {
		return Postmortem{}, err
	}
	s := e.Sections
	pm := Postmortem{
		ID:           IDFor(canon),
		URL:          canon,
		ArchiveURL:   archive,
		Title:        strings.TrimSpace(e.Title),
		Company:      strings.TrimSpace(e.Company),
		Product:      strings.TrimSpace(e.Product),
		Language:     e.Language,
		Published:    e.Published,
		IncidentDate: e.IncidentDate,
		Summary:      clean(e.Summary),
		RootCause:    clean(e.RootCause),
		Sections: Sections{
			Summary:     clean(e.Summary),
			Timeline:    cleanLines(s.Timeline),
			RootCause:   clean(e.RootCause),
			Impact:      clean(s.Impact),
			Detection:   clean(s.Detection),
			Mitigation:  clean(s.Mitigation),
			ActionItems: cleanLines(s.ActionItems),
		},
		Categories:   cats,
		Technologies: techs,
		Sources:      sources,
		Fetch:        Fetch{Status: FetchSkipped},
	}
	parts := []string{pm.Summary, pm.RootCause, pm.Sections.Impact, pm.Sections.Detection,
		pm.Sections.Timeline, pm.Sections.Mitigation, pm.Sections.ActionItems}
	pm.Body = strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), "\n\n")
	pm.CategoryEvidence = categoryEvidence(cats, parts)
	return pm, nil
}

// urls returns the canonical URL and the Wayback copy: the entry's url when
// it is a Wayback link, else its archive_url, which must archive the same
// page.
func (e catalogEntry) urls() (canon, archive string, err error) {
	if strings.TrimSpace(e.URL) == "" {
		return "", "", errors.New("url is required")
	}
	canon, archive, err = CanonicalURL(e.URL)
	if err != nil {
		return "", "", err
	}
	if e.ArchiveURL == "" {
		return canon, archive, nil
	}
	if archive != "" {
		return "", "", errors.New("archive_url given but url is already a Wayback link")
	}
	c, a, err := CanonicalURL(e.ArchiveURL)
	if err != nil {
		return "", "", fmt.Errorf("archive_url: %w", err)
	}
	if a == "" || c != canon {
		return "", "", fmt.Errorf("archive_url %q is not a Wayback copy of %s", e.ArchiveURL, canon)
	}
	return canon, a, nil
}

// validateText checks the required words and dates of the entry.
func (e catalogEntry) validateText() error {
	for _, f := range []struct{ name, v string }{
		{"company", e.Company}, {"title", e.Title}, {"summary", e.Summary}, {"root_cause", e.RootCause},
	} {
		if strings.TrimSpace(f.v) == "" {
			return fmt.Errorf("%s is required", f.name)
		}
	}
	if !langCode.MatchString(e.Language) {
		return fmt.Errorf("language %q: want a two-letter code such as en or fr", e.Language)
	}
	for _, d := range []struct{ name, v string }{{"incident_date", e.IncidentDate}, {"published", e.Published}} {
		if d.v != "" && !isDay(d.v) {
			return fmt.Errorf("%s %q: want YYYY-MM-DD", d.name, d.v)
		}
	}
	if n := len(sentences(e.Summary)); n < minSummary || n > maxSummary {
		return fmt.Errorf("summary has %d sentences, want %d to %d", n, minSummary, maxSummary)
	}
	if n := len(sentences(e.RootCause)); n < minRootCause || n > maxRootCause {
		return fmt.Errorf("root_cause has %d sentences, want %d to %d", n, minRootCause, maxRootCause)
	}
	return nil
}

// sources checks the entry's list references and returns them as record
// sources.
func (e catalogEntry) sources() ([]Source, error) {
	if len(e.Sources) == 0 {
		return nil, errors.New("sources: at least one list is required")
	}
	var out []Source
	for _, s := range e.Sources {
		if strings.TrimSpace(s.List) == "" {
			return nil, errors.New("sources: list is required")
		}
		if s.URL != "" {
			if _, _, err := CanonicalURL(s.URL); err != nil {
				return nil, fmt.Errorf("sources: %w", err)
			}
		}
		src := Source{List: s.List, Section: s.Section}
		if slices.Contains(out, src) {
			return nil, fmt.Errorf("sources: %s %q twice", s.List, s.Section)
		}
		out = append(out, src)
	}
	return out, nil
}

// checkCategories accepts 2 to 5 distinct contract slugs.
func checkCategories(cats []string) ([]string, error) {
	if n := len(cats); n < minCategories || n > maxCategories {
		return nil, fmt.Errorf("categories: got %d, want %d to %d", n, minCategories, maxCategories)
	}
	for i, c := range cats {
		if !slices.Contains(Slugs, c) {
			return nil, fmt.Errorf("categories: unknown slug %q", c)
		}
		if slices.Contains(cats[:i], c) {
			return nil, fmt.Errorf("categories: %q twice", c)
		}
	}
	return slices.Clone(cats), nil
}

// checkTechnologies accepts distinct, non-empty names; the result is never
// nil so a record always has a list.
func checkTechnologies(techs []string) ([]string, error) {
	out := make([]string, 0, len(techs))
	for _, t := range techs {
		t = strings.TrimSpace(t)
		if t == "" {
			return nil, errors.New("technologies: empty name")
		}
		if slices.Contains(out, t) {
			return nil, fmt.Errorf("technologies: %q twice", t)
		}
		out = append(out, t)
	}
	return out, nil
}

// clean joins the lines of a YAML block into single-spaced text.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanLines cleans each line of a YAML block on its own and drops empty
// ones, so a timeline keeps one step a line.
func cleanLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = clean(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// sentences splits text at sentence ends: '.', '!' or '?' (possibly closed
// by a quote or bracket) followed by space and a capital, a digit or an
// opening quote. Catalog prose avoids abbreviations, so this is enough to
// count sentences and pick evidence.
func sentences(text string) []string {
	text = clean(text)
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		end := i
		for end < len(text) && strings.ContainsRune(`"')»’”`, rune(text[end])) {
			end++
		}
		if end == len(text) {
			break
		}
		if text[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[end+1:])
		if unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"'«“`, next) {
			out = append(out, strings.TrimSpace(text[start:end]))
			start = end + 1
		}
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// evidenceCues are word beginnings that show a category in catalog prose,
// English and French. They only pick which of our own sentences justifies a
// hand-assigned tag; they assign nothing.
var evidenceCues = map[string][]string{
	"config-change":     {"config", "setting", "rule", "flag", "policy", "permission", "environment variable", "paramètr", "réglage"},
	"deploy":            {"deploy", "release", "rollout", "rolled out", "roll-out", "upgrad", "update", "patch", "migrat", "shipped", "pushed", "déploi", "mise à jour"},
	"software-bug":      {"bug", "defect", "race", "overflow", "panic", "crash", "regular expression", "backtrack", "double free", "null", "deadlock", "loop", "flaw", "wrap"},
	"dns":               {"dns", "resolver", "resolv", "name server", "nameserver", "domain", "zone"},
	"network":           {"network", "bgp", "router", "routing", "route", "switch", "fibre", "fiber", "partition", "packet", "backbone", "load balanc", "link", "peering", "réseau", "lien"},
	"database":          {"database", "mysql", "postgres", "mongodb", "redis", "replica", "table", "query", "queries", "sql", "cassandra", "dynamodb", "vitess", "schema", "primary key", "data store", "base de données"},
	"failover":          {"failover", "fail over", "failed over", "split-brain", "split brain", "leader", "quorum", "promot", "standby", "evacuat", "high availability", "high-availability", "replica", "basculement", "secours"},
	"human-error":       {"operator", "engineer", "typo", "mistake", "by hand", "manual", "wrong", "accident", "mistyp", "inadvertent", "erreur humaine", "opérateur"},
	"data-loss":         {"lost", "loss", "lose", "losing", "delet", "destroy", "corrupt", "wip", "erase", "perdu", "perte"},
	"hardware":          {"hardware", "disk", "server", "switch", "memory chip", "ecc", "generator", "firmware", "transformer", "machine", "matériel", "baie", "serveur"},
	"facility":          {"power", "cooling", "fire", "flood", "storm", "weather", "lightning", "data centre", "data center", "datacenter", "electric", "grid", "water", "eau", "refroidissement", "fuite", "orage", "climatisation"},
	"time":              {"leap", "clock", "time", "date", "calendar", "year", "expir", "monotonic", "midnight"},
	"certificate":       {"certificate", "certif", "tls", "expir"},
	"capacity":          {"capacity", "load", "overload", "spike", "limit", "exhaust", "traffic", "surge", "quota", "demand", "saturat", "cpu", "ceiling", "capacité", "limite", "charge"},
	"cascading-failure": {"cascad", "retry", "retries", "retried", "thundering", "knock-on", "spread", "domino", "herd", "amplif", "rippl", "snowball", "chain", "cascade"},
	"security":          {"attack", "breach", "leak", "expos", "credential", "token", "ddos", "malware", "stolen", "steal", "compromis", "password", "vandal", "malicious", "unauthori", "vulnerab", "intruder", "hijack", "secret"},
	"third-party":       {"provider", "vendor", "third-party", "third party", "upstream", "supplier", "library", "cdn", "customer", "carrier", "dependency", "depend", "fournisseur", "opérateur", "prestataire"},
	"monitoring":        {"monitor", "alert", "alarm", "detect", "noticed", "unnoticed", "visibility", "telemetry", "observab", "silent", "blind", "surveill"},
	"automation":        {"automat", "script", "tool", "job", "autoscal", "cron", "scheduler", "bot", "outil"},
	"resource-leak":     {"leak", "memory", "thread", "garbage", "file descriptor", "heap", "fuite mémoire"},
	"storage":           {"storage", "disk", "filesystem", "file system", "volume", "s3", "hdfs", "ebs", "blob", "stockage", "baie"},
}

// categoryEvidence picks, for each tag, the first sentence of the texts
// (root cause before summary, then the sections) that carries one of the
// tag's cues. A tag with no such sentence gets no evidence.
func categoryEvidence(cats []string, texts []string) map[string]string {
	var sents []string
	order := append([]string{texts[1], texts[0]}, texts[2:]...)
	for _, t := range order {
		sents = append(sents, sentences(t)...)
	}
	out := make(map[string]string, len(cats))
	for _, c := range cats {
		for _, s := range sents {
			if hasCue(strings.ToLower(s), evidenceCues[c]) {
				out[c] = s
				break
			}
		}
	}
	return out
}

// hasCue reports whether one of cues starts a word of lower.
func hasCue(lower string, cues []string) bool {
	for _, cue := range cues {
		for off := 0; ; {
			i := strings.Index(lower[off:], cue)
			if i < 0 {
				break
			}
			i += off
			prev, _ := utf8.DecodeLastRuneInString(lower[:i])
			if i == 0 || !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
				return true
			}
			off = i + len(cue)
		}
	}
	return false
}
