package classify

import (
	"regexp/syntax"
	"strings"
)

// A word-set pattern is a list of words or phrases between word
// boundaries: \b(disk full|disks? (filled|full))\b. Run anchored at a
// literal's start, it matches where one of its phrases starts and ends at
// word boundaries, which a prefix test finds without the regexp engine;
// about a third of the anchored runs on a page are of such patterns.

// wordSet returns the phrases of a word-set pattern (tree, parsed
// without case folding and simplified) in the order regexp tries them,
// so that the first that fits is the match regexp would report; false
// when tree is anything else.
func wordSet(tree *syntax.Regexp) ([]string, bool) {
	if tree.Op != syntax.OpConcat || len(tree.Sub) < 3 {
		return nil, false
	}
	first, last := tree.Sub[0], tree.Sub[len(tree.Sub)-1]
	if first.Op != syntax.OpWordBoundary || last.Op != syntax.OpWordBoundary {
		return nil, false
	}
	set := []string{""}
	for _, sub := range tree.Sub[1 : len(tree.Sub)-1] {
		next, ok := literalSet(sub, true)
		if !ok {
			return nil, false
		}
		if set = cross(set, next); set == nil {
			return nil, false
		}
	}
	for _, s := range set {
		if s == "" {
			return nil, false
		}
	}
	return set, true
}

// matchWordSet is the anchored match of a word-set pattern at the start of
// text (see wordSet), as regexp would report it, or nil.
func matchWordSet(words []string, text string) []int {
	if text == "" || !isWordByte(text[0]) {
		return nil // \b at the start of the text needs a word character
	}
	for _, w := range words {
		if strings.HasPrefix(text, w) && boundaryAt(text, len(w)) {
			return []int{0, len(w)}
		}
	}
	return nil
}

// boundaryAt reports whether \b holds at offset i > 0 of text.
func boundaryAt(text string, i int) bool {
	after := i < len(text) && isWordByte(text[i])
	return isWordByte(text[i-1]) != after
}
