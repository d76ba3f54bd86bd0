package evaluate

import (
	"context"
	"fmt"
	"io"

	"github.com/pmkb/pmkb/crawler/extract"
)

// sweepValues are the values Sweep tries for each knob, around the
// defaults; "threshold" is the taxonomy's default category threshold, the
// others are the classifier's knobs (extract.Extractor.Knobs).
var sweepValues = []struct {
	knob string
	vals []float64
}{
	{"threshold", []float64{2.5, 3.5, 4, 5}},
	{"cutoff", []float64{0, 0.15, 0.2, 0.25, 0.35, 0.4}},
	{"code", []float64{0.36, 0.5, 1}},
	{"background", []float64{0.3, 0.5, 0.6, 1.2}},
	{"rcKeep", []float64{4, 6, 10, 12}},
	{"rcDecay", []float64{0.95, 0.85, 0.8, 0.7}},
	{"causalStrong", []float64{1.5, 2.5, 3}},
	{"summary", []float64{0.8, 1, 1.5, 2}},
	{"timeline", []float64{0.36, 0.7, 0.9}},
	{"side", []float64{0.36, 0.7, 0.9}},
	{"body", []float64{0.4, 0.5, 0.8, 1}},
	{"causalBoost", []float64{1, 1.25, 2}},
	{"causalCue", []float64{2, 3, 3.5}},
	{"hypoFactor", []float64{0.2, 0.6, 1}},
	{"weakOnly", []float64{1.5, 1.75, 2.5, 3}},
	{"strongOnly", []float64{0.8, 1.2, 1.5}},
}

// Sweep varies one tuning value at a time around the defaults and writes
// the category micro-F1 on the tuning half (part 1/2), the check half
// (part 2/2) and all of l, for tuning by hand (pmkb eval extract --sweep).
func Sweep(ctx context.Context, opts extract.Options, l Labels, w io.Writer) error {
	if err := sweepRow(ctx, opts, l, "defaults", w); err != nil {
		return err
	}
	for _, k := range sweepValues {
		for _, v := range k.vals {
			o := opts
			if k.knob == "threshold" {
				o.Taxonomy.DefaultThreshold = v
			} else {
				o.Knobs = map[string]float64{k.knob: v}
			}
			if err := sweepRow(ctx, o, l, fmt.Sprintf("%s=%g", k.knob, v), w); err != nil {
				return err
			}
		}
	}
	return nil
}

// sweepRow writes the figures of an extractor built with opts, under name.
func sweepRow(ctx context.Context, opts extract.Options, l Labels, name string, w io.Writer) error {
	ex, err := extract.New(opts)
	if err != nil {
		return err
	}
	line, err := sweepLine(ctx, ex, l)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%-20s %s\n", name, line)
	return err
}

// sweepLine scores ex on both halves of l and on the whole.
func sweepLine(ctx context.Context, ex *extract.Extractor, l Labels) (string, error) {
	var all TagCount
	line := ""
	for i, name := range []string{"tune", "check"} {
		part, err := l.Part(i, 2)
		if err != nil {
			return "", err
		}
		r, err := Evaluate(ctx, ex, part)
		if err != nil {
			return "", err
		}
		line += fmt.Sprintf("%s %.3f  ", name, r.MicroF1())
		for _, t := range r.Tags {
			all.TP, all.FP, all.FN = all.TP+t.TP, all.FP+t.FP, all.FN+t.FN
		}
	}
	_, _, f := prf(all)
	return line + fmt.Sprintf("all %.3f", f), nil
}
