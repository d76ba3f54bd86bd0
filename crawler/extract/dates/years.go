package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Posts often leave out the year: "On Tuesday, 6 February", "le 11
// février". The year comes from, in order: the nearest date of the text
// that gives one (it tells the same story), the publication day (the
// latest such day not after it), the bare years the text names ("we moved
// to this cluster in 2021") together with the weekday the text gives. A
// weekday must agree with the year chosen: "Tuesday 6 February" is 2024 or
// 2018, never 2023.

// yearRef is what the text tells of the years of its dates.
type yearRef struct {
	pub       time.Time
	hasPub    bool
	latest    time.Time // no date of the text is after it (the page's fetch), when hasLatest
	hasLatest bool
	full      []Mention // the dates of the text that give their year, in reading order
	bareYears []int     // the years the text names on their own
	titleYear int       // the one year the title names (else the address), 0 when none or several
	// monthYears returns the months the text names with a year and no day
	// ("November 2024" over a status page's history, "In March 2023, ..."),
	// in reading order: a year-less day of the same month is of that year.
	// It reads the text on first call, as few posts need it.
	monthYears func() []Mention
}

// resolve gives a year-less mention its year, or reports that nothing in
// the text can tell it.
func (y yearRef) resolve(m Mention) (Mention, bool) {
	near, hasNear := y.nearest(m)
	var byNear Mention
	okNear := false
	if hasNear {
		byNear, okNear = closestYear(m, near.day)
		okNear = okNear && (!y.hasPub || !byNear.day.After(y.pub.AddDate(0, 0, 1))) && y.notLate(byNear)
		if okNear && weekdayFits(byNear) {
			return byNear, true
		}
	}
	if !okNear {
		if r, ok := y.byMonthYear(m); ok {
			return r, true
		}
	}
	if y.hasPub {
		return latestBefore(m, y.pub)
	}
	if m.weekday > 0 && len(y.bareYears) > 0 {
		for _, yr := range y.bareYears {
			if r, ok := m.inYear(yr); ok && weekdayFits(r) && y.notLate(r) {
				return r, true
			}
		}
		// The years a post names on their own are mostly its history (the
		// system was built, the last such failure): the incident comes
		// after them.
		for yr := y.bareYears[0] + 1; yr <= y.bareYears[0]+11; yr++ {
			if r, ok := m.inYear(yr); ok && weekdayFits(r) && y.notLate(r) {
				return r, true
			}
		}
	}
	if !okNear && y.titleYear > 0 {
		if r, ok := m.inYear(y.titleYear); ok && weekdayFits(r) && y.notLate(r) {
			return r, true // a title that names the year names the incident's
		}
	}
	return byNear, okNear
}

// byMonthYear puts m in the year of the month-and-year the text names
// for its month: the last one before it, else the first one after it.
func (y yearRef) byMonthYear(m Mention) (Mention, bool) {
	if y.monthYears == nil {
		return m, false
	}
	var ref Mention
	found := false
	for _, my := range y.monthYears() {
		if my.month != m.month {
			continue
		}
		if !found || my.pos <= m.pos {
			ref, found = my, true
		}
		if my.pos > m.pos {
			break
		}
	}
	if !found {
		return m, false
	}
	r, ok := m.inYear(ref.day.Year())
	if !ok || !weekdayFits(r) || !y.notLate(r) || y.hasPub && r.day.After(y.pub.AddDate(0, 0, 1)) {
		return m, false
	}
	return r, true
}

// lazyMonthYears returns a function that reads the texts' months with a
// year (see monthYears) on its first call and remembers them.
func lazyMonthYears(texts []string, limit int) func() []Mention {
	var out []Mention
	read := false
	return func() []Mention {
		if !read {
			out, read = monthYears(texts, limit), true
		}
		return out
	}
}

// yearAfterMonth is a year right after a month's name: " 2024", ", 2024",
// " of 2024".
var yearAfterMonth = regexp.MustCompile(`^\.?\s*,?\s+(?:of\s+)?((?:19|20)\d{2})\b`)

