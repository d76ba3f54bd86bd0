package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"
)

// techTerm is one spelling of a technology, as tokens.
type techTerm struct {
	tokens        []string // lower-case unless caseSensitive
	caseSensitive bool
	tech          int // index into techMatcher.names
}

// techMatcher finds gazetteer technologies in text. Text and terms are cut
// into the same tokens (runs of letters and digits, each other non-space
// character on its own), so "Node.js" or "HTTP/2" match on token boundaries
// and "Go" never matches inside "Google".
type techMatcher struct {
	names []string
	first map[string][]techTerm // by lower-case first token
}

func newTechMatcher(g data.Gazetteer) *techMatcher {
	m := &techMatcher{first: map[string][]techTerm{}}
	for i, t := range g.Technologies {
		m.names = append(m.names, t.Name)
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
			m.first[key] = append(m.first[key], tt)
		}
	}
	return m
}

// find returns the technologies named in text, most mentioned first (ties
// by name), each once.
func (m *techMatcher) find(text string) []string {
	low := asciiLower(text)
	spans := tokenSpans(text)
	counts := map[int]int{}
	for i, sp := range spans {
		for _, term := range m.first[tokenAt(text, low, sp, false)] {
			if matchAt(term, text, low, spans, i) {
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
		return m.names[ids[a]] < m.names[ids[b]]
	})
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = m.names[id]
	}
	return out
}

// tokenAt returns the token at sp as written (caseSensitive) or lower-cased;
// low is text with its ASCII letters lower-cased, so only a token with other
// letters needs a full lower-casing.
func tokenAt(text, low string, sp [2]int, caseSensitive bool) string {
	if caseSensitive {
		return text[sp[0]:sp[1]]
	}
	t := low[sp[0]:sp[1]]
	if sp[1]-sp[0] > 1 {
		for i := 0; i < len(t); i++ {
			if t[i] >= 0x80 {
				return strings.ToLower(text[sp[0]:sp[1]])
			}
		}
	}
	return t
}

func matchAt(term techTerm, text, low string, spans [][2]int, i int) bool {
	if i+len(term.tokens) > len(spans) {
		return false
	}
	for j, want := range term.tokens {
		if tokenAt(text, low, spans[i+j], term.caseSensitive) != want {
			return false
		}
	}
	return true // tokens are whole words, so "Redis" never matches "Redisson"
}

// tokenSpans is tokenize's byte ranges.
func tokenSpans(s string) [][2]int {
	out := make([][2]int, 0, len(s)/5)
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
