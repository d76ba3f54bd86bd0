package evaluate

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/data"
)

// Explain writes, for every labelled document whose path contains match,
// what was extracted next to its labels and how: the category scores
// before the thresholds, the date candidates, and the sentences the
// patterns voted on (pmkb eval extract --explain).
func Explain(ctx context.Context, ex *extract.Extractor, l Labels, match string, w io.Writer) error {
	n := 0
	for _, d := range l.Docs {
		if !strings.Contains(d.Path, match) {
			continue
		}
		n++
		in, err := l.Input(ctx, d)
		if err != nil {
			return err
		}
		a, t, err := ex.Explain(in)
		if err != nil {
			fmt.Fprintf(w, "== %s\nerror: %v\n\n", d.Path, err)
			continue
		}
		writeArticle(w, d, a)
		writeScores(w, d, t.Raw)
		writeDates(w, t.Dates)
		writeUnits(w, t.Units)
		fmt.Fprintln(w)
	}
	if n == 0 {
		return fmt.Errorf("evaluate: no labelled document path contains %q", match)
	}
	return nil
}

func writeArticle(w io.Writer, d Label, a data.Article) {
	s := a.Sections
	fmt.Fprintf(w, "== %s\ntitle %q\ncompany %q (label %q), product %q, language %q, published %q\n",
		d.Path, a.Title, a.Company, d.Company, a.Product, a.Language, a.Published)
	fmt.Fprintf(w, "incident %q (label %q), start %q, end %q, %d minutes\n",
		a.IncidentDate, d.IncidentDate, a.Start, a.End, a.DurationMinutes)
	fmt.Fprintf(w, "categories %v (label %v)\ntechnologies %v\nroot cause %q\n", a.Categories, d.Categories, a.Technologies, a.RootCause)
	fmt.Fprintf(w, "sections (bytes): summary %d, timeline %d, root cause %d, impact %d, mitigation %d, action items %d\n",
		len(s.Summary), len(s.Timeline), len(s.RootCause), len(s.Impact), len(s.Mitigation), len(s.ActionItems))
	for _, c := range a.Categories {
		fmt.Fprintf(w, "  evidence %s: %q\n", c, prose.Truncate(a.CategoryEvidence[c], 200))
	}
}

// writeScores lists every category that got votes, best first, with its
// score, its share of the best one (what the relative cutoff looks at) and
// whether the document is labelled with it.
func writeScores(w io.Writer, d Label, raw map[string]float64) {
	cats := make([]string, 0, len(raw))
	for c := range raw {
		cats = append(cats, c)
	}
	slices.SortFunc(cats, func(a, b string) int { // best first, then by name
		return cmp.Or(cmp.Compare(raw[b], raw[a]), strings.Compare(a, b))
	})
	fmt.Fprintln(w, "scores before the thresholds (share of the best; * labelled):")
	for _, c := range cats {
		mark := ""
		if slices.Contains(d.Categories, c) {
			mark = " *"
		}
		share := 0.0
		if top := raw[cats[0]]; top > 0 {
			share = raw[c] / top
		}
		fmt.Fprintf(w, "  %-20s %6.2f  %4.2f%s\n", c, raw[c], share, mark)
	}
}

func writeDates(w io.Writer, ds []extract.Date) {
	fmt.Fprintln(w, "dates (day, time given, year given, section, roles, sentence):")
	for _, dt := range ds {
		fmt.Fprintf(w, "  %s time=%v year=%v %q [%s] %q\n", dt.Mention.Day(), dt.Mention.HasTime(), dt.Mention.HasYear(),
			dt.Section, dt.Roles, prose.Truncate(dt.Sentence, 100))
	}
}

func writeUnits(w io.Writer, us []extract.Unit) {
	fmt.Fprintln(w, "sentences the patterns voted on (zone weight, flags, votes):")
	for _, u := range us {
		fmt.Fprintf(w, "  w=%.2f causal=%v hypo=%v heading=%v %q\n", u.Weight, u.Causal, u.Hypo, u.Heading, prose.Truncate(u.Text, 150))
		votes := make([]string, len(u.Votes))
		for i, v := range u.Votes {
			votes[i] = fmt.Sprintf("%s %.1f", v.Category, v.Weight)
		}
		fmt.Fprintf(w, "      %s\n", strings.Join(votes, ", "))
	}
}

// Match writes the taxonomy patterns that match one sentence in language
// lang and whether each votes (pmkb eval extract --match).
func Match(ex *extract.Extractor, sentence, lang string, w io.Writer) error {
	ms := ex.MatchSentence(sentence, lang)
	if len(ms) == 0 {
		_, err := fmt.Fprintln(w, "no pattern matches")
		return err
	}
	for _, m := range ms {
		verdict := "votes"
		if !m.Votes {
			verdict = "silenced"
		}
		fmt.Fprintf(w, "%-20s %5.1f  %-8s %q\n", m.Category, m.Weight, verdict, m.Text)
	}
	return nil
}
