// Package evaluate is the extraction quality harness behind pmkb eval extract: labelled documents in, per-field scores out.
package evaluate

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// Labels is a labelled set of post-mortems for the extraction harness.
// Document paths are relative to the labels file (or to Base, itself
// relative to the labels file).
type Labels struct {
	Base string  `yaml:"base,omitempty"`
	Docs []Label `yaml:"docs"`
	dir  string
}

// Label is one document and what extraction should find in it. Empty fields
// are not scored: a document without categories does not count towards the
// category figures.
type Label struct {
	Path        string `yaml:"path"`
	ContentType string `yaml:"content_type,omitempty"`
	URL         string `yaml:"url,omitempty"`
	ListCompany string `yaml:"list_company,omitempty"` // the list's link text, passed as input
	Blurb       string `yaml:"blurb,omitempty"`        // the list's blurb, passed as input
	// Published is the day the document went up, as its source would
	// know it (a feed's date, a file's first commit), passed as input;
	// never the incident's day.
	Published string `yaml:"published,omitempty"`

	Categories    []string `yaml:"categories,omitempty"`
	RootCause     string   `yaml:"root_cause,omitempty"`      // the sentence(s) stating the cause
	RootCauseKeys []string `yaml:"root_cause_keys,omitempty"` // key phrases, any one suffices
	IncidentDate  string   `yaml:"incident_date,omitempty"`   // YYYY-MM-DD, or YYYY-MM when only the month is known
	Company       string   `yaml:"company,omitempty"`

	body []byte // the document itself, when the labels carry it inline
}

// LoadLabels reads a labels file (YAML).
func LoadLabels(ctx context.Context, path string) (Labels, error) {
	if err := ctx.Err(); err != nil {
		return Labels{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Labels{}, fmt.Errorf("evaluate: read labels: %w", err)
	}
	var l Labels
	if err := yaml.Unmarshal(b, &l); err != nil {
		return Labels{}, fmt.Errorf("evaluate: parse labels %s: %w", path, err)
	}
	if len(l.Docs) == 0 {
		return Labels{}, fmt.Errorf("evaluate: labels %s: no docs", path)
	}
	for i, d := range l.Docs {
		if d.Path == "" {
			return Labels{}, fmt.Errorf("evaluate: labels %s: doc %d has no path", path, i+1)
		}
	}
	l.dir = filepath.Join(filepath.Dir(path), l.Base)
	return l, nil
}

// Part returns the documents of part i of n (0 <= i < n): those whose
// path, without directory and extension, hashes (FNV-1a) to i modulo n. The
// split is deterministic, so a tuning part and a check part stay apart from
// one run to the next.
func (l Labels) Part(i, n int) (Labels, error) {
	if n < 1 || i < 0 || i >= n {
		return Labels{}, fmt.Errorf("evaluate: labels part %d/%d: want 0 <= i < n", i, n)
	}
	out := l
	out.Docs = nil
	for _, d := range l.Docs {
		if partOf(d.Path, n) == i {
			out.Docs = append(out.Docs, d)
		}
	}
	return out, nil
}

func partOf(path string, n int) int {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	h := fnv.New32a()
	h.Write([]byte(base))
	return int(h.Sum32() % uint32(n))
}

// Concat pools several labelled sets into one, in order: each document
// keeps where it lives (its path becomes its DocPath), so that sets from
// different directories can be scored together (pmkb eval extract --labels
// a.jsonl,b.jsonl).
func Concat(ls ...Labels) Labels {
	var out Labels
	for _, l := range ls {
		for _, d := range l.Docs {
			if d.body == nil {
				d.Path = l.DocPath(d)
			}
			out.Docs = append(out.Docs, d)
		}
	}
	return out
}

// DocPath returns where a label's document lives on disk.
func (l Labels) DocPath(d Label) string {
	if filepath.IsAbs(d.Path) {
		return d.Path
	}
	return filepath.Join(l.dir, d.Path)
}

// Input builds the extractor input for a labelled document.
func (l Labels) Input(ctx context.Context, d Label) (extract.Input, error) {
	if err := ctx.Err(); err != nil {
		return extract.Input{}, err
	}
	body := d.body
	if body == nil {
		var err error
		if body, err = os.ReadFile(l.DocPath(d)); err != nil {
			return extract.Input{}, fmt.Errorf("evaluate: read labelled doc: %w", err)
		}
	}
	return extract.Input{URL: d.URL, ContentType: d.ContentType, Body: body, Company: d.ListCompany, Blurb: d.Blurb, Published: d.Published}, nil
}

// Evaluate runs the extractor over every labelled document and scores it.
// A document that fails to extract counts as wrong on every field it has a
// label for, and its error is kept in the report.
func Evaluate(ctx context.Context, ex *extract.Extractor, l Labels) (Report, error) {
	r := newReport()
	for _, d := range l.Docs {
		in, err := l.Input(ctx, d)
		if err != nil {
			return Report{}, err
		}
		a, raw, err := ex.ExtractScored(in)
		if err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("%s: %v", d.Path, err))
		}
		r.add(d, a, raw)
	}
	return r, nil
}

// RootCauseHit reports whether an extracted root cause hits the label: its
// token F1 against the labelled sentence(s) is at least 0.5, or it holds at
// least 80% of the labelled tokens (a 3-sentence root cause that contains the
// labelled sentence), or it contains every word of one labelled key phrase
// (case and punctuation ignored, plural -s folded).
func RootCauseHit(got string, d Label) bool {
	if strings.TrimSpace(got) == "" {
		return false
	}
	if d.RootCause != "" {
		if f, recall := tokenF1(got, d.RootCause); f >= 0.5 || recall >= 0.8 {
			return true
		}
	}
	have := map[string]bool{}
	for _, w := range prose.Words(got) {
		have[stem(w)] = true
	}
	for _, k := range d.RootCauseKeys {
		all := true
		for _, w := range prose.Words(k) {
			if !have[stem(w)] {
				all = false
				break
			}
		}
		if all && len(prose.Words(k)) > 0 {
			return true
		}
	}
	return false
}

func stem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// tokenF1 is the harmonic mean of token precision and recall, counting
// repeated tokens as often as they appear in both; recall is returned too.
func tokenF1(got, want string) (f1, recall float64) {
	g, w := prose.Words(got), prose.Words(want)
	if len(g) == 0 || len(w) == 0 {
		return 0, 0
	}
	counts := map[string]int{}
	for _, t := range w {
		counts[t]++
	}
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0, 0
	}
	p, r := float64(common)/float64(len(g)), float64(common)/float64(len(w))
	return 2 * p * r / (p + r), r
}

// DateMatch reports whether an extracted incident date matches the label;
// a YYYY-MM label matches any day of that month.
func DateMatch(got, want string) bool {
	if len(want) == 7 {
		return strings.HasPrefix(got, want)
	}
	return got == want
}

// CompanyMatch reports whether an extracted company names the labelled one.
// Names are compared on letters and digits only; a label "Name (detail)"
// also accepts the detail alone, with a trailing top-level domain dropped,
// since it names the product or site ("Binder Project (mybinder.org)").
func CompanyMatch(got, want string) bool {
	g := prose.NormName(got)
	if g == "" {
		return false
	}
	main, detail, _ := strings.Cut(want, "(")
	detail = strings.TrimSuffix(strings.TrimSpace(detail), ")")
	if i := strings.LastIndex(detail, "."); i > 0 {
		detail = detail[:i]
	}
	for _, c := range []string{want, main, detail} {
		if n := prose.NormName(c); n != "" && n == g {
			return true
		}
	}
	return false
}
