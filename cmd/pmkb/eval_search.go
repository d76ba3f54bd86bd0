package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/index/evaluate"
)

// runEvalSearch runs the relevance harness: pmkb eval search --judgments
// FILE. It builds an in-memory index from the embedded catalog, the
// judgments' own record files, any --records files and, with --corpus, a
// directory of real post-mortems (manifest.tsv plus docs/) run through
// extraction, then prints nDCG@10, MRR and P@5 over the judged queries;
// with --corpus also nDCG@10 among the corpus's documents only, for queries
// with a "like" text the "incidents like mine" hit@5, and for a blind set
// every figure per half (tune, test), or one half with --half.
func runEvalSearch(ctx context.Context, e env, args []string) error {
	stdout := e.stdout
	fs := flag.NewFlagSet("eval search", flag.ContinueOnError)
	fs.SetOutput(stdout)
	judgments := fs.String("judgments", "", "judged queries `FILE` (YAML or JSON)")
	var records stringsFlag
	fs.Var(&records, "records", "extra records to index, a JSONL `FILE` as export writes it (repeatable)")
	corpus := fs.String("corpus", "", "a corpus `DIR` (manifest.tsv and docs/) to extract and index")
	noCatalog := fs.Bool("no-catalog", false, "do not index the embedded default catalog")
	scoring := fs.String("scoring", index.DefaultScoring, "scoring model: bm25 or tfidf")
	verbose := fs.Bool("verbose", false, "also print a line per query")
	ranking := fs.Int("ranking", 0, "also print the first `N` hits of every query")
	asJSON := fs.Bool("json", false, "print the full report as JSON")
	half := fs.String("half", "", "run only the queries of this `HALF` of a blind set (tune or test)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{msg: err.Error()}
	}
	if err := applyEnv(fs, e.getenv); err != nil {
		return err
	}
	if *judgments == "" {
		return &usageError{msg: "eval search: --judgments FILE is required"}
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("eval search: unexpected argument %q", fs.Arg(0))}
	}
	j, err := evaluate.LoadJudgments(*judgments)
	if err != nil {
		return err
	}
	if *half != "" {
		if j, err = j.Half(*half); err != nil {
			return &usageError{msg: "eval search: " + err.Error()}
		}
	}
	pms, skipped, err := evalRecords(ctx, j, records, *corpus, !*noCatalog)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintf(stdout, "skipped %s\n", s)
	}
	ix, err := index.Open(ctx, index.Options{Scoring: *scoring, QueryTagger: newQueryTagger(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := ix.PutBatch(ctx, pms); err != nil {
		return err
	}
	var o evaluate.Options
	if *corpus != "" {
		o.Among = corpusIDs(pms)
	}
	rep, err := evaluate.Run(ctx, ix, j, o)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	if *ranking > 0 {
		if err := rep.WriteRanking(stdout, *ranking); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "records  %d (scoring %s)\n", len(pms), *scoring)
	return rep.WriteSummary(stdout, *verbose)
}

// evalRecords gathers the records the harness indexes. Corpus documents
// that extraction cannot read are skipped and named, so one bad page does
// not stop the evaluation.
func evalRecords(ctx context.Context, j evaluate.Judgments, extra []string, corpus string, catalog bool) ([]data.Postmortem, []string, error) {
	var pms []data.Postmortem
	var skipped []string
	if catalog {
		c, err := data.DefaultCatalog()
		if err != nil {
			return nil, nil, err
		}
		pms = append(pms, c...)
	}
	for _, path := range append(j.RecordFiles(), extra...) {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("eval search: %w", err)
		}
		recs, err := evaluate.ReadRecords(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("eval search: %s: %w", path, err)
		}
		pms = append(pms, recs...)
	}
	if corpus != "" {
		recs, bad, err := corpusRecords(ctx, corpus)
		if err != nil {
			return nil, nil, err
		}
		pms, skipped = append(pms, recs...), bad
	}
	if len(pms) == 0 {
		return nil, nil, fmt.Errorf("eval search: nothing to index")
	}
	return pms, skipped, nil
}

// corpusIDs are the ids of the records that came from the corpus.
func corpusIDs(pms []data.Postmortem) map[string]bool {
	ids := map[string]bool{}
	for _, pm := range pms {
		if slices.Contains(pm.Sources, data.Source{List: corpusList}) {
			ids[pm.ID] = true
		}
	}
	return ids
}

// corpusList is the list name the corpus's records carry.
const corpusList = "corpus"

// corpusRecords extracts every document of a corpus directory: a
// manifest.tsv (slug, company, incident_date, public_url, ..., format
// columns, with a header line) and docs/<slug>.<format>.
func corpusRecords(ctx context.Context, dir string) ([]data.Postmortem, []string, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		return nil, nil, fmt.Errorf("eval search: corpus: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("eval search: corpus manifest: %w", err)
	}
	if len(rows) < 2 {
		return nil, nil, fmt.Errorf("eval search: corpus manifest in %s has no documents", dir)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[strings.TrimSpace(name)] = i
	}
	for _, need := range []string{"slug", "company", "public_url", "format"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("eval search: corpus manifest lacks a %q column", need)
		}
	}
	ex, err := extract.Default()
	if err != nil {
		return nil, nil, err
	}
	var out []data.Postmortem
	var skipped []string
	for _, row := range rows[1:] {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		pm, err := corpusRecord(ex, dir, get)
		if err != nil {
			skipped = append(skipped, err.Error())
			continue
		}
		out = append(out, pm)
	}
	return out, skipped, nil
}

// corpusRecord extracts one corpus document into a record; the manifest's
// company and incident date win over what extraction guesses.
func corpusRecord(ex *extract.Extractor, dir string, get func(string) string) (data.Postmortem, error) {
	body, err := os.ReadFile(filepath.Join(dir, "docs", get("slug")+"."+get("format")))
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("eval search: corpus: %w", err)
	}
	canon, _, err := data.CanonicalURL(get("public_url"))
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("eval search: corpus %s: %w", get("slug"), err)
	}
	types := map[string]string{"md": "text/markdown", "html": "text/html", "htm": "text/html", "txt": "text/plain"}
	pm := data.Postmortem{
		ID: data.IDFor(canon), URL: canon, Company: get("company"),
		Sources: []data.Source{{List: corpusList}},
		Fetch:   data.Fetch{Status: data.FetchOK},
	}
	a, err := safeExtract(ex, extract.Input{URL: canon, ContentType: types[get("format")], Body: body, Company: get("company")})
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("eval search: corpus %s: %w", get("slug"), err)
	}
	pm.Apply(a)
	if d := get("incident_date"); d != "" {
		pm.IncidentDate = d
	}
	return pm, nil
}

// safeExtract turns a panic in extraction into an error, so that one bad
// document names itself instead of killing the harness with a stack trace.
func safeExtract(ex *extract.Extractor, in extract.Input) (a data.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extraction panicked: %v", r)
		}
	}()
	return ex.Extract(in)
}
