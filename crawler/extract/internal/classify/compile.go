package classify

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// withCase makes a pattern ignore case unless it sets its own flags.
func withCase(expr string) string {
	if strings.HasPrefix(expr, "(?") {
		return expr
	}
	return "(?i)" + expr
}

// unicodeEnd rewrites a final \b of an expression that holds non-ASCII
// letters: regexp's \b only knows ASCII, so "saturé\b" never matched before
// a space. The rewrite consumes the character after the match, which no
// caller depends on.
func unicodeEnd(expr string) string {
	if !strings.HasSuffix(expr, `\b`) || strings.HasSuffix(expr, `\\b`) {
		return expr
	}
	for i := 0; i < len(expr); i++ {
		if expr[i] >= 0x80 {
			return strings.TrimSuffix(expr, `\b`) + `(?:[^\p{L}\p{N}_]|$)`
		}
	}
	return expr
}

func compilePattern(expr string) (pattern, error) { return compileExact(unicodeEnd(expr)) }

// compileExact is compilePattern without the rewrite of a final \b.
func compileExact(expr string) (pattern, error) {
	re, err := regexp.Compile(withCase(expr))
	if err != nil {
		return pattern{}, err
	}
	p := pattern{re: re, innerNeg: !negatesItself.MatchString(strings.ReplaceAll(expr, `\b`, " "))}
	if !strings.HasPrefix(expr, "(?") {
		// Case folding makes every regexp step slower; on text already
		// lower-cased a plain match finds the same spans.
		if low, err := regexp.Compile(expr); err == nil {
			p.lowRe = low
		}
	}
	// Literals come from a case-sensitive parse (patterns are written in
	// lower case): under case folding the parser turns letters such as k and
	// s into character classes, which would cut every literal short.
	tree, err := syntax.Parse(strings.TrimPrefix(expr, "(?i)"), syntax.Perl)
	if err != nil {
		return p, nil
	}
	tree = tree.Simplify()
	if lits, ok := requiredLiterals(tree); ok {
		p.lits = lits
	}
	p.also = alsoRequired(tree)
	// When every match starts with one of a few literals, the pattern is run
	// anchored at each place one occurs instead of across the whole text.
	if pre, ok := prefixLiterals(tree); ok && p.lowRe != nil && (shortest(pre) >= 3 || (shortest(pre) == 2 && startsWithWordBoundary(tree))) {
		if anchored, err := regexp.Compile(`^(?:` + expr + `)`); err == nil {
			p.anchored, p.leadingWB = anchored, startsWithWordBoundary(tree)
			p.span = maxSpan(tree)
			p.words, _ = wordSet(tree)
			// A pattern that starts with a common word ("the engineer
			// ran", "was set to") would be a candidate for nearly every
			// sentence: it keeps its rarer required literals as the
			// trigger and finds where its prefixes start only when they
			// occur.
			if pl := lower(pre); !anyCommon(pl) || p.lits == nil || anyCommon(p.lits) || shortest(p.lits) < 3 {
				p.lits = pl
			} else {
				p.prefix, p.prefixLits = ahocorasick.New(pl), pl
			}
		}
	}
	return p, nil
}

// maxSpan bounds how many characters a match of re can take, counting a
// run of word characters (\w+, \S+) as at most a long word; -1 when re has
// no such bound (.*). Run on a window of that size plus a margin, an
// anchored pattern costs regexp's backtracker far less on a long sentence:
// it clears a bitmap the size of its program times its input on every run.
func maxSpan(re *syntax.Regexp) int {
	const word = 24 // longer runs of word characters hardly occur in prose
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return 1
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine,
		syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return 0
	case syntax.OpCapture:
		return maxSpan(re.Sub[0])
	case syntax.OpQuest:
		return maxSpan(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if sub := re.Sub[0]; sub.Op == syntax.OpCharClass && !classHasSpace(sub) {
			return word
		}
		return -1
	case syntax.OpRepeat:
		n := maxSpan(re.Sub[0])
		if n < 0 || re.Max < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpConcat:
		total := 0
		for _, sub := range re.Sub {
			n := maxSpan(sub)
			if n < 0 {
				return -1
			}
			total += n
		}
		return total
	case syntax.OpAlternate:
		most := 0
		for _, sub := range re.Sub {
			n := maxSpan(sub)
			if n < 0 {
				return -1
			}
			most = max(most, n)
		}
		return most
	}
	return -1
}

// classHasSpace reports whether a character class holds a space: a
// repetition of it can run across words.
func classHasSpace(re *syntax.Regexp) bool {
	for i := 0; i+1 < len(re.Rune); i += 2 {
		if re.Rune[i] <= ' ' && ' ' <= re.Rune[i+1] {
			return true
		}
	}
	return false
}

