package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/evaluate"
	"github.com/pmkb/pmkb/data"
)

// runEvalExtract runs the extraction harness: pmkb eval extract --labels FILE.
// It prints per-tag precision, recall and F1, micro and macro F1, the
// root-cause hit rate, incident_date accuracy and company accuracy; --explain,
// --sweep and --match are for tuning the rules.
func runEvalExtract(ctx context.Context, e env, args []string) error {
	stdout := e.stdout
	fs := flag.NewFlagSet("eval extract", flag.ContinueOnError)
	fs.SetOutput(stdout)
	labels := fs.String("labels", "", "labels `FILE`s, comma-separated (scored together): YAML (document paths relative to it), TSV (slug, categories, root_cause, incident_date, company; documents from --corpus) or JSONL (synthetic posts, documents inline)")
	corpus := fs.String("corpus", "", "the corpus `DIR` (manifest.tsv and docs/) a TSV labels file names its documents from (default: the labels file's directory)")
	keys := fs.String("keys", "", "a TSV `FILE` of slug and root_cause_keys to add to the labels")
	verbose := fs.Bool("verbose", false, "also list every wrong field")
	part := fs.String("part", "", "score only part `I/N` of the documents, 1 <= I <= N (a deterministic split by file name, e.g. 1/2 to tune and 2/2 to check), or parts I-J/N")
	explain := fs.String("explain", "", "for each document whose path contains `TEXT`, show what was extracted and how (scores before the thresholds, dates, the sentences patterns voted on)")
	sweep := fs.Bool("sweep", false, "vary one tuning value at a time; show category micro-F1 on part 1/2, part 2/2 and all")
	match := fs.String("match", "", "show the taxonomy patterns that match `SENTENCE` and whether each votes (no --labels needed)")
	lang := fs.String("lang", "en", "the `LANGUAGE` of the --match sentence")
	sentences := fs.String("sentences", "", "read the labelled sentences of these JSON lines `FILE`s (comma-separated) one by one: per category, sentence recall and false votes (no --labels needed)")
	half := fs.String("half", "all", "with --sentences, the `HALF` to read: dev (look at its misses with --verbose), holdout (aggregate only) or all")
	model := fs.String("model", "", "read the category classifier's learned layer from `FILE` (as the training command writes it, e.g. with --out) instead of the embedded one: to score a layer trained on other data")
	words := fs.String("words", "", "read the word model the layer reads from `FILE` (the training command's --words-out) instead of the embedded one; give it with the --model it was trained with")
	noDomains := fs.Bool("no-domains", false, "leave out the known-domain table (data/domains.yaml), as for posts whose host nobody has added: the company comes from the page and the host alone")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{msg: err.Error()}
	}
	if err := applyEnv(fs, e.getenv); err != nil {
		return err
	}
	if *match != "" {
		ex, err := extract.Default()
		if err != nil {
			return err
		}
		return evaluate.Match(ex, *match, *lang, stdout)
	}
	if *sentences != "" {
		return evalSentences(ctx, *sentences, *half, *verbose, e)
	}
	if *labels == "" {
		return &usageError{msg: "eval extract: --labels FILE is required"}
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("eval extract: unexpected argument %q", fs.Arg(0))}
	}
	l, err := loadEvalLabels(ctx, *labels, evaluate.Sources{Corpus: *corpus, Keys: *keys}, *part)
	if err != nil {
		return err
	}
	opts, ex, err := evalExtractor(*noDomains, *model, *words)
	if err != nil {
		return err
	}
	switch {
	case *sweep:
		return evaluate.Sweep(ctx, opts, l, stdout)
	case *explain != "":
		return evaluate.Explain(ctx, ex, l, *explain, stdout)
	}
	r, err := evaluate.Evaluate(ctx, ex, l)
	if err != nil {
		return err
	}
	return r.Fprint(stdout, *verbose)
}

// loadEvalLabels reads the comma-separated labels files as one set, and
// keeps only part (I/N or I-J/N) of it when part is not empty.
func loadEvalLabels(ctx context.Context, paths string, src evaluate.Sources, part string) (evaluate.Labels, error) {
	var sets []evaluate.Labels
	for _, path := range strings.Split(paths, ",") {
		l, err := evaluate.LoadLabelsFrom(ctx, path, src)
		if err != nil {
			return evaluate.Labels{}, err
		}
		sets = append(sets, l)
	}
	l := sets[0]
	if len(sets) > 1 {
		l = evaluate.Concat(sets...)
	}
	if part == "" {
		return l, nil
	}
	return partOf(l, part)
}

// evalExtractor builds the extractor eval extract scores: the default one,
// without the known-domain table when noDomains, with the learned layer of
// the model file and the word model of the words file when they are named.
func evalExtractor(noDomains bool, model, words string) (extract.Options, *extract.Extractor, error) {
	opts, err := extract.DefaultOptions()
	if err != nil {
		return extract.Options{}, nil, err
	}
	if noDomains {
		opts.Domains = data.Domains{}
	}
	if model != "" {
		if opts.Model, err = os.ReadFile(model); err != nil {
			return extract.Options{}, nil, fmt.Errorf("eval extract: model: %w", err)
		}
	}
	if words != "" {
		if opts.Words, err = os.ReadFile(words); err != nil {
			return extract.Options{}, nil, fmt.Errorf("eval extract: words: %w", err)
		}
	}
	ex, err := extract.New(opts)
	if err != nil {
		return extract.Options{}, nil, err
	}
	return opts, ex, nil
}

// evalSentences reads labelled sentences one by one (pmkb eval extract
// --sentences): the holdout half is read in aggregate only.
func evalSentences(ctx context.Context, files, half string, verbose bool, e env) error {
	if verbose && half != evaluate.HalfDev {
		return &usageError{msg: "eval extract: --verbose with --sentences lists misses of the dev half only (--half dev)"}
	}
	ss, err := evaluate.LoadSentences(ctx, strings.Split(files, ","))
	if err != nil {
		return err
	}
	if ss, err = evaluate.SentenceHalf(ss, half); err != nil {
		return &usageError{msg: err.Error()}
	}
	ex, err := extract.Default()
	if err != nil {
		return err
	}
	r, err := evaluate.EvaluateSentences(ctx, ex, ss)
	if err != nil {
		return err
	}
	return r.Fprint(e.stdout, verbose)
}

// partOf keeps part I/N of the labelled documents, or parts I-J/N.
func partOf(l evaluate.Labels, part string) (evaluate.Labels, error) {
	var i, j, n int
	if _, err := fmt.Sscanf(part, "%d-%d/%d", &i, &j, &n); err != nil {
		if _, err := fmt.Sscanf(part, "%d/%d", &i, &n); err != nil {
			return l, &usageError{msg: fmt.Sprintf("eval extract: --part %q: want I/N or I-J/N", part)}
		}
		j = i
	}
	if i < 1 || i > j || j > n {
		return l, &usageError{msg: fmt.Sprintf("eval extract: --part %q: want I/N or I-J/N with 1 <= I <= J <= N", part)}
	}
	var sets []evaluate.Labels
	for k := i; k <= j; k++ {
		p, err := l.Part(k-1, n)
		if err != nil {
			return l, &usageError{msg: err.Error()}
		}
		sets = append(sets, p)
	}
	if len(sets) == 1 {
		return sets[0], nil
	}
	return evaluate.Concat(sets...), nil
}
