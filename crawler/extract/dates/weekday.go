package dates

import (
	"regexp"
	"strings"
	"time"
)

// weekdayEnd is a weekday right before a date: "Tuesday, 6 February",
// "mardi 12 mars", "on Wed Nov 1".
var weekdayEnd = regexp.MustCompile(`(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+(?:the\s+|le\s+)?$`)

// weekdayWords finds weekday names cheaply, before weekdayEnd runs.
var weekdayWords = func() *litSet {
	var names []string
	for name := range weekdayNames {
		names = append(names, name)
	}
	return newLitSet(names)
}()

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"dimanche": time.Sunday, "lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday,
	"jeudi": time.Thursday, "vendredi": time.Friday, "samedi": time.Saturday,
}

// weekdayBefore returns the weekday (plus one) named right before a date,
// 0 when none is.
func weekdayBefore(before string) int {
	if len(before) > 24 {
		before = before[len(before)-24:]
	}
	if !weekdayWords.has(before) {
		return 0
	}
	m := weekdayEnd.FindStringSubmatch(before)
	if m == nil {
		return 0
	}
	return int(weekdayNames[strings.ToLower(m[1])]) + 1
}