// compileSplit compiles a pattern. Its top-level alternatives, a|b|c,
// are compiled apart, so that each one is tried only when its own literals
// occur and can run anchored; one that cannot run anchored but is a
// word-bounded alternation, \b(a|b|c)rest, is split into one pattern per
// branch, most of which then can. The parts share the original's group and
// its reading of negations.
func compileSplit(expr string) ([]pattern, error) {
	if _, err := regexp.Compile(withCase(expr)); err != nil {
		return nil, err
	}
	alts := topAlternatives(expr)
	if len(alts) < 2 {
		return compileBranches(expr)
	}
	innerNeg := !negatesItself.MatchString(strings.ReplaceAll(expr, `\b`, " "))
	var out []pattern
	for _, a := range alts {
		ps, err := compileBranches(a)
		if err != nil {
			return nil, err
		}
		for i := range ps {
			ps[i].innerNeg = innerNeg
		}
		out = append(out, ps...)
	}
	return out, nil
}

// topAlternatives splits expr at its top-level |, outside groups and
// classes; an expression that sets its own flags is left whole.
func topAlternatives(expr string) []string {
	if strings.HasPrefix(expr, "(?") {
		return []string{expr}
	}
	bars, _ := barsAt(expr, 0)
	return cutAt(expr, 0, bars, len(expr))
}

// barsAt scans expr from start, inside a group opened just before it (or
// at the top level when start is 0), skipping escapes and character
// classes. It returns the offsets of the | of that group, not of groups
// nested in it, and the offset of the ) that closes it (len(expr) at the
// top level or when it is never closed).
func barsAt(expr string, start int) (bars []int, end int) {
	depth, inClass := 0, false
	for i := start; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 && start > 0 {
				return bars, i
			}
			depth--
		case c == '|' && depth == 0:
			bars = append(bars, i)
		}
	}
	return bars, len(expr)
}

// cutAt returns expr[start:end] cut at the offsets bars.
func cutAt(expr string, start int, bars []int, end int) []string {
	out := make([]string, 0, len(bars)+1)
	for _, b := range bars {
		out = append(out, expr[start:b])
		start = b + 1
	}
	return append(out, expr[start:end])
}

// compileBranches compiles one alternative, split into its branches when
// it is \b(a|b|c)rest and cannot run anchored whole.
func compileBranches(expr string) ([]pattern, error) {
	p, err := compilePattern(expr)
	if err != nil || p.anchored != nil {
		return []pattern{p}, err
	}
	branches, ok := splitBranches(expr)
	if !ok {
		return []pattern{p}, nil
	}
	out := make([]pattern, 0, len(branches))
	for _, b := range branches {
		bp, err := compilePattern(b)
		if err != nil {
			return []pattern{p}, nil
		}
		out = append(out, bp)
	}
	return out, nil
}

// splitBranches rewrites \b(a|b|c)rest as [\b(?:a)rest, \b(?:b)rest, ...].
func splitBranches(expr string) ([]string, bool) {
	const head = `\b(`
	if !strings.HasPrefix(expr, head) {
		return nil, false
	}
	bars, end := barsAt(expr, len(head))
	if len(bars) == 0 || end == len(expr) {
		return nil, false
	}
	parts := cutAt(expr, len(head), bars, end)
	rest := expr[end+1:]
	out := make([]string, len(parts))
	for j, p := range parts {
		out[j] = `\b(?:` + p + `)` + rest
	}
	return out, true
}

// exactParts compiles expr as patterns one of which matches a text
// wherever expr does: its top-level alternatives, and the branches of one
// that cannot run anchored but is \b(a|b|c)rest, each run only where its
// own literals occur. Unlike compileSplit, which the taxonomy's votes were
// tuned on, it changes no match: the final \b is rewritten (unicodeEnd) for
// the whole expression before it is split, and a part does not run
// anchored where its leading \b would read the start of the text instead of
// the character before it (a part that opens with "à").
func exactParts(expr string) ([]pattern, error) {
	expr = unicodeEnd(expr)
	if _, err := regexp.Compile(withCase(expr)); err != nil {
		return nil, err
	}
	var parts []string
	for _, a := range topAlternatives(expr) {
		if p, err := compileExact(a); err == nil && p.anchored == nil {
			if branches, ok := splitBranches(a); ok {
				parts = append(parts, branches...)
				continue
			}
		}
		parts = append(parts, a)
	}
	out := make([]pattern, 0, len(parts))
	for _, part := range parts {
		p, err := compileExact(part)
		if err != nil {
			return nil, err
		}
		if p.anchored != nil && p.leadingWB && !wordStarts(p) {
			p.anchored, p.prefix, p.prefixLits = nil, nil, nil
		}
		out = append(out, p)
	}
	return out, nil
}

// wordStarts reports whether every literal an anchored pattern starts at
// opens with a word character: its leading \b then needs a non-word one
// before it, which is what the anchored run checks.
func wordStarts(p pattern) bool {
	pre := p.lits
	if p.prefix != nil {
		pre = p.prefixLits
	}
	for _, l := range pre {
		if l == "" || !isWordByte(l[0]) {
			return false
		}
	}
	return true
}
