// Package snippet picks and marks the passage of a record that shows a search's terms.
package snippet

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Len is the target length of a snippet in bytes of source text.
const Len = 220

// Terms are what a search's snippets mark in records of one language: the
// index terms of its words and their synonyms, and how many distinct terms
// its own words make.
type Terms struct {
	want  map[string]bool
	stems int
	// prefixes are the first letters of each term of want, which a text
	// holds where it may hold the term (see mayHold); one per term, so
	// that likelyRegion counts a place once per term it may hold.
	prefixes []string
}

// NewTerms analyses a search's words, and their synonyms, with an (nil:
// nothing to mark).
func NewTerms(an analysis.Analyzer, words []string, synonyms func(string) []string) Terms {
	t := Terms{want: termSet(an, words, synonyms)}
	if an != nil {
		t.stems = stemCount(an, words)
	}
	for term := range t.want {
		p := term
		if len(p) > 4 {
			p = p[:len(p)-1] // stems drop endings: "failov" in "failover"
		}
		t.prefixes = append(t.prefixes, p)
	}
	return t
}

// Of picks the passage of a record's root cause, summary or body (an's
// language) that holds the most distinct terms of t and returns it
// HTML-escaped, with <mark> around each matched word. Without a match it
// returns the start of the summary (or root cause, or body), unmarked.
func Of(an analysis.Analyzer, t Terms, rc, summary, body string) string {
	want, stems := t.want, t.stems
	best, bestText := window{}, ""
	if len(want) > 0 && an != nil {
		for _, text := range []string{rc, summary} {
			if text == "" || !mayHold(strings.ToLower(text), t.prefixes) {
				continue
			}
			if w := bestWindow(an.Analyze([]byte(text)), want); w.distinct > best.distinct {
				best, bestText = w, text
			}
		}
		// The body is lower-cased once, for both mayHold and likelyRegion:
		// a long body costs more to copy than to search.
		var lower string
		if best.distinct < stems && body != "" {
			lower = strings.ToLower(body)
		}
		if lower != "" && mayHold(lower, t.prefixes) {
			region, from, to := likelyRegion(body, lower, t.prefixes)
			if w := bestWindow(an.Analyze([]byte(region)), want); w.distinct > best.distinct {
				out := render(region, w)
				if from > 0 && !strings.HasPrefix(out, "…") {
					out = "…" + out
				}
				if to < len(body) && !strings.HasSuffix(out, "…") {
					out += "…"
				}
				return out
			}
		}
	}
	if bestText == "" {
		for _, t := range []string{summary, rc, body} {
			if t != "" {
				return html.EscapeString(clip(t, 0, Len))
			}
		}
		return ""
	}
	return render(bestText, best)
}

// mayHold reports whether a lower-cased text may hold one of the index
// terms whose prefixes are given: it holds the term's first letters (a
// stem drops a word's ending). Texts that cannot are not analysed.
func mayHold(lower string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// likelyRegion narrows a long body to the stretch where the query's terms
// seem densest, found by plain substring search for each term's first
// letters (prefixes), so that only that stretch is analysed. lower is body
// lower-cased. It returns the region and its byte range in body; a short
// body, or one whose lower-casing changes its length, is returned whole.
func likelyRegion(body, lower string, prefixes []string) (string, int, int) {
	const span = 3 * Len
	if len(body) <= 2*span || len(lower) != len(body) {
		return body, 0, len(body)
	}
	var offs []int
	for _, p := range prefixes {
		for i, n := 0, 0; n < 64; n++ {
			j := strings.Index(lower[i:], p)
			if j < 0 {
				break
			}
			offs = append(offs, i+j)
			i += j + len(p)
		}
	}
	if len(offs) == 0 {
		return body[:span], 0, span
	}
	slices.Sort(offs)
	bestStart, bestN := offs[0], 0
	for i, o := range offs {
		n := 0
		for _, k := range offs[i:] {
			if k-o > 2*Len {
				break
			}
			n++
		}
		if n > bestN {
			bestStart, bestN = o, n
		}
	}
	from := wordStart(body, max(0, bestStart-Len/2))
	to := wordEnd(body, min(len(body), from+span))
	return body[from:to], from, to
}

// stemCount is how many distinct index terms the query's own words make.
func stemCount(an analysis.Analyzer, terms []string) int {
	set := map[string]bool{}
	for _, t := range terms {
		for _, tok := range an.Analyze([]byte(t)) {
			set[string(tok.Term)] = true
		}
	}
	return len(set)
}

// termSet analyses the query terms (and their synonyms) into the set of
// index terms a snippet marks.
func termSet(an analysis.Analyzer, terms []string, synonyms func(string) []string) map[string]bool {
	set := map[string]bool{}
	if an == nil {
		return set
	}
	for _, t := range terms {
		vs := append([]string{t}, synonyms(t)...)
		for _, v := range vs {
			for _, tok := range an.Analyze([]byte(v)) {
				set[string(tok.Term)] = true
			}
		}
	}
	return set
}

// window is a passage of a text: byte offsets and the matched tokens in it.
type window struct {
	start, end int
	marks      [][2]int
	distinct   int
}

// bestWindow slides a Len window over the matched tokens and keeps
// the one with the most distinct terms, then the most matches.
func bestWindow(toks analysis.TokenStream, want map[string]bool) window {
	var hits []*analysis.Token
	for _, t := range toks {
		if want[string(t.Term)] {
			hits = append(hits, t)
		}
	}
	best := window{}
	for i, h := range hits {
		start := h.Start
		seen := map[string]bool{}
		var marks [][2]int
		for _, k := range hits[i:] {
			if k.End-start > Len {
				break
			}
			seen[string(k.Term)] = true
			marks = append(marks, [2]int{k.Start, k.End})
		}
		if len(seen) > best.distinct || (len(seen) == best.distinct && len(marks) > len(best.marks)) {
			best = window{start: start, end: start + Len, marks: marks, distinct: len(seen)}
		}
	}
	return best
}

// render escapes text[w.start:w.end] widened to word boundaries, with some
// context before the first match, and wraps the marks.
func render(text string, w window) string {
	start := max(0, w.start-Len/4)
	end := min(len(text), start+Len)
	start = wordStart(text, start)
	end = wordEnd(text, end)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range w.marks {
		if m[0] < pos || m[1] > end {
			continue
		}
		b.WriteString(html.EscapeString(collapse(text[pos:m[0]])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[m[0]:m[1]]))
		b.WriteString("</mark>")
		pos = m[1]
	}
	b.WriteString(html.EscapeString(collapse(text[pos:end])))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// clip returns text[start:start+n] cut at word boundaries, with an ellipsis
// when text goes on.
func clip(text string, start, n int) string {
	end := min(len(text), start+n)
	end = wordEnd(text, end)
	out := collapse(text[start:end])
	if end < len(text) {
		out += "…"
	}
	return strings.TrimSpace(out)
}

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	for i > 0 && i < len(s) {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// collapse turns runs of white space (newlines included) into one space.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
