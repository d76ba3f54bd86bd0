package prose

import (
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// WordSet finds whole words and phrases in a text, in any case, with one
// pass of an Aho-Corasick automaton: the role lists are long, and a
// regexp of many alternatives costs a scan per alternative. A word ending
// in "*" is a stem ("disrupt*": disrupted, disruption).
type WordSet struct {
	m     *ahocorasick.Matcher
	words []string
	stem  []bool
	tags  []uint64 // the bits of the list each word came from (NewTaggedWordSet)
	// longest is the length of the longest word, in bytes (Opens).
	longest int
}

// NewWordSet compiles a list of "|"-separated words and phrases; each may
// use groups of alternatives, "(errors|failures) began", and optional
// letters, "errors?" (see expand).
func NewWordSet(spec string) *WordSet {
	ws := &WordSet{}
	for _, alt := range splitTop(spec) {
		for _, w := range expand(strings.TrimSpace(alt)) {
			if w == "" {
				continue
			}
			stem := strings.HasSuffix(w, "*")
			ws.words = append(ws.words, strings.ToLower(strings.TrimSuffix(w, "*")))
			ws.stem = append(ws.stem, stem)
		}
	}
	ws.m = ahocorasick.New(ws.words)
	ws.setLongest()
	return ws
}

// setLongest records the length of the longest word.
func (ws *WordSet) setLongest() {
	for _, w := range ws.words {
		ws.longest = max(ws.longest, len(w))
	}
}

// MatchString reports whether s holds one of the words as a whole word.
func (ws *WordSet) MatchString(s string) bool {
	found := false
	ws.scan(s, func(int32) bool { found = true; return false })
	return found
}

// Equal reports whether s, in any case, is one of the words (a stem
// matches any word it begins).
func (ws *WordSet) Equal(s string) bool {
	found := false
	ws.scan(s, func(id int32) bool {
		n := len(ws.words[id])
		found = n == len(s) || ws.stem[id] && n < len(s)
		return !found
	})
	return found
}

// Opens reports whether s begins, after any punctuation and spaces, with
// one of the words; it reads no further than the longest word reaches.
func (ws *WordSet) Opens(s string) bool {
	i := skipPunct(s)
	head := s[i:min(len(s), i+ws.longest+1)]
	found := false
	ws.m.ScanFold(head, func(id int32, end int) {
		if found || end+1 != len(ws.words[id]) {
			return
		}
		found = ws.stem[id] || end+1 == len(head) || !isWordByte(ahocorasick.LowerByte(head[end+1]))
	})
	return found
}

// Tags returns the union of the bits of the lists whose words s holds.
func (ws *WordSet) Tags(s string) uint64 {
	var r uint64
	ws.scan(s, func(id int32) bool { r |= ws.tags[id]; return true })
	return r
}

// scan calls found for every whole word of the set in s, while it returns
// true.
func (ws *WordSet) scan(s string, found func(id int32) bool) {
	more := true
	ws.m.ScanFold(s, func(id int32, end int) {
		if !more {
			return
		}
		start := end + 1 - len(ws.words[id])
		if start > 0 && isWordByte(ahocorasick.LowerByte(s[start-1])) {
			return
		}
		if !ws.stem[id] && end+1 < len(s) && isWordByte(ahocorasick.LowerByte(s[end+1])) {
			return
		}
		more = found(id)
	})
}

// NewTaggedWordSet merges word lists into one set whose words carry their
// list's bits, so that one scan reads them all (see Tags).
func NewTaggedWordSet(lists map[uint64]string) *WordSet {
	ws := &WordSet{}
	for r, spec := range lists {
		one := NewWordSet(spec)
		ws.words = append(ws.words, one.words...)
		ws.stem = append(ws.stem, one.stem...)
		for range one.words {
			ws.tags = append(ws.tags, r)
		}
	}
	ws.m = ahocorasick.New(ws.words)
	ws.setLongest()
	return ws
}

// skipPunct returns where the first word of s begins: past spaces, ASCII
// punctuation and the usual typographic marks (dashes, quotes, bullets).
func skipPunct(s string) int {
	i := 0
	for i < len(s) {
		if s[i] < 0x80 {
			if isWordByte(ahocorasick.LowerByte(s[i])) {
				return i
			}
			i++
			continue
		}
		n := 0
		for _, p := range typoMarks {
			if strings.HasPrefix(s[i:], p) {
				n = len(p)
				break
			}
		}
		if n == 0 {
			return i
		}
		i += n
	}
	return i
}

// typoMarks are the non-ASCII marks a sentence may open with.
var typoMarks = []string{"—", "–", "«", "»", "“", "”", "‘", "’", "•", "·", "\u00a0", "…"}

func isWordByte(b byte) bool { return IsLetterByte(b) || b >= '0' && b <= '9' || b == '_' }

// splitTop splits spec on the "|" outside parentheses.
func splitTop(spec string) []string {
	var out []string
	depth, from := 0, 0
	for i := 0; i < len(spec); i++ {
		switch spec[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, spec[from:i])
				from = i + 1
			}
		}
	}
	return append(out, spec[from:])
}

// expand spells out every form of a phrase: "(a|b) c" gives "a c" and
// "b c", "(a|b)? c" also "c"; "errors?" gives "error" and "errors".
func expand(p string) []string {
	if i := strings.IndexByte(p, '('); i >= 0 {
		j := strings.IndexByte(p[i:], ')') + i
		alts, rest := strings.Split(p[i+1:j], "|"), p[j+1:]
		if strings.HasPrefix(rest, "?") { // "(ned)?": the group is optional
			alts, rest = append(alts, ""), rest[1:]
		}
		var out []string
		for _, alt := range alts {
			out = append(out, expand(p[:i]+alt+rest)...)
		}
		return out
	}
	if i := strings.IndexByte(p, '?'); i > 0 {
		return append(expand(p[:i-1]+p[i+1:]), expand(p[:i]+p[i+1:])...)
	}
	return []string{p}
}
