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

// windowed runs a month-date regexp only around the month names found at
// monthAt: a date spans at most a few words before its month ("the 1st of")
// and a year and a time after it. Offsets are returned for the whole s.
//
// dayFirst says re's matches open with the day ("4 March"): one that holds
// the month has a digit before it in the window. Otherwise the month opens
// the match and the day follows it ("March 4"). The regexp runs only where
// that digit is.
func windowed(monthAt []int, re *regexp.Regexp, dayFirst bool, s string) [][]int {
	var out [][]int
	lastEnd := -1
	for _, at := range monthAt {
		if !digitNear(s, at) {
			continue // "may", "march" the verbs: a date has a number next to its month
		}
		from := max(0, at-16)
		for from > 0 && s[from-1] != ' ' && from > at-24 {
			from-- // start the window on a word boundary
		}
		to := min(len(s), at+64)
		if from < lastEnd {
			from = lastEnd
		}
		if dayFirst && (from >= at || !hasDigit(s[from:at])) || !dayFirst && !hasDigit(s[at:to]) {
			continue
		}
		for _, m := range re.FindAllStringSubmatchIndex(s[from:to], -1) {
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
