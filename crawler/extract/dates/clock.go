package dates

import (
	"regexp"
	"strings"
	"time"
)

// timeRE is a clock time with an optional zone: "15:39 UTC", "4:19",
// "9h30", "9 h 02", "6pm PST", "11:00pm (PT)", "14:05 UTC+2".
const timeRE = `(\d{1,2})(?:(?:[:h]|\s?h\s)(\d{2})(?::\d{2})?(?:\s*(am\b|pm\b|a\.m\.|p\.m\.))?|\s*(am\b|pm\b|a\.m\.|p\.m\.))` +
	`(?:\s*\(?(` + zoneRE + `)\b\)?)?`

// zoneRE is a zone after a time: an abbreviation, a UTC offset or a city.
// Abbreviations other than UTC and GMT count only in capitals: "cet" and
// "et" are French words.
const zoneRE = `(?:utc|gmt)\s?[+-−]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|utc|gmt|` +
	`(?-i:Z|[PECM][SD]?T|CEST|CET|BST|IST|JST|KST|SGT|HKT|AEST|AEDT|ACST|AWST|NZST|NZDT|BRT|MSK)|` +
	`(?:paris|london|berlin|amsterdam|new york|san francisco|pacific|eastern|central|mountain|tokyo|sydney|india|european|french|uk)(?: time)?|heure de paris|heure française|heure locale`

// clockRE is a time of day, with its zone, anywhere in a sentence.
var clockRE = regexp.MustCompile(`(?i)\b` + timeRE)

// clockNext reports whether the number that ends at i is the hour of a
// time ("17:00", "9h30"), not a day.
func clockNext(s string, i int) bool {
	return i+1 < len(s) && (s[i] == ':' || s[i] == 'h') && isDigit(s[i+1])
}

// clockAt reads the time written right after the date matched at m
// ("2019-10-21 01:38 UTC", "May 18, 05:41 PDT", "08/02/2025 à 9h45")
// into d, and returns the match widened to cover it.
func clockAt(d *Mention, s string, m []int) []int {
	end := m[1]
	after := s[end:min(len(s), end+64)]
	if i := strings.IndexAny(after, "0123456789"); i < 0 || i > 8 {
		return m
	}
	cm := clockAfter.FindStringSubmatchIndex(after)
	if cm == nil {
		return m
	}
	setClock(d, after, cm, 1)
	if !d.hasTime {
		return m
	}
	return []int{m[0], end + cm[1]}
}

// clockAfter is a time right after a date: "22/05/2023 09:15",
// "08/02/2025 à 9h45", "2019-10-21T01:38Z", a table's next cell
// "2024-05-13 | 23:55".
var clockAfter = regexp.MustCompile(`(?i)^(?:T|,?\s*(?:[-–—@|]\s*)?(?:at\s+|à\s+)?)` + timeRE)

// clockBefore is a time right before a date: "at 07:12 UTC on 14
// September", "14:06 CEST, Tuesday 8 June", "à 9h30 le 3 mars".
var clockBefore = regexp.MustCompile(`(?i)\b` + timeRE + `\s*,?\s*(?:on|le|the)?\s*(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+)?(?:the\s+|le\s+)?$`)

// timeBefore reads a time written right before a date into it.
func timeBefore(d *Mention, before string) {
	if len(before) > 48 {
		before = before[len(before)-48:]
	}
	if !hasClock(before) {
		return
	}
	if m := clockBefore.FindStringSubmatchIndex(before); m != nil {
		setClock(d, before, m, 1)
	}
}

// hasClock reports cheaply whether s may hold a time of day: a digit
// followed by ':' or 'h' and a digit, or by "am"/"pm".
func hasClock(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		j := i + 1
		if s[j] == ' ' && j+1 < len(s) {
			j++
		}
		switch c := s[j] | 0x20; {
		case (c == ':' || c == 'h') && j+1 < len(s) && (s[j+1] >= '0' && s[j+1] <= '9' || s[j+1] == ' '):
			return true
		case (c == 'a' || c == 'p') && j+1 < len(s) && s[j+1]|0x20 == 'm':
			return true
		}
	}
	return false
}

// setClock reads the optional time groups that start at group g: hour,
// minutes, am/pm, am/pm (short form), zone.
func setClock(dm *Mention, s string, m []int, g int) {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return
	}
	h, mins := atoi(s, m, g), atoi(s, m, g+1)
	ampm := strings.ReplaceAll(strings.ToLower(group(s, m, g+2)+group(s, m, g+3)), ".", "")
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
