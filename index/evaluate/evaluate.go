// Package evaluate is pmkb's relevance harness (pmkb eval search).
//
// It reads judged queries and the records they are judged over, runs the
// queries, and reports the ranking's nDCG@10, MRR and P@5.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// Judgments is a judged query set for the relevance harness (pmkb eval
// search). It is YAML (or JSON):
//
//	records: [fixtures.jsonl]      # extra records (JSONL), relative to the file
//	queries:
//	  - q: mysql failover split brain
//	    category: [database]       # optional filters, as the API takes them
//	    relevant:                  # record id or URL -> grade 1..3
//	      80da713aebd52eca: 3
//	      https://example.com/pm: 1
type Judgments struct {
	Records []string `yaml:"records,omitempty" json:"records,omitempty"`
	Queries []Judged `yaml:"queries" json:"queries"`
	dir     string
}

// Judged is one query and the grades of the records that answer it.
type Judged struct {
	Q          string         `yaml:"q" json:"q"`
	Categories []string       `yaml:"category,omitempty" json:"category,omitempty"`
	Companies  []string       `yaml:"company,omitempty" json:"company,omitempty"`
	Relevant   map[string]int `yaml:"relevant" json:"relevant"`
}

// LoadJudgments reads and checks a judgments file.
func LoadJudgments(path string) (Judgments, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Judgments{}, fmt.Errorf("evaluate: read judgments: %w", err)
	}
	var j Judgments
	if err := yaml.Unmarshal(b, &j); err != nil {
		return Judgments{}, fmt.Errorf("evaluate: parse judgments %s: %w", path, err)
	}
	if len(j.Queries) == 0 {
		return Judgments{}, fmt.Errorf("evaluate: judgments %s: no queries", path)
	}
	for i, q := range j.Queries {
		if strings.TrimSpace(q.Q) == "" && len(q.Categories)+len(q.Companies) == 0 {
			return Judgments{}, fmt.Errorf("evaluate: judgments %s: query %d is empty", path, i+1)
		}
		if len(q.Relevant) == 0 {
			return Judgments{}, fmt.Errorf("evaluate: judgments %s: query %q has no relevant records", path, q.Q)
		}
		for k, g := range q.Relevant {
			if g < 0 || g > 3 {
				return Judgments{}, fmt.Errorf("evaluate: judgments %s: query %q: grade %d for %s is outside 0..3", path, q.Q, g, k)
			}
		}
	}
	j.dir = filepath.Dir(path)
	return j, nil
}

// RecordFiles returns the paths of the judgments' extra record files.
func (j Judgments) RecordFiles() []string {
	out := make([]string, len(j.Records))
	for i, r := range j.Records {
		out[i] = r
		if !filepath.IsAbs(r) {
			out[i] = filepath.Join(j.dir, r)
		}
	}
	return out
}

// ReadRecords reads records, one JSON object a line (the export format).
// Blank lines are skipped; a bad line is an error naming it.
func ReadRecords(r io.Reader) ([]data.Postmortem, error) {
	var out []data.Postmortem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var pm data.Postmortem
		if err := json.Unmarshal([]byte(line), &pm); err != nil {
			return nil, fmt.Errorf("evaluate: records line %d: %w", n, err)
		}
		if pm.ID == "" {
			return nil, fmt.Errorf("evaluate: records line %d: no id", n)
		}
		out = append(out, pm)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("evaluate: read records: %w", err)
	}
	return out, nil
}

// Report holds the harness's figures: means over the queries, and each
// query's own.
type Report struct {
	NDCG10  float64       `json:"ndcg_at_10"`
	MRR     float64       `json:"mrr"`
	P5      float64       `json:"p_at_5"`
	Queries []QueryReport `json:"queries"`
}

// QueryReport is how one judged query fared.
type QueryReport struct {
	Q       string      `json:"q"`
	NDCG10  float64     `json:"ndcg_at_10"`
	RR      float64     `json:"reciprocal_rank"`
	P5      float64     `json:"p_at_5"`
	Top     []index.Hit `json:"top"`               // the first 10 hits
	Grades  []int       `json:"grades"`            // the grade of each of Top
	Unknown []string    `json:"unknown,omitempty"` // judged records the index lacks
}

var hexID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// judgedID turns a judgments key (id or URL) into a record id.
func judgedID(key string) (string, error) {
	if hexID.MatchString(key) {
		return key, nil
	}
	c, _, err := data.CanonicalURL(key)
	if err != nil {
		return "", fmt.Errorf("evaluate: judged record %q is neither an id nor a URL: %w", key, err)
	}
	return data.IDFor(c), nil
}

