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

// maxWordSet bounds the phrases a word-set pattern may expand to.
const maxWordSet = 64

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
		next, ok := orderedSet(sub)
		if !ok {
			return nil, false
		}
		if set = cross(set, next); set == nil || len(set) > maxWordSet {
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

// orderedSet is the finite set of strings re matches, in the order a
// leftmost-first engine prefers them: alternatives in order, an optional
// part first taken (unless non-greedy), then left out.
func orderedSet(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpCapture:
		return orderedSet(re.Sub[0])
	case syntax.OpQuest:
		set, ok := orderedSet(re.Sub[0])
		if !ok {
			return nil, false
		}
		if re.Flags&syntax.NonGreedy != 0 {
			return append([]string{""}, set...), true
		}
		return append(set, ""), true
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if set = append(set, string(r)); len(set) > 8 {
					return nil, false
				}
			}
		}
		return set, len(set) > 0
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			set, ok := orderedSet(sub)
			if !ok {
				return nil, false
			}
			if all = append(all, set...); len(all) > maxWordSet {
				return nil, false
			}
		}
		return all, true
	case syntax.OpConcat:
		run := []string{""}
		for _, sub := range re.Sub {
			set, ok := orderedSet(sub)
			if !ok {
				return nil, false
			}
			if run = cross(run, set); run == nil {
				return nil, false
			}
		}
		return run, true
	}
	return nil, false
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
