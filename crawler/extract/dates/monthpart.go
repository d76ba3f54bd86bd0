package dates

import (
	"strconv"
	"strings"
	"time"
)

// leadPart places a part of a month told without its year ("Au début
// du mois de juillet, deux failles nous ont été signalées") in the
// publication's year, or the year before when that would be after it.
func leadPart(t string, pub time.Time) (time.Time, bool) {
	if !monthWords.has(t) {
		return time.Time{}, false
	}
	m := monthOnlyRE.FindStringSubmatch(t)
	if m == nil || m[3] != "" {
		return time.Time{}, false
	}
	d, ok := monthDay(m[1], m[2], strconv.Itoa(pub.Year()))
	if ok && d.After(pub) {
		d = d.AddDate(-1, 0, 0)
	}
	return d, ok
}

// monthDay turns "early", "February", "2024" into a day of that month.
func monthDay(when, name, year string) (time.Time, bool) {
	mo, ok := months[strings.ToLower(strings.TrimSuffix(name, "."))]
	y, err := strconv.Atoi(year)
	if !ok || err != nil || y < 1970 {
		return time.Time{}, false
	}
	day := 1
	w := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(when), "the "), "la ")
	switch {
	case w == "mid" || w == "middle of" || w == "mi":
		day = 15
	case w == "late" || w == "end of" || strings.HasPrefix(w, "fin") || strings.HasPrefix(w, "last ") || strings.HasPrefix(w, "dernière"):
		day = 25
	case strings.HasPrefix(w, "second") || strings.HasPrefix(w, "deuxième"):
		day = 8
	case strings.HasPrefix(w, "third") || strings.HasPrefix(w, "troisième"):
		day = 15
	}
	return time.Date(y, mo, day, 0, 0, 0, 0, time.UTC), true
}
