package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// A time in a post-mortem is read in the zone the post gives: after the
// time ("14:05 CEST", "11:00pm (PT)", "9 h 02 (heure de Paris)"), or once
// for all its times ("All times are UTC", "Timeline (PDT)"). A time in a
// zone that follows daylight saving ("Pacific time", "Paris time") takes
// the offset in force that day. The incident's day stays the day the post
// gives, in its own zone: that is the day its readers lived.

// fixedZones are abbreviations with one offset, in seconds east of UTC.
var fixedZones = map[string]int{
	"utc": 0, "gmt": 0, "z": 0,
	"pst": -8 * 3600, "pdt": -7 * 3600, "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "cet": 3600, "cest": 2 * 3600, "bst": 3600, "ist": 19800, "jst": 9 * 3600,
	"kst": 9 * 3600, "sgt": 8 * 3600, "hkt": 8 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600, "acst": 34200,
	"awst": 8 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600, "brt": -3 * 3600, "msk": 3 * 3600,
	"tokyo": 9 * 3600, "india": 19800,
}

// seasonal zones: their standard offset and whose daylight-saving rules
// they follow.
type seasonal struct {
	std  int
	rule string // "us", "eu" or "au"
}

var seasonalZones = map[string]seasonal{
	"pt": {-8 * 3600, "us"}, "pacific": {-8 * 3600, "us"}, "san francisco": {-8 * 3600, "us"},
	"et": {-5 * 3600, "us"}, "eastern": {-5 * 3600, "us"}, "new york": {-5 * 3600, "us"},
	"ct": {-6 * 3600, "us"}, "central": {-6 * 3600, "us"}, "mt": {-7 * 3600, "us"}, "mountain": {-7 * 3600, "us"},
	"paris": {3600, "eu"}, "berlin": {3600, "eu"}, "amsterdam": {3600, "eu"}, "european": {3600, "eu"},
	"french": {3600, "eu"}, "heure de paris": {3600, "eu"}, "heure française": {3600, "eu"},
	"london": {0, "eu"}, "uk": {0, "eu"}, "sydney": {10 * 3600, "au"},
}

// offsetRE is a zone written as an offset: "UTC+2", "GMT-07:00", "+0200".
var offsetRE = regexp.MustCompile(`^(?:utc|gmt)?\s?([+-−])\s?(\d{1,2})(?::?(\d{2}))?$`)

// normZone spells a zone as the tables do: lower case, no "time", no
// brackets.
func normZone(zone string) string {
	z := strings.ToLower(strings.Trim(strings.TrimSpace(zone), "()"))
	z = strings.TrimSuffix(z, " time")
	return strings.TrimSpace(z)
}

// knownZone reports whether zone names an offset we can compute.
func knownZone(zone string) bool {
	_, ok := zoneOffset(zone, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	return ok
}

// zoneOffset returns the offset of zone east of UTC, in seconds, on day.
func zoneOffset(zone string, day time.Time) (int, bool) {
	z := normZone(zone)
	if off, ok := fixedZones[z]; ok {
		return off, true
	}
	if s, ok := seasonalZones[z]; ok {
		if summerTime(s.rule, day) {
			return s.std + 3600, true
		}
		return s.std, true
	}
	if m := offsetRE.FindStringSubmatch(z); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins, _ := strconv.Atoi(m[3])
		off := h*3600 + mins*60
		if m[1] != "+" {
			off = -off
		}
		return off, h <= 14
	}
	return 0, false
}

// summerTime reports whether daylight saving time is in force on day under
// rule: the United States (second Sunday of March to the first Sunday of
// November), the European Union (last Sunday of March to the last Sunday
// of October) or south-eastern Australia (first Sunday of October to the
// first Sunday of April). The changeover days themselves count as the
// season they start.
func summerTime(rule string, day time.Time) bool {
	y := day.Year()
	switch rule {
	case "us":
		return !day.Before(nthSunday(y, time.March, 2)) && day.Before(nthSunday(y, time.November, 1))
	case "eu":
		return !day.Before(lastSunday(y, time.March)) && day.Before(lastSunday(y, time.October))
	case "au":
		return day.Before(nthSunday(y, time.April, 1)) || !day.Before(nthSunday(y, time.October, 1))
	}
	return false
}

func nthSunday(y int, m time.Month, n int) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// zoneDecl says the zone of a post's times once for all: "all times are
// UTC", "Timeline (PDT)", "toutes les heures sont en heure de Paris".
var zoneDecl = regexp.MustCompile(`(?i)(?:all\s+times?|times?\s+(?:are|is|given|shown)|timestamps?\s+(?:are|in)|heures?\s+(?:sont\s+)?(?:en|indiquées en|exprimées en)|horaires?\s+(?:en|exprimés en))\s*(?:are\s+|is\s+)?(?:in\s+|en\s+)?(?:the\s+)?\(?(` + zoneRE + `)\b|^\W*(?:time ?line|timeline of events|chronologie|déroulé|timeline and|events)[^(]{0,20}\((?:all times? (?:in |are )?|times? in |heures? )?(` + zoneRE + `)\b`)

// zoneDeclWords are the words one of which a sentence that declares its
// times' zone holds; zoneHeadWords those of a heading that does it in
// parentheses ("Timeline (all times UTC)"), whose match needs a "(".
var (
	zoneDeclWords = ahocorasick.New([]string{"all time", "times are", "time is", "times is", "times given", "time given",
		"times shown", "timestamps", "heure", "horaire"})
	zoneHeadWords = ahocorasick.New([]string{"timeline", "time line", "chronologie", "déroulé", "events"})
)

// declaredZone returns the zone a sentence declares for every time of the
// post, "" when it declares none.
func declaredZone(s string) string {
	if !zoneDeclWords.ContainsFold(s) && !(strings.IndexByte(s, '(') >= 0 && zoneHeadWords.ContainsFold(s)) {
		return ""
	}
	m := zoneDecl.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	z := normZone(m[1] + m[2])
	if !knownZone(z) {
		return ""
	}
	return z
}

// stamp renders a day plus clock in a zone as RFC 3339, or "" when the zone
// is unknown: a time without its zone would be a guess.
func stamp(day time.Time, clock time.Duration, zone string) string {
	off, ok := zoneOffset(zone, day)
	if !ok {
		return ""
	}
	loc := time.FixedZone("", off)
	t := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).Add(clock)
	return t.Format(time.RFC3339)
}
