package classify

import (
	"math"
	"regexp/syntax"
	"slices"
	"strings"
)

// commonWords are words so frequent that a literal starting with one
// selects most sentences.
var commonWords = map[string]bool{
	"a": true, "an": true, "the": true, "was": true, "were": true, "is": true, "are": true, "be": true,
	"been": true, "had": true, "has": true, "have": true, "we": true, "they": true, "it": true, "he": true,
	"she": true, "i": true, "our": true, "their": true, "its": true, "no": true, "not": true, "and": true,
	"but": true, "or": true, "of": true, "to": true, "in": true, "on": true, "at": true, "for": true,
	"by": true, "with": true, "from": true, "as": true, "this": true, "that": true, "there": true,
	"un": true, "une": true, "le": true, "la": true, "les": true, "l'": true, "ont": true, "avait": true,
	"il": true, "elle": true, "ne": true, "de": true, "des": true, "du": true, "notre": true,
}

// anyCommon reports whether one of lits is a common word alone, or is
// shorter than three bytes: literals of several words are rare enough.
func anyCommon(lits []string) bool {
	for _, l := range lits {
		if l = strings.TrimSpace(l); len(l) < 3 || commonWords[l] {
			return true
		}
	}
	return false
}

// prefixLiterals returns strings one of which starts every match of re.
func prefixLiterals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpCapture:
		return prefixLiterals(re.Sub[0])
	case syntax.OpAlternate:
		return union(re.Sub, prefixLiterals, 4*maxLits)
	case syntax.OpConcat:
		run := []string{""}
		for _, sub := range re.Sub {
			if set, ok := exactSet(sub); ok {
				next := cross(run, set)
				if next == nil {
					break
				}
				run = next
				continue
			}
			if pre, ok := prefixLiterals(sub); ok {
				if next := cross(run, pre); next != nil {
					run = next
				}
			}
			break
		}
		if slices.Contains(run, "") {
			return nil, false
		}
		return run, true
	}
	if set, ok := exactSet(re); ok && !slices.Contains(set, "") {
		return set, true
	}
	return nil, false
}

// union returns all the strings lits gives for each of subs, or ok=false
// when it gives none for one of them or, with limit > 0, when there are
// more than limit in all.
func union(subs []*syntax.Regexp, lits func(*syntax.Regexp) ([]string, bool), limit int) ([]string, bool) {
	var all []string
	for _, sub := range subs {
		l, ok := lits(sub)
		if !ok {
			return nil, false
		}
		if all = append(all, l...); limit > 0 && len(all) > limit {
			return nil, false
		}
	}
	return all, true
}

// startsWithWordBoundary reports whether re begins with \b.
func startsWithWordBoundary(re *syntax.Regexp) bool {
	for {
		switch re.Op {
		case syntax.OpWordBoundary:
			return true
		case syntax.OpCapture, syntax.OpConcat:
			if len(re.Sub) == 0 {
				return false
			}
			re = re.Sub[0]
		case syntax.OpAlternate:
			for _, sub := range re.Sub {
				if !startsWithWordBoundary(sub) {
					return false
				}
			}
			return true
		default:
			return false
		}
	}
}

// alsoRequired returns what every match holds, as branches one of which
// applies, each a list of literal sets one literal of each of which occurs:
// with the literal that made the pattern a candidate, "bad ... config"
// also needs "config", and a sentence without it is not worth running the
// regexp on. A top-level alternation gives one branch per alternative;
// nil means no filter. Sets of short literals are left out: they occur
// almost everywhere.
func alsoRequired(re *syntax.Regexp) [][][]string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpAlternate {
		if sets := concatRequired(re); sets != nil {
			return [][][]string{sets}
		}
		return nil
	}
	var out [][][]string
	for _, sub := range re.Sub {
		sets := concatRequired(sub)
		if sets == nil {
			return nil // this alternative needs nothing we can check
		}
		out = append(out, sets)
	}
	return out
}

// concatRequired returns the literal sets of a concatenation's parts.
func concatRequired(re *syntax.Regexp) [][]string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat {
		return nil
	}
	var out [][]string
	for _, sub := range re.Sub {
		if lits, ok := requiredLiterals(sub); ok && shortest(lits) >= 3 && len(out) < 4 {
			out = append(out, lits)
		}
	}
	return out
}

// maxLits bounds the size of a literal set: past it, a set filters too
// little to be worth keeping.
const maxLits = 64

// requiredLiterals returns lower-case strings one of which occurs in every
// match of re, or ok=false when there is no such set. Runs of children that
// match a small finite set of strings are multiplied out, so that a factored
// alternation ("c(?:i|d)") still yields whole words ("ci", "cd").
func requiredLiterals(re *syntax.Regexp) ([]string, bool) {
	if set, ok := exactSet(re); ok && !slices.Contains(set, "") {
		return lower(set), true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpAlternate:
		return union(re.Sub, requiredLiterals, 0)
	case syntax.OpConcat:
		var best []string
		consider := func(set []string) {
			if len(set) == 0 || slices.Contains(set, "") {
				return
			}
			if best == nil || shortest(set) > shortest(best) {
				best = set
			}
		}
		run := []string{""}
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if ok {
				if next := cross(run, set); next != nil {
					run = next
					continue
				}
				consider(lower(run))
				run = set // too many combinations: start a new run here
				continue
			}
			if lits, ok := requiredLiterals(sub); ok {
				consider(lower(lits))
			}
			consider(lower(run))
			run = []string{""}
		}
		consider(lower(run))
		return best, best != nil
	}
	return nil, false
}

// exactSet returns every string re can match when that set is small.
func exactSet(re *syntax.Regexp) ([]string, bool) { return literalSet(re, false) }

// literalSet returns every string re can match when that set is small.
// When ordered, they come in the order regexp prefers them (alternatives
// in order, an optional part first taken unless non-greedy, then left
// out), and re may hold no empty-width assertion nor case folding: the
// first that fits is regexp's match (see wordSet). Otherwise the order
// says nothing and an assertion matches the empty string.
func literalSet(re *syntax.Regexp, ordered bool) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if ordered && re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine,
		syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return []string{""}, !ordered
	case syntax.OpCapture:
		return literalSet(re.Sub[0], ordered)
	case syntax.OpQuest:
		set, ok := literalSet(re.Sub[0], ordered)
		if !ok || len(set) >= maxLits {
			return nil, false
		}
		if ordered && re.Flags&syntax.NonGreedy == 0 {
			return append(set, ""), true
		}
		return append([]string{""}, set...), true
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if set = append(set, string(r)); len(set) > 4 {
					return nil, false
				}
			}
		}
		return set, len(set) > 0
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			set, ok := literalSet(sub, ordered)
			if !ok {
				return nil, false
			}
			if all = append(all, set...); len(all) > maxLits {
				return nil, false
			}
		}
		return all, true
	case syntax.OpConcat:
		run := []string{""}
		for _, sub := range re.Sub {
			set, ok := literalSet(sub, ordered)
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

// cross returns every a+b, or nil when there would be more than maxLits.
func cross(as, bs []string) []string {
	if len(as)*len(bs) > maxLits {
		return nil
	}
	out := make([]string, 0, len(as)*len(bs))
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return out
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

func shortest(ss []string) int {
	n := math.MaxInt
	for _, s := range ss {
		n = min(n, len(s))
	}
	return n
}
