package evaluate

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

func TestExplain(t *testing.T) {
	l := loadLabels(t, filepath.Join("..", "testdata", "labels.yaml"))
	var b strings.Builder
	if err := Explain(context.Background(), mustDefault(t), l, "html-alerting-gap", &b); err != nil {
		t.Fatalf("Explain: %v", err)
	}
	out := b.String()
	for _, want := range []string{"== cases/html-alerting-gap.html", `incident "2020-08-28" (label "2020-08-28")`,
		"scores before the thresholds", "monitoring", "dates (", "2020-08-28 time=false year=true", "sentences the patterns voted on"} {
		if !strings.Contains(out, want) {
			t.Errorf("got\n%s\nwant it to hold %q", out, want)
		}
	}
	if err := Explain(context.Background(), mustDefault(t), l, "no-such-document", &b); err == nil {
		t.Error("Explain of no document: got nil error, want one")
	}
}

func TestMatch(t *testing.T) {
	var b strings.Builder
	if err := Match(mustDefault(t), "The root cause was an expired TLS certificate, not a DNS failure.", "en", &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"certificate", "votes", "dns", "silenced"} {
		if !strings.Contains(out, want) {
			t.Errorf("got\n%s\nwant it to hold %q", out, want)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "dns") && !strings.Contains(line, "silenced") {
			t.Errorf("a negated DNS failure votes: %q", line)
		}
	}
}

// TestSweepLine checks that a sweep's figure for the whole set is the
// harness's own, and that every knob it sweeps exists.
func TestSweepLine(t *testing.T) {
	ctx := context.Background()
	l := loadLabels(t, filepath.Join("..", "testdata", "labels.yaml"))
	ex := mustDefault(t)
	line, err := sweepLine(ctx, ex, l)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(ctx, ex, l)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("all %.3f", r.MicroF1()); !strings.HasSuffix(line, want) {
		t.Errorf("got %q, want it to end with %q", line, want)
	}
	opts, err := extract.DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range sweepValues {
		if k.knob == "threshold" {
			continue
		}
		opts.Knobs = map[string]float64{k.knob: k.vals[0]}
		if _, err := extract.New(opts); err != nil {
			t.Errorf("knob %s: %v", k.knob, err)
		}
	}
}
