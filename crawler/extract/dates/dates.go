// Package dates finds the dates a post-mortem mentions and picks its incident's day, start, end and duration.
package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// months maps English and French month names and abbreviations to months.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "mars": 3, "avril": 4,
	"avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
	"octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
}

const monthRE = `(january|february|march|april|may|june|july|august|september|october|november|december|` +
	`janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|` +
	`janv|févr|fevr|fév|fev|avr|juil|sept|déc|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?:\.|\b)`

// mdyRE is a date that opens with its month ("March 4, 2024"), anchored:
// monthFirst runs it at a month name and checks the \b before it.
var mdyRE = regexp.MustCompile(`(?i)^` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d{2})\b)?`)

var (
	isoDateRE   = regexp.MustCompile(`\b((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})`)
	dmyRE       = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?` + monthRE + `(?:,?\s+((?:19|20)\d{2})\b)?`)
	numericRE   = regexp.MustCompile(`\b(\d{1,2})([/.-])(\d{1,2})[/.-]((?:19|20)?\d{2})\b`)
	oddYear     = regexp.MustCompile(`^,?\s+\d{3,4}\b`)
	versionRE   = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{2}$`)
	bylineRE    = regexp.MustCompile(`\b([Pp]osted|[Pp]ublished|[Uu]pdated|[Ww]ritten|[Pp]ubliée?|[Mm]is à jour|[Ll]ast edited)(?:\W|$)|\bby\s+\p{Lu}|\bpar\s+\p{Lu}|·`)
	urlDateRE   = regexp.MustCompile(`/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?:[/._%-]|$)`)
	leadingDate = regexp.MustCompile(`^\s*((?:19|20)\d{2}-\d{2}-\d{2})`)
)

// Mention is one date found in the text.
type Mention struct {
	day     time.Time // midnight UTC of the day
	hasYear bool
	hasTime bool
	clock   time.Duration // time of day, when hasTime
	zone    string        // lower-case zone as written, "" when none
	pos     int           // index of the sentence it was found in
	start   int           // byte offset in that sentence
	end     int           // byte offset of the end of the date in that sentence
	weekday int           // time.Weekday+1 of a weekday named with the date ("Tuesday, 6 February"), 0 when none
	ranged  bool          // the first day of a range ("11-12 March", "du 11 au 12 octobre")
	month   time.Month    // the month and day as written, for a date whose year is not known yet
	dom     int
	usOrder bool // a slashed date read month first that could be day first ("08/02/2025")
	order   int8 // a numeric date that shows the post's order: 1 day first (13/02, 29-09), -1 month first (02/13)
	// rangeEnd marks the second date of a range ("from X to Y"): when it
	// ended, not when it began.
	rangeEnd bool
}

// Day is the mentioned day, YYYY-MM-DD.
func (m Mention) Day() string { return m.day.Format("2006-01-02") }

// HasYear reports whether the text gave the year (else it was assumed).
func (m Mention) HasYear() bool { return m.hasYear }

// HasTime reports whether the text gave a time of day.
func (m Mention) HasTime() bool { return m.hasTime }

// Find returns the dates mentioned in one sentence. A date without a
// year takes refYear; 0 drops it.
func Find(s string, pos, refYear int) []Mention {
	var out []Mention
	for _, m := range find(s, pos) {
		if !m.hasYear {
			if refYear == 0 {
				continue
			}
			var ok bool
			if m, ok = m.inYear(refYear); !ok {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// inYear gives a year-less mention the year y.
func (m Mention) inYear(y int) (Mention, bool) {
	d, ok := mention(y, int(m.month), m.dom, false)
	if !ok {
		return m, false
	}
	m.day = d.day
	return m, true
}

// find returns the dates mentioned in one sentence, those without a year
// included (their day is left to the caller: see inYear).
func find(s string, pos int) []Mention {
	if !strings.ContainsAny(s, "0123456789") {
		return nil
	}
	monthAt := monthWords.positions(s)
	var out []Mention
	taken := make([]bool, len(s)+1)
	add := func(m []int, d Mention) {
		for i := m[0]; i < m[1]; i++ {
			if taken[i] {
				return
			}
		}
		for i := m[0]; i < m[1]; i++ {
			taken[i] = true
		}
		d.pos, d.start, d.end = pos, m[0], m[1]
		d.weekday = weekdayBefore(s[:m[0]])
		if !d.hasTime {
			timeBefore(&d, s[:m[0]])
		}
		out = append(out, d)
	}
	iso, numeric := digitShapes(s)
	for _, m := range ifShape(iso, isoDateRE, s) {
		y, mo, d := atoi(s, m, 1), atoi(s, m, 2), atoi(s, m, 3)
		if dm, ok := mention(y, mo, d, true); ok {
			add(clockAt(&dm, s, m), dm)
		}
	}
	for _, m := range monthFirst(monthAt, s) {
		name := s[m[2]:m[3]]
		if m[6] < 0 && oddYear.MatchString(s[m[1]:]) {
			continue // "01 Jan 0001": a year we do not believe, not a missing one
		}
		if strings.EqualFold(name, "may") && name != "May" {
			continue // the verb, not the month
		}
		if clockNext(s, m[5]) {
			continue // "28 Mar 17:00": the month of the day before it, then a time
		}
		year := atoi(s, m, 3)
		if year == 0 {
			year = rangeYear(s[m[1]:]) // "March 11-12, 2024"
		}
		if dm, ok := monthMention(name, atoi(s, m, 2), year); ok {
			add(clockAt(&dm, s, m), dm)
		}
	}
	for _, m := range windowed(monthAt, s) {
		name := s[m[4]:m[5]]
		if m[6] < 0 && oddYear.MatchString(s[m[1]:]) {
			continue
		}
		if strings.EqualFold(name, "may") && name != "May" {
			continue
		}
		if dm, ok := monthMention(name, atoi(s, m, 1), atoi(s, m, 3)); ok {
			m = clockAt(&dm, s, m)
			if first, ok := rangeStart(s[:m[0]]); ok { // "11-12 March": the 11th too
				if fm, ok := monthMention(name, first, atoi(s, m, 3)); ok {
					fm.ranged = true
					add([]int{m[0] - 1, m[0] - 1}, fm)
				}
			}
			add(m, dm)
		}
	}
	for _, m := range ifShape(numeric, numericRE, s) {
		if versionRE.MatchString(s[m[0]:m[1]]) || (m[1] < len(s) && s[m[1]] == '.' && m[1]+1 < len(s) && s[m[1]+1] >= '0' && s[m[1]+1] <= '9') {
			continue // 1.2.23 is a version, not a date
		}
		if dm, ok := numericMention(s, m); ok {
			add(clockAt(&dm, s, m), dm)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

var (
	// rangeHead is the first day of a range right before a date: "11-",
	// "11 to ", "du 11 au ", "between 11 and ", "12. - " and "12. bis "
	// (German), "12 tot " (Dutch).
	rangeHead = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s*(?:-|–|—|/|to|au|and|et|&|bis|tot)\s*(?:the\s+|le\s+)?$`)
	// rangeTail ends a range after a month and day, with its year: "-12, 2024".
	rangeTail = regexp.MustCompile(`^\s*(?:-|–|—|to|through|and|&)\s*\d{1,2}(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b`)
)

