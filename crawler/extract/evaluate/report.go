package evaluate

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/data"
)

// Report is what the harness measured.
type Report struct {
	Docs                     int
	Tags                     map[string]*TagCount
	RootCause, Date, Company Ratio
	// CompanyWrong counts the company misses that named someone else: a
	// wrong name on a card is worse than none.
	CompanyWrong int
	Misses       []string // one line per wrong field, for tuning
	Errors       []string
}

// TagCount counts one category's true positives, false positives and false
// negatives over the documents labelled with categories.
type TagCount struct{ TP, FP, FN int }

// Ratio is hits out of labelled documents.
type Ratio struct{ Hit, Total int }

// Rate is Hit/Total, 0 when nothing was labelled.
func (r Ratio) Rate() float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(r.Hit) / float64(r.Total)
}

func newReport() Report { return Report{Tags: map[string]*TagCount{}} }

func (r *Report) tag(s string) *TagCount {
	if r.Tags[s] == nil {
		r.Tags[s] = &TagCount{}
	}
	return r.Tags[s]
}

// add scores one document. raw holds every category's score before the
// thresholds, which the miss lines quote.
func (r *Report) add(d Label, a data.Article, raw map[string]float64) {
	r.Docs++
	if len(d.Categories) > 0 {
		want := map[string]bool{}
		for _, c := range d.Categories {
			want[c] = true
		}
		got := map[string]bool{}
		for _, c := range a.Categories {
			got[c] = true
			if want[c] {
				r.tag(c).TP++
			} else {
				r.tag(c).FP++
				r.Misses = append(r.Misses, fmt.Sprintf("%s: extra tag %s (score %.2f) from %q", d.Path, c, raw[c], prose.Truncate(a.CategoryEvidence[c], 160)))
			}
		}
		for _, c := range d.Categories {
			if !got[c] {
				r.tag(c).FN++
				r.Misses = append(r.Misses, fmt.Sprintf("%s: missed tag %s (score %.2f)", d.Path, c, raw[c]))
			}
		}
	}
	if d.RootCause != "" || len(d.RootCauseKeys) > 0 {
		r.score(&r.RootCause, RootCauseHit(a.RootCause, d), fmt.Sprintf("%s: root cause %q", d.Path, a.RootCause))
	}
	if d.IncidentDate != "" {
		r.score(&r.Date, DateMatch(a.IncidentDate, d.IncidentDate),
			fmt.Sprintf("%s: incident_date %q, want %q", d.Path, a.IncidentDate, d.IncidentDate))
	}
	if d.Company != "" {
		hit := CompanyMatch(a.Company, d.Company)
		if !hit && strings.TrimSpace(a.Company) != "" {
			r.CompanyWrong++
		}
		r.score(&r.Company, hit, fmt.Sprintf("%s: company %q, want %q", d.Path, a.Company, d.Company))
	}
}

// score counts one labelled field in ratio, and miss among the misses when
// the extraction did not hit it.
func (r *Report) score(ratio *Ratio, hit bool, miss string) {
	ratio.Total++
	if hit {
		ratio.Hit++
		return
	}
	r.Misses = append(r.Misses, miss)
}

func prf(t TagCount) (p, r, f float64) {
	if t.TP+t.FP > 0 {
		p = float64(t.TP) / float64(t.TP+t.FP)
	}
	if t.TP+t.FN > 0 {
		r = float64(t.TP) / float64(t.TP+t.FN)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// MicroF1 pools every tag's counts.
func (r Report) MicroF1() float64 {
	var sum TagCount
	for _, t := range r.Tags {
		sum.TP, sum.FP, sum.FN = sum.TP+t.TP, sum.FP+t.FP, sum.FN+t.FN
	}
	_, _, f := prf(sum)
	return f
}

// MicroPR pools every tag's counts into a precision and a recall.
func (r Report) MicroPR() (p, rc float64) {
	var sum TagCount
	for _, t := range r.Tags {
		sum.TP, sum.FP, sum.FN = sum.TP+t.TP, sum.FP+t.FP, sum.FN+t.FN
	}
	p, rc, _ = prf(sum)
	return p, rc
}

// MacroF1 averages the F1 of the tags that were labelled or predicted.
func (r Report) MacroF1() float64 {
	if len(r.Tags) == 0 {
		return 0
	}
	total := 0.0
	for _, t := range r.Tags {
		_, _, f := prf(*t)
		total += f
	}
	return total / float64(len(r.Tags))
}

// Fprint writes the report as a table; verbose adds every miss: an extra tag
// with its score and the sentence that earned it, a missed tag with the
// score it reached.
func (r Report) Fprint(w io.Writer, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "tag\tsupport\tP\tR\tF1\t\n")
	slugs := make([]string, 0, len(r.Tags))
	for s := range r.Tags {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	for _, s := range slugs {
		t := *r.Tags[s]
		p, rc, f := prf(t)
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t\n", s, t.TP+t.FN, p, rc, f)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("evaluate: write report: %w", err)
	}
	fmt.Fprintf(w, "\ndocuments           %d\n", r.Docs)
	fmt.Fprintf(w, "category micro-F1   %.3f\n", r.MicroF1())
	p, rc := r.MicroPR()
	fmt.Fprintf(w, "category micro-P/R  %.3f / %.3f\n", p, rc)
	fmt.Fprintf(w, "category macro-F1   %.3f\n", r.MacroF1())
	fmt.Fprintf(w, "root-cause hit      %.3f (%d/%d)\n", r.RootCause.Rate(), r.RootCause.Hit, r.RootCause.Total)
	fmt.Fprintf(w, "incident_date exact %.3f (%d/%d)\n", r.Date.Rate(), r.Date.Hit, r.Date.Total)
	fmt.Fprintf(w, "company             %.3f (%d/%d)\n", r.Company.Rate(), r.Company.Hit, r.Company.Total)
	if r.Company.Total > 0 {
		fmt.Fprintf(w, "company wrong       %d (a name, not the label's; the other misses name none)\n", r.CompanyWrong)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(w, "errors              %d\n  %s\n", len(r.Errors), strings.Join(r.Errors, "\n  "))
	}
	if verbose && len(r.Misses) > 0 {
		fmt.Fprintf(w, "\nmisses:\n  %s\n", strings.Join(r.Misses, "\n  "))
	}
	_, err := fmt.Fprintln(w, "\nroot-cause hit: token F1 >= 0.5 or token recall >= 0.8 against the labelled sentence(s), or every word of one labelled key phrase present")
	return err
}