// Index is what the harness searches: *index.Index.
type Index interface {
	Search(ctx context.Context, q index.Query) (index.Results, error)
	Primary(ctx context.Context, id string) (string, error)
}

// Run runs every judged query against ix and scores the first ten hits:
// nDCG@10 (gain 2^grade-1), reciprocal rank of the first relevant hit and
// precision at 5. A judged record that is a duplicate counts for the
// primary that stands for it in results.
func Run(ctx context.Context, ix Index, j Judgments) (Report, error) {
	var rep Report
	if len(j.Queries) == 0 {
		return Report{}, fmt.Errorf("evaluate: no queries")
	}
	for _, jq := range j.Queries {
		qr, err := evalQuery(ctx, ix, jq)
		if err != nil {
			return Report{}, err
		}
		rep.Queries = append(rep.Queries, qr)
		rep.NDCG10 += qr.NDCG10
		rep.MRR += qr.RR
		rep.P5 += qr.P5
	}
	n := float64(len(rep.Queries))
	rep.NDCG10, rep.MRR, rep.P5 = rep.NDCG10/n, rep.MRR/n, rep.P5/n
	return rep, nil
}

// evalQuery runs one judged query and scores its first ten hits.
func evalQuery(ctx context.Context, ix Index, jq Judged) (QueryReport, error) {
	qr := QueryReport{Q: jq.Q}
	grades := map[string]int{}
	for key, g := range jq.Relevant {
		id, err := judgedID(key)
		if err != nil {
			return QueryReport{}, err
		}
		primary, err := ix.Primary(ctx, id)
		if err != nil {
			qr.Unknown = append(qr.Unknown, key)
			continue
		}
		grades[primary] = max(grades[primary], g)
	}
	sort.Strings(qr.Unknown)
	// Ask for more than ten so that records tied on score around the tenth
	// place are ordered by id, as Search orders ties within a page.
	res, err := ix.Search(ctx, index.Query{Text: jq.Q, Categories: jq.Categories, Companies: jq.Companies, Size: 30})
	if err != nil {
		return QueryReport{}, fmt.Errorf("evaluate: %q: %w", jq.Q, err)
	}
	qr.Top = res.Hits[:min(10, len(res.Hits))]
	var dcg float64
	for i, h := range qr.Top {
		g := grades[h.ID]
		qr.Grades = append(qr.Grades, g)
		dcg += gain(g, i)
		if g > 0 && qr.RR == 0 {
			qr.RR = 1 / float64(i+1)
		}
		if g > 0 && i < 5 {
			qr.P5 += 0.2
		}
	}
	ideal := make([]int, 0, len(grades))
	for _, g := range grades {
		ideal = append(ideal, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	var idcg float64
	for i, g := range ideal[:min(10, len(ideal))] {
		idcg += gain(g, i)
	}
	if idcg > 0 {
		qr.NDCG10 = dcg / idcg
	}
	return qr, nil
}

func gain(grade, rank int) float64 {
	return (math.Pow(2, float64(grade)) - 1) / math.Log2(float64(rank)+2)
}

// WriteSummary prints the mean figures, and with perQuery a line per query.
func (r Report) WriteSummary(w io.Writer, perQuery bool) error {
	var b strings.Builder
	if perQuery {
		fmt.Fprintf(&b, "%-45s %7s %6s %5s\n", "query", "nDCG@10", "RR", "P@5")
		for _, q := range r.Queries {
			fmt.Fprintf(&b, "%-45.45s %7.3f %6.3f %5.2f", q.Q, q.NDCG10, q.RR, q.P5)
			if len(q.Unknown) > 0 {
				fmt.Fprintf(&b, "  (not in index: %s)", strings.Join(q.Unknown, ", "))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "queries  %d\nnDCG@10  %.4f\nMRR      %.4f\nP@5      %.4f\n", len(r.Queries), r.NDCG10, r.MRR, r.P5)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteRanking prints the first n hits of every query with their grades:
// the ranking golden file's format, so that a mapping change shows up as a
// readable diff.
func (r Report) WriteRanking(w io.Writer, n int) error {
	var b strings.Builder
	for _, q := range r.Queries {
		fmt.Fprintf(&b, "## %s  (nDCG@10 %.3f)\n", q.Q, q.NDCG10)
		for i, h := range q.Top[:min(n, len(q.Top))] {
			fmt.Fprintf(&b, "%2d. [%d] %s %s: %s\n", i+1, q.Grades[i], h.ID, h.Company, h.Title)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "mean nDCG@10 %.4f  MRR %.4f  P@5 %.4f\n", r.NDCG10, r.MRR, r.P5)
	_, err := io.WriteString(w, b.String())
	return err
}
