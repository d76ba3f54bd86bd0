// Package lexical is a word model of the taxonomy's categories: per
// category, a logistic regression over the tf-idf vector of the words a
// post uses. The rules read what a sentence says; this model reads which
// words a post is made of, and so finds a category that the post names in
// words no pattern knows. It is trained with the category classifier's
// learned layer (see classify.FitLayers) and feeds that layer one feature.
package lexical

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"
)

// Word lengths a term may have, in bytes: shorter ones are mostly
// articles and units, longer ones identifiers and hashes.
const (
	minWord = 2
	maxWord = 30
)

// Count adds the terms of text to counts: its words, lower-cased and
// without accents (FoldTerm), of at least two letters and not digits
// alone. A word is a run of letters and digits: "split-brain" is two.
func Count(counts map[string]int, text string) {
	eachWord(text, func(w string) { counts[w]++ })
}

// Kinds of ASCII bytes, for eachWord: bits, so that a word's kinds OR
// together.
const (
	sep    = 0
	digit  = 1 // 0-9
	lower  = 2 // a-z
	upper  = 4 // A-Z
	folded = 8 // a character outside ASCII: the word needs word()
)

// asciiKind is the kind of each ASCII byte.
var asciiKind = func() (k [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		k[c] = digit
	}
	for c := 'a'; c <= 'z'; c++ {
		k[c] = lower
		k[c-'a'+'A'] = upper
	}
	return k
}()

// eachWord calls fn with each term of text (see Count). Lower-case ASCII
// words, most of them, are passed as they stand, without a copy.
func eachWord(text string, fn func(w string)) {
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf && asciiKind[c] == sep {
			i++
			continue
		}
		start := i
		var kinds uint8
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				k := asciiKind[c]
				if k == sep {
					break
				}
				kinds |= k
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case unicode.IsLetter(r):
				kinds |= folded | lower
			case unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
				kinds |= folded
			default:
				size = 0
			}
			if size == 0 {
				break
			}
			i += size
		}
		if i == start { // a separator outside ASCII
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		if kinds&(lower|upper) == 0 || i-start < minWord {
			continue
		}
		w := text[start:i]
		if kinds&(upper|folded) != 0 {
			w = word(w)
		}
		if len(w) >= minWord && len(w) <= maxWord {
			fn(w)
		}
	}
}

// word is w lower-cased and folded.
func word(w string) string {
	upper, ascii := false, true
	for i := 0; i < len(w); i++ {
		c := w[i]
		ascii = ascii && c < utf8.RuneSelf
		upper = upper || 'A' <= c && c <= 'Z'
	}
	switch {
	case !ascii:
		return data.FoldTerm(strings.ToLower(w))
	case upper:
		return strings.ToLower(w)
	}
	return w
}
