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
	start := -1
	letters := false
	flush := func(end int) {
		if start >= 0 && letters && end-start >= minWord {
			if w := word(text[start:end]); len(w) >= minWord && len(w) <= maxWord {
				counts[w]++
			}
		}
		start, letters = -1, false
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			letters = true
		case r < utf8.RuneSelf && '0' <= r && r <= '9':
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			letters = true
		case r >= utf8.RuneSelf && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
		default:
			flush(i)
			i += size
			continue
		}
		if start < 0 {
			start = i
		}
		i += size
	}
	flush(len(text))
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
