// Package dates finds the dates a post-mortem mentions and picks its incident's day, start, end and duration.
package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// months maps English and French month names and abbreviations to months.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
	"avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
	"octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
}

const monthRE = `(january|february|march|april|may|june|july|august|september|october|november|december|` +
	`janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|` +
	`janv|févr|fevr|avr|juil|sept|déc|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?:\.|\b)`

// timeRE is a clock time with an optional zone: "15:39 UTC", "4:19", "9h30",
// "6pm PST".
const timeRE = `(\d{1,2})(?:[:h](\d{2})(?::\d{2})?\s*(am|pm)?|\s*(am|pm))\s*(utc|gmt|z|[pmce][sd]t|cest|cet|bst|ist|jst|aest|\(utc\))?\b`

var (
	isoDateRE   = regexp.MustCompile(`(?i)\b((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+(?:at\s+|à\s+)?)` + timeRE + `)?`)
	mdyRE       = regexp.MustCompile(`(?i)\b` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d{2})\b)?(?:,?\s*(?:[-–—@]\s*)?(?:at\s+)?` + timeRE + `)?`)
	dmyRE       = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?` + monthRE + `(?:,?\s+((?:19|20)\d{2})\b)?(?:,?\s*(?:[-–—@]\s*)?(?:at\s+|à\s+)?` + timeRE + `)?`)
	numericRE   = regexp.MustCompile(`\b(\d{1,2})([/.-])(\d{1,2})[/.-]((?:19|20)?\d{2})\b`)
	oddYear     = regexp.MustCompile(`^,?\s+\d{3,4}\b`)
	versionRE   = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{2}$`)
	clockRE     = regexp.MustCompile(`(?i)\b` + timeRE)
	allTimesRE  = regexp.MustCompile(`(?i)all times?( are)?( in| given in| shown in)?\s+(utc|gmt|[pmce][sd]t|cest|cet|bst)`)
	bylineRE    = regexp.MustCompile(`\b([Pp]osted|[Pp]ublished|[Uu]pdated|[Ww]ritten|[Pp]ublié|[Mm]is à jour|[Ll]ast edited)\b|\bby\s+\p{Lu}|\bpar\s+\p{Lu}|·`)
	urlDateRE   = regexp.MustCompile(`/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?:[/._%-]|$)`)
	leadingDate = regexp.MustCompile(`^\s*((?:19|20)\d{2}-\d{2}-\d{2})`)
)

// zoneOffsets are the zone abbreviations post-mortems use, in seconds east of UTC.
var zoneOffsets = map[string]int{
	"utc": 0, "gmt": 0, "z": 0, "(utc)": 0, "pst": -8 * 3600, "pdt": -7 * 3600, "est": -5 * 3600,
	"edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600, "mst": -7 * 3600, "mdt": -6 * 3600,
	"cet": 3600, "cest": 2 * 3600, "bst": 3600, "ist": 19800, "jst": 9 * 3600, "aest": 10 * 3600,
}

// Mention is one date found in the text.
type Mention struct {
	day     time.Time // midnight UTC of the day
	hasYear bool
	hasTime bool
	clock   time.Duration // time of day, when hasTime
	zone    string        // lower-case zone abbreviation, "" when none
	pos     int           // index of the sentence it was found in
	start   int           // byte offset in that sentence
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
		d.pos, d.start = pos, m[0]
		out = append(out, d)
	}
	iso, numeric := digitShapes(s)
	for _, m := range ifShape(iso, isoDateRE, s) {
		y, mo, d := atoi(s, m, 1), atoi(s, m, 2), atoi(s, m, 3)
		if dm, ok := mention(y, mo, d, true); ok {
			setClock(&dm, s, m, 4)
			add(m, dm)
		}
	}
	for _, m := range windowed(monthAt, mdyRE, s) {
		name := s[m[2]:m[3]]
		if m[6] < 0 && oddYear.MatchString(s[m[1]:]) {
			continue // "01 Jan 0001": a year we do not believe, not a missing one
		}
		if strings.EqualFold(name, "may") && name != "May" {
			continue // the verb, not the month
		}
		if dm, ok := monthMention(name, atoi(s, m, 2), yearOr(s, m, 3, refYear), m[6] >= 0); ok {
			setClock(&dm, s, m, 4)
			add(m, dm)
		}
	}
	for _, m := range windowed(monthAt, dmyRE, s) {
		name := s[m[4]:m[5]]
		if m[6] < 0 && oddYear.MatchString(s[m[1]:]) {
			continue
		}
		if strings.EqualFold(name, "may") && name != "May" {
			continue
		}
		if dm, ok := monthMention(name, atoi(s, m, 1), yearOr(s, m, 3, refYear), m[6] >= 0); ok {
			setClock(&dm, s, m, 4)
			add(m, dm)
		}
	}
	for _, m := range ifShape(numeric, numericRE, s) {
		if versionRE.MatchString(s[m[0]:m[1]]) || (m[1] < len(s) && s[m[1]] == '.' && m[1]+1 < len(s) && s[m[1]+1] >= '0' && s[m[1]+1] <= '9') {
			continue // 1.2.23 is a version, not a date
		}
		if dm, ok := numericMention(s, m); ok {
			add(m, dm)
		}
	}
	return out
}

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
	low := prose.ASCIILower(s)
	var out []int
	l.m.Scan(low, func(id int32, end int) {
		start := end + 1 - len(l.words[id])
		if (start == 0 || !prose.IsLetterByte(low[start-1])) && (end+1 == len(low) || !prose.IsLetterByte(low[end+1])) {
			if len(out) == 0 || out[len(out)-1] != start {
				out = append(out, start)
			}
		}
	})
	return out
}

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
func windowed(monthAt []int, re *regexp.Regexp, s string) [][]int {
	var out [][]int
	lastEnd := -1
	for _, at := range monthAt {
		from := max(0, at-16)
		for from > 0 && s[from-1] != ' ' && from > at-24 {
			from-- // start the window on a word boundary
		}
		to := min(len(s), at+64)
		if from < lastEnd {
			from = lastEnd
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

// numericMention reads 24-10-2024 or 10/24/2024. A dash or a dot means day
// first (European), a slash month first (US), unless a part over 12 says
// otherwise.
func numericMention(s string, m []int) (Mention, bool) {
	a, b, y := atoi(s, m, 1), atoi(s, m, 3), atoi(s, m, 4)
	if y < 100 {
		y += 2000
	}
	d, mo := a, b
	if s[m[4]:m[5]] == "/" {
		d, mo = b, a
	}
	if mo > 12 {
		d, mo = mo, d
	}
	return mention(y, mo, d, true)
}

func monthMention(name string, day, year int, hasYear bool) (Mention, bool) {
	mo, ok := months[strings.ToLower(strings.TrimSuffix(name, "."))]
	if !ok || year == 0 {
		return Mention{}, false
	}
	return mention(year, int(mo), day, hasYear)
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

// setClock reads the optional time groups that start at group g: hour,
// minutes, am/pm, am/pm (short form), zone.
func setClock(dm *Mention, s string, m []int, g int) {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return
	}
	h, mins := atoi(s, m, g), atoi(s, m, g+1)
	ampm := strings.ToLower(group(s, m, g+2) + group(s, m, g+3))
	if m[2*(g+1)] < 0 && ampm == "" {
		return // a bare number after a date is not a time
	}
	if ampm == "pm" && h < 12 {
		h += 12
	} else if ampm == "am" && h == 12 {
		h = 0
	}
	if h > 23 || mins > 59 {
		return
	}
	dm.hasTime = true
	dm.clock = time.Duration(h)*time.Hour + time.Duration(mins)*time.Minute
	dm.zone = strings.ToLower(group(s, m, g+4))
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

func yearOr(s string, m []int, g, ref int) int {
	if y := atoi(s, m, g); y != 0 {
		return y
	}
	return ref
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

func atoi2(s string) int { n, _ := strconv.Atoi(s); return n }
