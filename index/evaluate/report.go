package evaluate

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteSummary prints the mean figures (per half when the queries have
// halves), and with perQuery a line per query.
func (r Report) WriteSummary(w io.Writer, perQuery bool) error {
	var b strings.Builder
	if perQuery {
		fmt.Fprintf(&b, "%-45s %7s %6s %5s\n", "query", "nDCG@10", "RR", "P@5")
		for _, q := range r.Queries {
			fmt.Fprintf(&b, "%-45.45s %7.3f %6.3f %5.2f", q.Q, q.NDCG10, q.RR, q.P5)
			if q.liked {
				fmt.Fprintf(&b, "  like@%d", q.LikeRank)
			}
			if len(q.Unknown) > 0 {
				fmt.Fprintf(&b, "  (not in index: %s)", strings.Join(q.Unknown, ", "))
			}
			if q.Error != "" {
				fmt.Fprintf(&b, "  (refused: %s)", q.Error)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "queries  %d\nnDCG@10  %.4f\nMRR      %.4f\nP@5      %.4f\n", r.N, r.NDCG10, r.MRR, r.P5)
	if len(r.Halves) == 0 && r.NAmong == 0 && r.NLike == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-6s %7s %8s %15s %7s %6s %11s %7s\n", "half", "queries", "nDCG@10", "nDCG@10 corpus", "MRR", "P@5", "like hit@5", "refused")
	halves := make([]string, 0, len(r.Halves))
	for h := range r.Halves {
		halves = append(halves, h)
	}
	sort.Strings(halves)
	for _, h := range append(halves, "all") {
		s := r.Summary
		if h != "all" {
			s = r.Halves[h]
		}
		fmt.Fprintf(&b, "%-6s %7d %8.4f %15.4f %7.4f %6.4f %11.4f %7d\n", h, s.N, s.NDCG10, s.NDCG10Among, s.MRR, s.P5, s.LikeHit5, s.Errors)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteRanking prints the first n hits of every query with their grades,
// and of its similar incidents when it has a Like text:
// the ranking golden file's format, so that a mapping change shows up as a
// readable diff.
func (r Report) WriteRanking(w io.Writer, n int) error {
	var b strings.Builder
	for _, q := range r.Queries {
		fmt.Fprintf(&b, "## %s  (nDCG@10 %.3f)\n", q.Q, q.NDCG10)
		for i, h := range q.Top[:min(n, len(q.Top))] {
			fmt.Fprintf(&b, "%2d. [%d] %s %s: %s\n", i+1, q.Grades[i], h.ID, h.Company, h.Title)
		}
		if q.liked {
			fmt.Fprintf(&b, "like (like@%d):\n", q.LikeRank)
			for i, h := range q.LikeTop[:min(n, len(q.LikeTop))] {
				fmt.Fprintf(&b, "%2d. [%d] %s %s: %s\n", i+1, q.LikeGrades[i], h.ID, h.Company, h.Title)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "mean nDCG@10 %.4f  MRR %.4f  P@5 %.4f\n", r.NDCG10, r.MRR, r.P5)
	_, err := io.WriteString(w, b.String())
	return err
}
