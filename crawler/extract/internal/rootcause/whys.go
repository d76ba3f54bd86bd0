package rootcause

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// headWhys is the heading of a "Five whys" part.
var headWhys = regexp.MustCompile(`(?i)\b(five|5|cinq) (whys|pourquoi)\b|^\W*whys\W*$`)

// lastWhys marks the answers of a "Five whys" part: the sentences that are
// not questions, true for the last one, which names the root of the chain.
func lastWhys(sents []page.Sentence) map[int]bool {
	out := map[int]bool{}
	in, last := false, -1
	for i := range sents {
		s := &sents[i]
		if s.Heading {
			if in && last >= 0 {
				out[last] = true
			}
			in, last = headWhys.MatchString(s.Text), -1
			continue
		}
		if !in {
			continue
		}
		if !strings.HasSuffix(strings.TrimSpace(s.Text), "?") && !questionFirst(s.Text) {
			out[i] = false
			last = i
		}
	}
	if in && last >= 0 {
		out[last] = true
	}
	return out
}

// WhyDepth returns, for each answer of a "Five whys" part, how deep it is
// in the chain, from above 0 for the first to 1 for the last: the last
// answer names the root.
func WhyDepth(sents []page.Sentence) map[int]float64 {
	out := map[int]float64{}
	var part []int
	flush := func() {
		for k, i := range part {
			out[i] = float64(k+1) / float64(len(part))
		}
		part = part[:0]
	}
	in := false
	for i := range sents {
		s := &sents[i]
		if s.Heading {
			flush()
			in = headWhys.MatchString(s.Text)
			continue
		}
		if in && !strings.HasSuffix(strings.TrimSpace(s.Text), "?") {
			part = append(part, i)
		}
	}
	flush()
	return out
}

// questionFirst reports whether an item opens with its question ("Why did
// writes fail? The primary was demoted." reads as one item).
func questionFirst(t string) bool {
	q := strings.IndexByte(t, '?')
	return q >= 0 && q == len(strings.TrimSpace(t))-1
}
