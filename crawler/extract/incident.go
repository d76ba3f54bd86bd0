package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"
)

// incidentTimes is what the text says about when the incident happened.
type incidentTimes struct {
	date, start, end string
	minutes          int
}

var (
	incidentCue = regexp.MustCompile(`(?i)\b(on|began|begin|started|starting|start|from|between|since|at|around|outage|incident|down|failed|detected|received|noticed|alert|le|depuis|entre|vers|panne|incident)\b`)
	durationRE  = regexp.MustCompile(`(?i)\b(?:lasted|lasting|for|of|took|down for|total of|pendant|durant|d'une durée de)\s+(?:about|approximately|around|roughly|over|nearly|almost|just under|just over|more than|less than|environ|plus de|~)?\s*~?(\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*(hours?|hrs?|h|minutes?|mins?|days?|heures?|jours?)\b(?:\s+and\s+(\d+)\s*(?:minutes?|mins?))?`)
	rangeRE     = regexp.MustCompile(`(?i)\b(?:from|between|de|entre)\s+(\d{1,2})[:h](\d{2})\s*(?:utc|gmt)?\s*(?:to|and|until|-|–|à|et)\s+(\d{1,2})[:h](\d{2})\s*(utc|gmt|z|[pmce][sd]t|cest|cet|bst)?\b`)
)

var numberWords = map[string]float64{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}

// findIncidentTimes picks the day the incident began. Candidates are full
// dates in reading order (title first); a date after the publication day,
// or more than two years before it, cannot be the incident. A date in a
// byline is the publication day. Among the first candidates the earliest
// within a week wins, since posts often open with the day of detection and
// then tell what started the day before.
func findIncidentTimes(title string, sents []sentence, published string) incidentTimes {
	pub, hasPub := parseDay(published)
	refYear := 0
	if hasPub {
		refYear = pub.Year()
	}
	defaultZone := ""
	var cands []dateMention
	texts := make([]string, 0, len(sents)+1)
	texts = append(texts, title)
	for _, s := range sents {
		texts = append(texts, s.text)
	}
	for i, t := range texts {
		if m := allTimesRE.FindStringSubmatch(t); m != nil && defaultZone == "" {
			defaultZone = strings.ToLower(m[3])
		}
		if refYear == 0 {
			for _, d := range findDates(t, i, 0) {
				refYear = d.day.Year()
				break
			}
		}
		for _, d := range findDates(t, i, refYear) {
			if !d.hasYear && hasPub && d.day.After(pub) {
				d.day = d.day.AddDate(-1, 0, 0)
			}
			if hasPub && (d.day.After(pub.AddDate(0, 0, 1)) || d.day.Before(pub.AddDate(-2, 0, 0))) {
				continue
			}
			if isByline(t) && i > 0 && len(t) < 120 {
				continue
			}
			cands = append(cands, d)
		}
	}
	var it incidentTimes
	if len(cands) == 0 {
		return it
	}
	best := pickIncident(cands, texts)
	it.date = best.day.Format("2006-01-02")
	if best.zone == "" {
		best.zone = defaultZone
	}
	s := texts[best.pos]
	if best.hasTime {
		it.start = stamp(best.day, best.clock, best.zone)
	}
	if m := rangeRE.FindStringSubmatch(s[best.start:]); m != nil {
		zone := firstNonEmpty(strings.ToLower(m[5]), best.zone)
		from := clockOf(m[1], m[2])
		to := clockOf(m[3], m[4])
		it.start = stamp(best.day, from, zone)
		endDay := best.day
		if to < from {
			endDay = endDay.AddDate(0, 0, 1)
		}
		it.end = stamp(endDay, to, zone)
	} else if best.hasTime {
		for _, d := range cands {
			if d.pos == best.pos && d.start > best.start && d.hasTime {
				it.end = stamp(d.day, d.clock, firstNonEmpty(d.zone, best.zone))
				break
			}
		}
	}
	it.minutes = durationMinutes(it, texts)
	return it
}

// pickIncident prefers the first candidate whose sentence reads like the
// incident's opening, then moves to an earlier date close before it.
func pickIncident(cands []dateMention, texts []string) dateMention {
	best := cands[0]
	for _, c := range cands[:min(len(cands), 4)] {
		if c.pos == 0 || c.hasTime || incidentCue.MatchString(texts[c.pos]) {
			best = c
			break
		}
	}
	for _, c := range cands[:min(len(cands), 6)] {
		if c.day.Before(best.day) && best.day.Sub(c.day) <= 7*24*time.Hour && c.hasYear {
			best = c
		}
	}
	return best
}

func isByline(s string) bool { return bylineRE.MatchString(s) }

// durationMinutes prefers the span between start and end, then the first
// duration the text states.
func durationMinutes(it incidentTimes, texts []string) int {
	if it.start != "" && it.end != "" {
		s, err1 := time.Parse(time.RFC3339, it.start)
		e, err2 := time.Parse(time.RFC3339, it.end)
		if err1 == nil && err2 == nil && e.After(s) && e.Sub(s) < 60*24*time.Hour {
			return int(e.Sub(s).Minutes())
		}
	}
	for _, t := range texts {
		m := durationRE.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		n, ok := numberWords[strings.ToLower(m[1])]
		if !ok {
			n, _ = strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		}
		unit := strings.ToLower(m[2])
		switch {
		case strings.HasPrefix(unit, "h"):
			n *= 60
		case strings.HasPrefix(unit, "d"), strings.HasPrefix(unit, "j"):
			n *= 24 * 60
		}
		if m[3] != "" {
			extra, _ := strconv.Atoi(m[3])
			n += float64(extra)
		}
		if n > 0 {
			return int(n)
		}
	}
	return 0
}

// stamp renders a day plus clock in a zone as RFC 3339, or "" when the zone
// is unknown: a time without its zone would be a guess.
func stamp(day time.Time, clock time.Duration, zone string) string {
	off, ok := zoneOffsets[zone]
	if !ok {
		return ""
	}
	loc := time.FixedZone(strings.ToUpper(zone), off)
	t := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).Add(clock)
	return t.Format(time.RFC3339)
}

func clockOf(h, m string) time.Duration {
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 23 || mm > 59 {
		return 0
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
}

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

var _ = data.SectionTimeline
