// Package evaluate is pmkb's relevance harness (pmkb eval search).
//
// It reads judged queries and the records they are judged over, runs the
// queries, and reports the ranking's nDCG@10, MRR and P@5.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
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

// Judged is one query and the grades of the records that answer it. A
// blind set also names the query, its half (tune or test: tune on one,
// report the other beside it), its language and style, and Like: the text
// the same person would paste into "incidents like mine".
type Judged struct {
	ID         string         `yaml:"id,omitempty" json:"id,omitempty"`
	Half       string         `yaml:"half,omitempty" json:"half,omitempty"`
	Lang       string         `yaml:"lang,omitempty" json:"lang,omitempty"`
	Style      string         `yaml:"style,omitempty" json:"style,omitempty"`
	Like       string         `yaml:"like,omitempty" json:"like,omitempty"`
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

// Half returns the judgments with only the queries of half (tune or
// test), or an error when none is in it.
func (j Judgments) Half(half string) (Judgments, error) {
	out := j
	out.Queries = nil
	for _, q := range j.Queries {
		if q.Half == half {
			out.Queries = append(out.Queries, q)
		}
	}
	if len(out.Queries) == 0 {
		return Judgments{}, fmt.Errorf("no query is in half %q", half)
	}
	return out, nil
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

// Report holds the harness's figures: means over the queries (Summary),
// the same means per half of a blind set, and each query's own.
type Report struct {
	Summary
	Halves  map[string]Summary `json:"halves,omitempty"`
	Queries []QueryReport      `json:"queries"`
}

// Summary is the mean of a set of queries' figures.
type Summary struct {
	N      int     `json:"n"`
	NDCG10 float64 `json:"ndcg_at_10"`
	MRR    float64 `json:"mrr"`
	P5     float64 `json:"p_at_5"`
	// NDCG10Among is nDCG@10 counting only the records of Options.Among
	// (the corpus's real post-mortems): the others are dropped from the
	// ranking and from the ideal one. NAmong queries judge such a record.
	NDCG10Among float64 `json:"ndcg_at_10_among,omitempty"`
	NAmong      int     `json:"n_among,omitempty"`
	// LikeHit5 is the share of the NLike queries with a Like text whose
	// grade-3 record is among the first five similar incidents.
	LikeHit5 float64 `json:"like_hit_at_5,omitempty"`
	NLike    int     `json:"n_like,omitempty"`
	Errors   int     `json:"errors,omitempty"` // queries the index refused
}

// QueryReport is how one judged query fared.
type QueryReport struct {
	ID          string      `json:"id,omitempty"`
	Half        string      `json:"half,omitempty"`
	Q           string      `json:"q"`
	NDCG10      float64     `json:"ndcg_at_10"`
	NDCG10Among float64     `json:"ndcg_at_10_among,omitempty"`
	RR          float64     `json:"reciprocal_rank"`
	P5          float64     `json:"p_at_5"`
	Top         []index.Hit `json:"top"`               // the first 10 hits
	Grades      []int       `json:"grades"`            // the grade of each of Top
	Unknown     []string    `json:"unknown,omitempty"` // judged records the index lacks
	// LikeRank is the rank (1-based) of the first grade-3 record among the
	// similar incidents of the Like text, 0 when not in the first ten.
	LikeRank int `json:"like_rank,omitempty"`
	// LikeTop and LikeGrades are the first ten similar incidents of the
	// Like text and their grades.
	LikeTop    []index.Hit `json:"like_top,omitempty"`
	LikeGrades []int       `json:"like_grades,omitempty"`
	Error      string      `json:"error,omitempty"` // why the index refused the query
	hasAmong   bool        // a record of Options.Among is judged
	liked      bool        // the query has a Like text
}

// Options tune a run.
type Options struct {
	// Among are the ids of the records NDCG10Among counts (the corpus's
	// real post-mortems); nil leaves it out.
	Among map[string]bool
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
	SimilarText(ctx context.Context, text string, size int) (index.Results, error)
	Primary(ctx context.Context, id string) (string, error)
}

// Run runs every judged query against ix and scores the first ten hits:
// nDCG@10 (gain 2^grade-1), reciprocal rank of the first relevant hit and
// precision at 5; with Options.Among, nDCG@10 among those records too; for
// a query with a Like text, where its grade-3 record ranks among the
// similar incidents. A judged record that is a duplicate counts for the
// primary that stands for it in results.
func Run(ctx context.Context, ix Index, j Judgments, o Options) (Report, error) {
	var rep Report
	if len(j.Queries) == 0 {
		return Report{}, fmt.Errorf("evaluate: no queries")
	}
	for _, jq := range j.Queries {
		qr, err := evalQuery(ctx, ix, jq, o)
		if err != nil {
			return Report{}, err
		}
		rep.Queries = append(rep.Queries, qr)
	}
	rep.Summary = summarise(rep.Queries, "")
	for _, q := range rep.Queries {
		if q.Half != "" && rep.Halves == nil {
			rep.Halves = map[string]Summary{}
		}
		if _, done := rep.Halves[q.Half]; q.Half != "" && !done {
			rep.Halves[q.Half] = summarise(rep.Queries, q.Half)
		}
	}
	return rep, nil
}

// summarise averages the figures of the queries of half ("" for all).
func summarise(qs []QueryReport, half string) Summary {
	var s Summary
	for _, q := range qs {
		if half != "" && q.Half != half {
			continue
		}
		s.N++
		if q.Error != "" {
			s.Errors++
		}
		s.NDCG10 += q.NDCG10
		s.MRR += q.RR
		s.P5 += q.P5
		if q.hasAmong {
			s.NAmong++
			s.NDCG10Among += q.NDCG10Among
		}
		if q.liked {
			s.NLike++
			if q.LikeRank > 0 && q.LikeRank <= 5 {
				s.LikeHit5++
			}
		}
	}
	if s.N > 0 {
		n := float64(s.N)
		s.NDCG10, s.MRR, s.P5 = s.NDCG10/n, s.MRR/n, s.P5/n
	}
	if s.NAmong > 0 {
		s.NDCG10Among /= float64(s.NAmong)
	}
	if s.NLike > 0 {
		s.LikeHit5 /= float64(s.NLike)
	}
	return s
}

// evalQuery runs one judged query and scores its first ten hits.
func evalQuery(ctx context.Context, ix Index, jq Judged, o Options) (QueryReport, error) {
	qr := QueryReport{ID: jq.ID, Half: jq.Half, Q: jq.Q}
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
	// place are ordered by id, as Search orders ties within a page, and so
	// that ten records of Options.Among are there to rank.
	size := 30
	if o.Among != nil {
		size = 100
	}
	res, err := ix.Search(ctx, index.Query{Text: jq.Q, Categories: jq.Categories, Companies: jq.Companies, Size: size})
	var qe *index.QueryError
	if errors.As(err, &qe) {
		// A user who gets a 400 finds nothing: the query scores zero.
		qr.Error = qe.Error()
	} else if err != nil {
		return QueryReport{}, fmt.Errorf("evaluate: %q: %w", jq.Q, err)
	}
	qr.Top = res.Hits[:min(10, len(res.Hits))]
	for i, h := range qr.Top {
		g := grades[h.ID]
		qr.Grades = append(qr.Grades, g)
		if g > 0 && qr.RR == 0 {
			qr.RR = 1 / float64(i+1)
		}
		if g > 0 && i < 5 {
			qr.P5 += 0.2
		}
	}
	qr.NDCG10 = ndcg(res.Hits, grades, nil)
	if o.Among != nil {
		for id := range grades {
			qr.hasAmong = qr.hasAmong || o.Among[id]
		}
		qr.NDCG10Among = ndcg(res.Hits, grades, o.Among)
	}
	if strings.TrimSpace(jq.Like) != "" {
		qr.liked = true
		if err = qr.like(ctx, ix, jq.Like, grades); errors.As(err, &qe) {
			qr.Error = strings.TrimSpace(qr.Error + "; like: " + qe.Error())
		} else if err != nil {
			return QueryReport{}, err
		}
	}
	return qr, nil
}

// ndcg scores the first ten hits that are in among (all hits when among is
// nil) against the ideal ranking of the judged records in among.
func ndcg(hits []index.Hit, grades map[string]int, among map[string]bool) float64 {
	var dcg float64
	rank := 0
	for _, h := range hits {
		if rank == 10 {
			break
		}
		if among != nil && !among[h.ID] {
			continue
		}
		dcg += gain(grades[h.ID], rank)
		rank++
	}
	ideal := make([]int, 0, len(grades))
	for id, g := range grades {
		if among == nil || among[id] {
			ideal = append(ideal, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	var idcg float64
	for i, g := range ideal[:min(10, len(ideal))] {
		idcg += gain(g, i)
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// like ranks the ten incidents most like text: LikeTop, LikeGrades and
// LikeRank, the rank of the first grade-3 record (0 when none is there).
func (qr *QueryReport) like(ctx context.Context, ix Index, text string, grades map[string]int) error {
	res, err := ix.SimilarText(ctx, text, 10)
	if err != nil {
		return fmt.Errorf("evaluate: like %q: %w", text, err)
	}
	qr.LikeTop = res.Hits
	for i, h := range res.Hits {
		g := grades[h.ID]
		qr.LikeGrades = append(qr.LikeGrades, g)
		if g == 3 && qr.LikeRank == 0 {
			qr.LikeRank = i + 1
		}
	}
	return nil
}

func gain(grade, rank int) float64 {
	return (math.Pow(2, float64(grade)) - 1) / math.Log2(float64(rank)+2)
}
