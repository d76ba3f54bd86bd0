package evaluate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// corpusDir is the shared corpus of real post-mortems, read in place.
var corpusDir = filepath.Join("..", "..", "..", "..", "shared", "corpus")

func mustDefault(t testing.TB) *extract.Extractor {
	t.Helper()
	ex, err := extract.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return ex
}

// evalFloors are the figures the harness must keep on a labelled set; they
// sit a little under what was measured so that a regression fails loudly.
type evalFloors struct{ micro, rootCause, date, company float64 }

func loadLabels(t *testing.T, labelsPath string) Labels {
	t.Helper()
	l, err := LoadLabels(context.Background(), labelsPath)
	if err != nil {
		t.Fatalf("LoadLabels: %v", err)
	}
	return l
}

func runEval(t *testing.T, l Labels, floors evalFloors) {
	t.Helper()
	r, err := Evaluate(context.Background(), mustDefault(t), l)
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
	// The root-cause floors of these older labels, written while the rules
	// were fitted to them, went down from 0.88 when the root-cause model
	// joined the rules and hypotheticals stopped being picked: the blind
	// labels of the same posts (tune-labels.tsv) are the reference, and
	// there the hit stayed at 0.79.
	// Its category floor went down from 0.84 with the category layer, trained
	// on the blind labels and our synthetic posts instead of fitted to these,
	// and to 0.80 when the retrained layer's threshold (0.36 -> 0.35) let in
	// one extra tag (0.813 -> 0.810).
	runEval(t, loadLabels(t, filepath.Join("..", "testdata", "corpus-labels.yaml")), evalFloors{micro: 0.80, rootCause: 0.83, date: 0.86, company: 0.95})
}

// TestEvalCorpusHalves scores the two halves of the corpus split by
// Labels.Part: part 0 is the one rules are tuned on, part 1 the one that
// checks a change is general. PMKB_VERBOSE lists the misses of part 0 only,
// so that tuning does not look at the check half.
func TestEvalCorpusHalves(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "docs")); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	all := loadLabels(t, filepath.Join("..", "testdata", "corpus-labels.yaml"))
	for i, floors := range []evalFloors{
		{micro: 0.82, rootCause: 0.80, date: 0.80, company: 0.95}, // tune
		{micro: 0.77, rootCause: 0.87, date: 0.90, company: 0.95}, // check
	} {
		l, err := all.Part(i, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Docs) < 20 {
			t.Fatalf("part %d/2 has %d documents, want at least 20", i, len(l.Docs))
		}
		t.Run([]string{"tune", "check"}[i], func(t *testing.T) {
			if i == 1 {
				t.Setenv("PMKB_VERBOSE", "")
			}
			runEval(t, l, floors)
		})
	}
}

// TestEvalOwnSet scores our own golden cases. Their categories floor went
// 0.91 -> 0.87 with the word model (internal/lexical), which tags a few of
// these short pages with a category their words suggest (0.949 -> 0.891 on
// 2026-12-08) and lifted category F1 on real posts nobody here had read.
// Shrinking short texts' word evidence (lexical.Model.Shrink) gave back
// part of it (0.908); the floor leaves room for a retraining on more
// posts, not for a fall.
func TestEvalOwnSet(t *testing.T) {
	runEval(t, loadLabels(t, filepath.Join("..", "testdata", "labels.yaml")), evalFloors{micro: 0.87, rootCause: 0.92, date: 0.96, company: 1})
}
