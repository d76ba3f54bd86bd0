package extract

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// evalFloors are the figures the harness must keep on a labelled set; they
// sit a little under what was measured so that a regression fails loudly.
type evalFloors struct{ micro, rootCause, date, company float64 }

func runEval(t *testing.T, labelsPath string, floors evalFloors) {
	t.Helper()
	ctx := context.Background()
	l, err := LoadLabels(ctx, labelsPath)
	if err != nil {
		t.Fatalf("LoadLabels: %v", err)
	}
	r, err := Evaluate(ctx, mustDefault(t), l)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	var buf bytes.Buffer
	if err := r.Fprint(&buf, os.Getenv("PMKB_VERBOSE") != ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", buf.String())
	check := func(name string, got, floor float64) {
		if got < floor {
			t.Errorf("%s: got %.3f, want >= %.3f", name, got, floor)
		}
	}
	check("category micro-F1", r.MicroF1(), floors.micro)
	check("root-cause hit", r.RootCause.Rate(), floors.rootCause)
	check("incident_date", r.Date.Rate(), floors.date)
	check("company", r.Company.Rate(), floors.company)
	if len(r.Errors) > 0 {
		t.Errorf("extraction errors: %v", r.Errors)
	}
}

func TestEvalCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "docs")); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	runEval(t, filepath.Join("testdata", "corpus-labels.yaml"), evalFloors{0, 0, 0, 0})
}
