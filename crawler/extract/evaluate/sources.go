package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// Sources says where the documents of a TSV labels file are and where
// extra root-cause keys come from.
type Sources struct {
	// Corpus is a corpus directory: manifest.tsv (slug, public_url and
	// format columns) and docs/<slug>.<format>. A TSV labels file names its
	// documents by slug; without Corpus they are looked for beside it.
	Corpus string
	// Keys is a TSV file of slug and root_cause_keys (" | " between key
	// phrases) merged into the labels, for labels files that have none.
	Keys string
}

// LoadLabelsFrom reads a labels file by its extension: YAML (.yaml, .yml),
// TSV (.tsv: slug, categories, root_cause, incident_date, company and
// optionally root_cause_keys columns, documents from src.Corpus) or the
// JSON lines of our synthetic post-mortems (.jsonl: each line holds its
// document and its labels).
func LoadLabelsFrom(ctx context.Context, path string, src Sources) (Labels, error) {
	if err := ctx.Err(); err != nil {
		return Labels{}, err
	}
	var l Labels
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tsv":
		l, err = loadTSV(path, src.Corpus)
	case ".jsonl":
		l, err = loadSynthetic(path)
	default:
		return LoadLabels(ctx, path)
	}
	if err != nil {
		return Labels{}, err
	}
	if src.Keys != "" {
		if err := l.mergeKeys(src.Keys); err != nil {
			return Labels{}, err
		}
	}
	if len(l.Docs) == 0 {
		return Labels{}, fmt.Errorf("evaluate: labels %s: no docs", path)
	}
	return l, nil
}

// readTSV reads a tab-separated file with a header line into one map per
// row, keyed by column name. Fields are taken as written: a quote is a
// character like any other (labels quote the posts' words, "like this"),
// never the start of a field that runs on over the next rows.
func readTSV(path string) ([]map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	var rows [][]string
	for line := range strings.SplitSeq(string(raw), "\n") {
		if line = strings.TrimRight(line, "\r"); line != "" {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("evaluate: %s has no rows", path)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, name := range rows[0] {
			if i < len(row) {
				m[strings.TrimSpace(name)] = strings.TrimSpace(row[i])
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// loadTSV reads labels in the layout of the corpus's labels-added.tsv.
func loadTSV(path, corpus string) (Labels, error) {
	rows, err := readTSV(path)
	if err != nil {
		return Labels{}, err
	}
	if corpus == "" {
		corpus = filepath.Dir(path)
	}
	manifest, err := readTSV(filepath.Join(corpus, "manifest.tsv"))
	if err != nil {
		return Labels{}, err
	}
	bySlug := map[string]map[string]string{}
	for _, m := range manifest {
		bySlug[m["slug"]] = m
	}
	types := map[string]string{"md": "text/markdown", "html": "text/html", "htm": "text/html", "txt": "text/plain"}
	l := Labels{dir: filepath.Join(corpus, "docs")}
	for i, row := range rows {
		m, ok := bySlug[row["slug"]]
		if !ok {
			return Labels{}, fmt.Errorf("evaluate: %s row %d: slug %q is not in the corpus manifest", path, i+2, row["slug"])
		}
		l.Docs = append(l.Docs, Label{
			Path:          row["slug"] + "." + m["format"],
			ContentType:   types[m["format"]],
			URL:           m["public_url"],
			Categories:    splitList(row["categories"], ","),
			RootCause:     row["root_cause"],
			RootCauseKeys: splitList(row["root_cause_keys"], "|"),
			IncidentDate:  row["incident_date"],
			Company:       row["company"],
			Published:     prose.FirstNonEmpty(row["published"], m["published"]), // when the post went up, if said (our corpus's manifest does not)
		})
	}
	return l, nil
}

// mergeKeys adds the root-cause keys of a slug, root_cause_keys TSV file.
func (l *Labels) mergeKeys(path string) error {
	rows, err := readTSV(path)
	if err != nil {
		return err
	}
	keys := map[string][]string{}
	for _, row := range rows {
		keys[row["slug"]] = splitList(row["root_cause_keys"], "|")
	}
	for i, d := range l.Docs {
		slug := strings.TrimSuffix(filepath.Base(d.Path), filepath.Ext(d.Path))
		l.Docs[i].RootCauseKeys = append(l.Docs[i].RootCauseKeys, keys[slug]...)
	}
	return nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// synthetic is one line of a synthetic post-mortems file: a post we wrote
// ourselves, with its labels (see crawler/extract/testdata/synth).
type synthetic struct {
	ID           string   `json:"id"`
	Lang         string   `json:"lang"`
	Company      string   `json:"company"`
	IncidentDate string   `json:"incident_date"`
	Published    string   `json:"published"`
	URL          string   `json:"url"` // where the post would live, when its address says something (a date); else a made-up one
	Markdown     string   `json:"markdown"`
	Categories   []string `json:"categories"`
	RootCause    string   `json:"root_cause"`
}

// loadSynthetic reads synthetic post-mortems; their documents are inline.
func loadSynthetic(path string) (Labels, error) {
	f, err := os.Open(path)
	if err != nil {
		return Labels{}, fmt.Errorf("evaluate: %w", err)
	}
	defer f.Close()
	return readSynthetic(f, path)
}

func readSynthetic(r io.Reader, name string) (Labels, error) {
	var l Labels
	err := EachJSONLine(r, name, func(line []byte) error {
		var s synthetic
		if err := json.Unmarshal(line, &s); err != nil {
			return err
		}
		if s.ID == "" || s.Markdown == "" {
			return errors.New("no id or no markdown")
		}
		l.Docs = append(l.Docs, Label{
			Path: s.ID + ".md", ContentType: "text/markdown", URL: prose.FirstNonEmpty(s.URL, "https://synthetic.invalid/"+s.ID),
			Categories: s.Categories, RootCause: s.RootCause, IncidentDate: s.IncidentDate, Company: s.Company,
			Published: s.Published, body: []byte(s.Markdown),
		})
		return nil
	})
	if err != nil {
		return Labels{}, fmt.Errorf("evaluate: %w", err)
	}
	return l, nil
}
