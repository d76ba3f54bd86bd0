package data

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// TechSpotter finds the technologies of a gazetteer that a text names: the
// one technology spotter of pmkb. Text and terms are cut into the same
// tokens (runs of letters and digits, each other non-space character on its
// own), so "Node.js" or "HTTP/2" match on token boundaries and "Go" never
// matches inside "Google". Built once by NewTechSpotter, it is read only
// and safe for concurrent use.
type TechSpotter struct {
	names []string
	first map[string][]techTerm // by lower-case first token
}

// techTerm is one spelling of a technology, as tokens.
type techTerm struct {
	tokens        []string // lower-case unless caseSensitive
	caseSensitive bool
	tech          int // index into TechSpotter.names
}

// NewTechSpotter indexes every spelling of every technology of g.
func NewTechSpotter(g Gazetteer) *TechSpotter {
	s := &TechSpotter{first: map[string][]techTerm{}}
	for i, t := range g.Technologies {
		s.names = append(s.names, t.Name)
		for _, term := range t.Terms() {
			toks := tokenize(term)
			if len(toks) == 0 {
				continue
			}
			tt := techTerm{caseSensitive: t.CaseSensitive && term == t.Name, tech: i}
			if t.CaseSensitive && term != t.Name && strings.ToLower(term) != term {
				tt.caseSensitive = true // an alias spelled with capitals keeps them
			}
			for _, tok := range toks {
				if tt.caseSensitive {
					tt.tokens = append(tt.tokens, tok)
				} else {
					tt.tokens = append(tt.tokens, strings.ToLower(tok))
				}
			}
			key := strings.ToLower(toks[0])
			s.first[key] = append(s.first[key], tt)
		}
	}
	return s
}

// Find returns the names of the technologies text names, most mentioned
// first (ties by name), each once.
func (s *TechSpotter) Find(text string) []string {
	buf := spanBufs.Get().(*[][2]int)
	defer spanBufs.Put(buf)
	spans := appendTokenSpans((*buf)[:0], text)
	*buf = spans
	counts := map[int]int{}
	var key, tok []byte // lower-cased tokens, reused
	for i, sp := range spans {
		key = lowerToken(key, text[sp[0]:sp[1]])
		for _, term := range s.first[string(key)] {
			if matchAt(term, text, spans, i, &tok) {
				counts[term.tech]++
			}
		}
	}
	ids := make([]int, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool {
		if counts[ids[a]] != counts[ids[b]] {
			return counts[ids[a]] > counts[ids[b]]
		}
		return s.names[ids[a]] < s.names[ids[b]]
	})
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = s.names[id]
	}
	return out
}

// lowerToken writes tok lower-cased into buf: ASCII letters byte by byte,
// and a token of more than one byte with other letters through
// strings.ToLower.
func lowerToken(buf []byte, tok string) []byte {
	buf = buf[:0]
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf && len(tok) > 1 {
			return append(buf[:0], strings.ToLower(tok)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// matchAt reports whether term's tokens are the tokens of text from the
// i-th span on; buf is working space.
func matchAt(term techTerm, text string, spans [][2]int, i int, buf *[]byte) bool {
	if i+len(term.tokens) > len(spans) {
		return false
	}
	for j, want := range term.tokens {
		got := text[spans[i+j][0]:spans[i+j][1]]
		if !term.caseSensitive {
			*buf = lowerToken(*buf, got)
			if string(*buf) != want {
				return false
			}
			continue
		}
		if got != want {
			return false
		}
	}
	return true // tokens are whole words, so "Redis" never matches "Redisson"
}

// tokenSpans is tokenize's byte ranges.
func tokenSpans(s string) [][2]int { return appendTokenSpans(make([][2]int, 0, len(s)/5), s) }

// spanBufs keeps Find's spans between calls: for a whole post they take
// about three times its size.
var spanBufs = sync.Pool{New: func() any { return new([][2]int) }}

// appendTokenSpans appends tokenSpans of s to out.
func appendTokenSpans(out [][2]int, s string) [][2]int {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		var word, space bool
		size := 1
		if c < utf8.RuneSelf {
			word = asciiWord[c]
			space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			size = n
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
			space = unicode.IsSpace(r)
		}
		switch {
		case word:
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
			if !space {
				out = append(out, [2]int{i, i + size})
			}
		}
		i += size
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	return t
}()

// tokenize cuts s into runs of letters and digits; every other non-space
// character is a token of its own.
func tokenize(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		if !unicode.IsSpace(r) {
			out = append(out, string(r))
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