// monthYears returns the months texts name with a year and no day
// ("November 2024", "en mars 2023"), in reading order.
func monthYears(texts []string, limit int) []Mention {
	var out []Mention
	for i, t := range texts {
		if i > maxDateSentences*2 {
			break
		}
		if !hasDigit(t) {
			continue
		}
		for _, at := range monthWords.positions(t) {
			end := at
			for end < len(t) && (isLetter(t[end]) || t[end] >= 0x80) {
				end++
			}
			name := t[at:end]
			mo, ok := months[strings.ToLower(name)]
			if !ok || name == "may" || dayBefore.MatchString(t[:at]) {
				continue // not a month; the verb; a full date
			}
			g := yearAfterMonth.FindStringSubmatch(t[end:])
			if g == nil {
				continue
			}
			yr, _ := strconv.Atoi(g[1])
			if d, ok := mention(yr, int(mo), 1, true); ok && (limit == 0 || yr <= limit) {
				d.pos, d.month = i, mo
				out = append(out, d)
			}
		}
	}
	return out
}

// notLate reports whether m is no later than the page's fetch, when known.
func (y yearRef) notLate(m Mention) bool { return !y.hasLatest || !m.day.After(y.latest) }

// nearest returns the year-ful date closest to m in reading order: the
// last one before it, else the first one after it.
func (y yearRef) nearest(m Mention) (Mention, bool) {
	for i := len(y.full) - 1; i >= 0; i-- {
		if y.full[i].pos <= m.pos {
			return y.full[i], true
		}
	}
	if len(y.full) > 0 {
		return y.full[0], true
	}
	return Mention{}, false
}

// closestYear puts m in the year that brings it closest to ref: the year
// before, of or after ref's.
func closestYear(m Mention, ref time.Time) (Mention, bool) {
	var best Mention
	found := false
	for _, yr := range []int{ref.Year(), ref.Year() - 1, ref.Year() + 1} {
		r, ok := m.inYear(yr)
		if !ok {
			continue
		}
		if !found || absDays(r.day, ref) < absDays(best.day, ref) {
			best, found = r, true
		}
	}
	if found && absDays(best.day, ref) > 200 {
		return m, false
	}
	return best, found
}

// latestBefore puts m in the latest year that keeps it no later than the
// day after pub and agrees with its weekday (within eleven years). Without
// a weekday, a date that has to move back a year and then lies more than
// 90 days before the post is a plan ("we will migrate on March 3"), not
// the past.
func latestBefore(m Mention, pub time.Time) (Mention, bool) {
	limit := pub.AddDate(0, 0, 1)
	if m.weekday > 0 {
		for yr := pub.Year(); yr >= pub.Year()-11; yr-- {
			if r, ok := m.inYear(yr); ok && !r.day.After(limit) && weekdayFits(r) {
				return r, true
			}
		}
	}
	r, ok := m.inYear(pub.Year())
	if !ok {
		r, ok = m.inYear(pub.Year() - 1)
		return r, ok
	}
	if r.day.After(limit) {
		if r, ok = m.inYear(pub.Year() - 1); !ok || pub.Sub(r.day) > 90*24*time.Hour {
			return m, false
		}
	}
	return r, true
}

// weekdayFits reports whether a mention's day falls on the weekday written
// with it, if any.
func weekdayFits(m Mention) bool {
	return m.weekday == 0 || int(m.day.Weekday())+1 == m.weekday
}

func absDays(a, b time.Time) float64 {
	d := a.Sub(b).Hours() / 24
	if d < 0 {
		return -d
	}
	return d
}

// bareYears returns the plausible years texts name on their own ("in
// 2021", "since 2019"), not after limit (when it is not zero), latest
// first.
func bareYears(texts []string, limit int) []int {
	seen := map[int]bool{}
	var out []int
	for i, t := range texts {
		if i > maxDateSentences*2 {
			break
		}
		for _, y := range yearsIn(t) {
			if !seen[y] && (limit == 0 || y <= limit) {
				seen[y] = true
				out = append(out, y)
			}
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

// yearsIn returns the runs of exactly four digits in s that read as a year
// from 1980 to 2099.
func yearsIn(s string) []int {
	var out []int
	for i := 0; i+4 <= len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i == 4 && (i == 0 || !isLetterOrDigit(s[i-1])) && (j == len(s) || !isLetterOrDigit(s[j])) {
			if y, _ := strconv.Atoi(s[i:j]); y >= 1980 && y <= 2099 {
				out = append(out, y)
			}
		}
		i = j
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
func isLetterOrDigit(b byte) bool {
	return isDigit(b) || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}