// rangeStart reads the first day of a range ending in the date that
// follows before ("11-12 March").
func rangeStart(before string) (int, bool) {
	if len(before) > 20 {
		before = before[len(before)-20:]
	}
	if !strings.ContainsAny(before, "0123456789") {
		return 0, false
	}
	m := rangeHead.FindStringSubmatch(before)
	if m == nil {
		return 0, false
	}
	d, _ := strconv.Atoi(m[1])
	return d, d >= 1 && d <= 31
}

// rangeYear reads the year that ends a range after a date: "-12, 2024".
func rangeYear(after string) int {
	if m := rangeTail.FindStringSubmatch(after); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// numericMention reads 24-10-2024 or 10/24/2024. A dash or a dot means day
// first (European), a slash month first (US), unless a part over 12 says
// otherwise; such a part, with any separator, tells the order the post
// writes its slashed dates in (see dayFirst).
func numericMention(s string, m []int) (Mention, bool) {
	a, b, y := atoi(s, m, 1), atoi(s, m, 3), atoi(s, m, 4)
	if y < 100 {
		y += 2000
	}
	d, mo := a, b
	slash := s[m[4]:m[5]] == "/"
	if slash {
		d, mo = b, a
	}
	if mo > 12 {
		d, mo = mo, d
	}
	dm, ok := mention(y, mo, d, true)
	dm.usOrder = slash && a <= 12 && b <= 12 && a != b
	switch {
	case a > 12:
		dm.order = 1 // 29-09-2021 or 13/02/2025: the post writes days first
	case b > 12:
		dm.order = -1
	}
	return dm, ok
}

// dayFirst puts a slashed date read month first ("08/02/2025" as 2
// August) day first instead (8 February).
func (m Mention) dayFirst() Mention {
	if !m.usOrder {
		return m
	}
	if d, ok := mention(m.day.Year(), m.day.Day(), int(m.day.Month()), true); ok {
		d.hasTime, d.clock, d.zone, d.pos, d.start, d.end, d.weekday = m.hasTime, m.clock, m.zone, m.pos, m.start, m.end, m.weekday
		return d
	}
	return m
}

// monthMention makes a mention of a day given by its month's name; year 0
// leaves the year to be found (see inYear).
func monthMention(name string, day, year int) (Mention, bool) {
	mo, ok := months[strings.ToLower(strings.TrimSuffix(name, "."))]
	if !ok {
		return Mention{}, false
	}
	if year == 0 {
		d, ok := mention(2000, int(mo), day, false) // a leap year: 29 February exists
		d.month, d.dom = mo, day
		return d, ok
	}
	m, ok := mention(year, int(mo), day, true)
	m.month, m.dom = mo, day
	return m, ok
}

func mention(y, mo, d int, hasYear bool) (Mention, bool) {
	if y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return Mention{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Mention{}, false // 31 February
	}
	return Mention{day: t, hasYear: hasYear}, true
}

func group(s string, m []int, g int) string {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return ""
	}
	return s[m[2*g]:m[2*g+1]]
}

