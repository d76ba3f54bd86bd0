package dates

import (
	"regexp"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// monthWords finds month names cheaply, so the month regexps only run on
// sentences that have one.
var monthWords = func() *litSet {
	var names []string
	for name := range months {
		names = append(names, name)
	}
	return newLitSet(names)
}()

// litSet answers "does the text contain one of these words" (any case, as
// a whole word: "dec" is not found in "decided").
type litSet struct {
	m     *ahocorasick.Matcher
	words []string
}

func newLitSet(words []string) *litSet { return &litSet{ahocorasick.New(words), words} }

func (l *litSet) has(s string) bool { return len(l.positions(s)) > 0 }

// positions returns where the words start in s, as whole words.
func (l *litSet) positions(s string) []int {
	var out []int
	l.m.ScanFold(s, func(id int32, end int) {
		start := end + 1 - len(l.words[id])
		if (start == 0 || !isLetter(s[start-1])) && (end+1 == len(s) || !isLetter(s[end+1])) {
			if len(out) == 0 || out[len(out)-1] != start {
				out = append(out, start)
			}
		}
	})
	return out
}

// isLetter is prose.IsLetterByte of the byte lower-cased.
func isLetter(b byte) bool { return prose.IsLetterByte(ahocorasick.LowerByte(b)) }

// digitShapes says cheaply whether s may hold an ISO date (4 digits then
// - or /) or a numeric one (a digit, a separator, a digit, a separator).
func digitShapes(s string) (iso, numeric bool) {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			run++
			continue
		}
		if (c == '-' || c == '/' || c == '.') && run > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			if run >= 4 && c != '.' {
				iso = true
			}
			if run <= 2 {
				numeric = true
			}
		}
		run = 0
	}
	return iso, numeric
}

func ifShape(ok bool, re *regexp.Regexp, s string) [][]int {
	if !ok {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// windowed runs dmyRE, whose matches open with the day ("4 March"), only
// around the month names found at monthAt: a date spans at most a few words
// before its month ("the 1st of") and a year and a time after it, and one
// that holds the month has a digit before it in its window. The regexp
// runs only there. Offsets are returned for the whole s.
func windowed(monthAt []int, s string) [][]int {
	var out [][]int
	lastEnd := -1
	for _, at := range monthAt {
		from, to, ok := window(s, at, lastEnd)
		if !ok || from >= at || !hasDigit(s[from:at]) {
			continue
		}
		for _, m := range dmyRE.FindAllStringSubmatchIndex(s[from:to], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += from
				}
			}
			if m[0] <= at && m[1] > at {
				out = append(out, m)
				lastEnd = m[1]
			}
		}
	}
	return out
}

// monthFirst finds the dates that open with their month ("March 4", "Mar.
// 10, 2024") at the month names found at monthAt, within the window
// windowed would give them. A match that holds a month name starts there:
// before a month no letter can stand in one, and none can start a month
// after one. So mdyRE runs anchored at the name, where a search of the
// whole window would have found the same match, and the \b before the name
// is checked here, against the byte before it (a window that starts at the
// name has none: text begins there).
func monthFirst(monthAt []int, s string) [][]int {
	var out [][]int
	lastEnd := -1
	for _, at := range monthAt {
		from, to, ok := window(s, at, lastEnd)
		if !ok || from > at || !hasDigit(s[at:to]) || (from < at && isLetterOrDigit(s[at-1])) {
			continue
		}
		m := mdyRE.FindStringSubmatchIndex(s[at:to])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += at
			}
		}
		out = append(out, m)
		lastEnd = m[1]
	}
	return out
}

// window returns the bytes of s a month-date regexp runs on around the
// month name that starts at at, from no earlier than lastEnd (where the
// last date found ends); ok is false when no digit stands near the name:
// "may", "march" the verbs.
func window(s string, at, lastEnd int) (from, to int, ok bool) {
	if !digitNear(s, at) {
		return 0, 0, false
	}
	from = max(0, at-16)
	for from > 0 && s[from-1] != ' ' && from > at-24 {
		from-- // start the window on a word boundary
	}
	return max(from, lastEnd), min(len(s), at+64), true
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// digitNear reports whether a digit sits within a few bytes either side
// of the month name that starts at at ("4 March", "March 4th", "Mar. 10").
func digitNear(s string, at int) bool {
	lo, hi := max(0, at-6), min(len(s), at+16)
	for i := lo; i < hi; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}
