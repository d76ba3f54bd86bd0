package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// Sentence is one labelled sentence of the sentence sets
// (crawler/extract/testdata/sentences): the categories it justifies as a
// trigger, root cause or major factor (none for a hard negative) and its
// role in a post (cause, trigger, factor, impact, detection, timeline,
// mitigation, action, background, negated, other).
type Sentence struct {
	Text string   `json:"text"`
	Lang string   `json:"lang"`
	Cats []string `json:"cats"`
	Role string   `json:"role"`
}

// LoadSentences reads labelled sentences from JSON lines files, in order.
func LoadSentences(ctx context.Context, paths []string) ([]Sentence, error) {
	var out []Sentence
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ss, err := loadSentenceFile(path)
		if err != nil {
			return nil, err
		}
		out = append(out, ss...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("evaluate: sentences %s: none", strings.Join(paths, ", "))
	}
	return out, nil
}

func loadSentenceFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	defer f.Close()
	var out []Sentence
	err = EachJSONLine(f, path, func(line []byte) error {
		var s Sentence
		if err := json.Unmarshal(line, &s); err != nil {
			return err
		}
		if s.Text == "" {
			return errors.New("no text")
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	return out, nil
}

// The halves of the sentence sets: dev to look at the misses, holdout to
// check in aggregate that what was done on dev carries over.
const (
	HalfDev     = "dev"
	HalfHoldout = "holdout"
)

// SentenceHalf returns the sentences of one half: dev those whose text
// hashes (FNV-1a) to an even number, holdout the odd ones, "" or "all"
// every sentence. The split depends on the text alone, so it stays the
// same from one run and one file order to the next.
func SentenceHalf(ss []Sentence, half string) ([]Sentence, error) {
	var odd bool
	switch half {
	case "", "all":
		return ss, nil
	case HalfDev:
	case HalfHoldout:
		odd = true
	default:
		return nil, fmt.Errorf("evaluate: sentence half %q: want dev, holdout or all", half)
	}
	var out []Sentence
	for _, s := range ss {
		h := fnv.New32a()
		h.Write([]byte(s.Text))
		if (h.Sum32()%2 == 1) == odd {
			out = append(out, s)
		}
	}
	return out, nil
}

// SentenceReport is how the taxonomy's patterns read labelled sentences,
// each alone as a sentence of a story.
type SentenceReport struct {
	Sentences, Negatives int
	Cats                 map[string]*SentenceCount
	// Roles counts, per role, the sentences read and those that got a
	// defining vote for a category they are not labelled with.
	Roles  map[string]*RoleCount
	Misses []string // one line per missed or false vote, for tuning on dev
}

// SentenceCount is one category's figures: its positives, those that got
// a defining vote for it (Hit) or any vote (Voted), and the defining votes
// it got from hard negatives (sentences labelled with no category) and from
// sentences labelled with other categories only.
type SentenceCount struct{ Pos, Hit, Voted, FalseNeg, FalseOther int }

// RoleCount is how many sentences of a role were read and how many got a
// defining vote for a category they are not labelled with.
type RoleCount struct{ N, False int }

// EvaluateSentences reads every sentence with the extractor's classifier.
func EvaluateSentences(ctx context.Context, ex *extract.Extractor, ss []Sentence) (SentenceReport, error) {
	r := SentenceReport{Cats: map[string]*SentenceCount{}, Roles: map[string]*RoleCount{}}
	cat := func(s string) *SentenceCount {
		if r.Cats[s] == nil {
			r.Cats[s] = &SentenceCount{}
		}
		return r.Cats[s]
	}
	for i, s := range ss {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return SentenceReport{}, err
			}
		}
		lang := s.Lang
		if lang == "" {
			lang = "en"
		}
		rd := ex.ReadSentence(s.Text, lang)
		r.Sentences++
		if len(s.Cats) == 0 {
			r.Negatives++
		}
		role := r.Roles[s.Role]
		if role == nil {
			role = &RoleCount{}
			r.Roles[s.Role] = role
		}
		role.N++
		flags := fmt.Sprintf("causal=%v hypo=%v", rd.Causal, rd.Hypo)
		for _, c := range s.Cats {
			v := rd.Votes[c]
			n := cat(c)
			n.Pos++
			if v.Best > 0 {
				n.Voted++
			}
			if v.Defining {
				n.Hit++
				continue
			}
			r.Misses = append(r.Misses, fmt.Sprintf("missed %s (best %.1f, net %.1f, %s) [%s]: %q", c, v.Best, v.Net, flags, s.Role, s.Text))
		}
		falseVote := false
		for _, c := range sortedKeys(rd.Votes) {
			v := rd.Votes[c]
			if !v.Defining || slices.Contains(s.Cats, c) {
				continue
			}
			falseVote = true
			if len(s.Cats) == 0 {
				cat(c).FalseNeg++
			} else {
				cat(c).FalseOther++
			}
			r.Misses = append(r.Misses, fmt.Sprintf("false %s (best %.1f, %s) [%s %v]: %q", c, v.Best, flags, s.Role, s.Cats, s.Text))
		}
		if falseVote {
			role.False++
		}
	}
	return r, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Recall is the share of (sentence, category) positives that got a
// defining vote, pooled over the categories.
func (r SentenceReport) Recall() float64 {
	pos, hit := 0, 0
	for _, n := range r.Cats {
		pos, hit = pos+n.Pos, hit+n.Hit
	}
	return ratio(hit, pos)
}

// Precision is the share of defining votes that went to a category the
// sentence is labelled with, pooled over the categories.
func (r SentenceReport) Precision() float64 {
	hit, wrong := 0, 0
	for _, n := range r.Cats {
		hit, wrong = hit+n.Hit, wrong+n.FalseNeg+n.FalseOther
	}
	return ratio(hit, hit+wrong)
}

// NegativeFalseRate is the share of hard negatives that got a defining
// vote for some category.
func (r SentenceReport) NegativeFalseRate() float64 {
	n, f := 0, 0
	for _, role := range nonCausalRoles {
		if rc := r.Roles[role]; rc != nil {
			n, f = n+rc.N, f+rc.False
		}
	}
	return ratio(f, n)
}

// nonCausalRoles are the roles of the hard negatives.
var nonCausalRoles = []string{"action", "background", "detection", "impact", "mitigation", "negated", "other", "timeline"}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Fprint writes the report: per category its positives, sentence recall
// (defining vote), the share that got any vote, its false defining votes on
// hard negatives and on other categories' sentences, and its precision;
// then the pooled figures and the false-vote rate per role. verbose adds
// every miss (on the dev half only: the holdout half is read in aggregate).
func (r SentenceReport) Fprint(w io.Writer, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "category\tpositives\trecall\tany vote\tfalse on neg\tfalse on other\tprecision\t\n")
	for _, c := range sortedKeys(r.Cats) {
		n := r.Cats[c]
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%d\t%d\t%.2f\t\n", c, n.Pos, ratio(n.Hit, n.Pos), ratio(n.Voted, n.Pos),
			n.FalseNeg, n.FalseOther, ratio(n.Hit, n.Hit+n.FalseNeg+n.FalseOther))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("evaluate: write report: %w", err)
	}
	fmt.Fprintf(w, "\nsentences           %d (%d hard negatives)\n", r.Sentences, r.Negatives)
	fmt.Fprintf(w, "sentence recall     %.3f\n", r.Recall())
	fmt.Fprintf(w, "vote precision      %.3f\n", r.Precision())
	fmt.Fprintf(w, "negatives voted     %.3f\n", r.NegativeFalseRate())
	var roles []string
	for _, role := range sortedKeys(r.Roles) {
		rc := r.Roles[role]
		roles = append(roles, fmt.Sprintf("%s %d/%d", role, rc.False, rc.N))
	}
	fmt.Fprintf(w, "false votes by role %s\n", strings.Join(roles, ", "))
	if verbose && len(r.Misses) > 0 {
		for i, m := range r.Misses {
			r.Misses[i] = prose.Truncate(m, 400)
		}
		fmt.Fprintf(w, "\nmisses:\n  %s\n", strings.Join(r.Misses, "\n  "))
	}
	_, err := fmt.Fprintln(w, "\nrecall: a labelled category gets a defining vote (weight >= 3, or >= 2 in a sentence that states a cause); a false vote is a defining vote for a category the sentence is not labelled with")
	return err
}