func atoi(s string, m []int, g int) int {
	n, _ := strconv.Atoi(group(s, m, g))
	return n
}

// Day normalises a date or timestamp string to YYYY-MM-DD, or "".
func Day(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if m := leadingDate.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	if ds := Find(s, 0, 0); len(ds) > 0 && ds[0].hasYear {
		return ds[0].day.Format("2006-01-02")
	}
	return ""
}

// FromURL reads a date from a URL path: /2021/10/04/ (a blog's
// publication day) or a dated file name, reports/2024-02-28-db-stall.md.
// fileName says which: a dated file name usually names the incident.
func FromURL(path string) (day string, fileName bool) {
	if m := urlDateRE.FindStringSubmatch(path); m != nil {
		if dm, ok := mention(atoi2(m[1]), atoi2(m[2]), atoi2(m[3]), true); ok {
			return dm.day.Format("2006-01-02"), strings.Contains(m[0], "-")
		}
	}
	return "", false
}

// urlMonthRE is a year and a month in a path, with no day after them:
// /2021/08/slug.
var urlMonthRE = regexp.MustCompile(`/((?:19|20)\d{2})/(\d{2})/(?:[^0-9/][^/]*)?$`)

// MonthFromURL returns the month, YYYY-MM, of a path dated to the month
// only (/2021/08/postmortem): the month the post went up. "" when none.
func MonthFromURL(path string) string {
	m := urlMonthRE.FindStringSubmatch(path)
	if m == nil {
		return ""
	}
	if mo := atoi2(m[2]); mo < 1 || mo > 12 {
		return ""
	}
	return m[1] + "-" + m[2]
}

// urlYearRE is a year standing alone in a path: /2022/, /2022-slug.
var urlYearRE = regexp.MustCompile(`/((?:19|20)\d{2})(?:[/_-]|$)`)

// YearFromURL returns the one year a path names, 0 when it names none or
// several.
func YearFromURL(path string) int {
	ms := urlYearRE.FindAllStringSubmatch(path, 3)
	if len(ms) != 1 {
		return 0
	}
	return atoi2(ms[0][1])
}

func atoi2(s string) int { n, _ := strconv.Atoi(s); return n }
