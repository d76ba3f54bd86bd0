package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/pmkb/pmkb/crawler/extract"
)

// runEvalExtract runs the extraction harness: pmkb eval extract --labels FILE.
// It prints per-tag precision, recall and F1, micro and macro F1, the
// root-cause hit rate, incident_date accuracy and company accuracy.
func runEvalExtract(ctx context.Context, e env, args []string) error {
	stdout := e.stdout
	fs := flag.NewFlagSet("eval extract", flag.ContinueOnError)
	fs.SetOutput(stdout)
	labels := fs.String("labels", "", "labels `FILE` (YAML; document paths relative to it)")
	verbose := fs.Bool("verbose", false, "also list every wrong field")
	part := fs.String("part", "", "score only part `I/N` of the documents, 1 <= I <= N (a deterministic split by file name, e.g. 1/2 to tune and 2/2 to check)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{msg: err.Error()}
	}
	if err := applyEnv(fs, e.getenv); err != nil {
		return err
	}
	if *labels == "" {
		return &usageError{msg: "eval extract: --labels FILE is required"}
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("eval extract: unexpected argument %q", fs.Arg(0))}
	}
	l, err := extract.LoadLabels(ctx, *labels)
	if err != nil {
		return err
	}
	if *part != "" {
		var i, n int
		if _, err := fmt.Sscanf(*part, "%d/%d", &i, &n); err != nil {
			return &usageError{msg: fmt.Sprintf("eval extract: --part %q: want I/N", *part)}
		}
		if i < 1 || i > n {
			return &usageError{msg: fmt.Sprintf("eval extract: --part %q: want I/N with 1 <= I <= N", *part)}
		}
		if l, err = l.Part(i-1, n); err != nil {
			return &usageError{msg: err.Error()}
		}
	}
	ex, err := extract.Default()
	if err != nil {
		return err
	}
	r, err := extract.Evaluate(ctx, ex, l)
	if err != nil {
		return err
	}
	return r.Fprint(stdout, *verbose)
}
