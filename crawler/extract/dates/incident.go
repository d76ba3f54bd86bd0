package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// Times is what the text says about when the incident happened.
type Times struct {
	Date, Start, End string
	Minutes          int
}

var (
	incidentCue = regexp.MustCompile(`(?i)\b(on|began|begin|started|starting|start|from|between|since|at|around|outage|incident|down|failed|detected|received|noticed|alert|le|depuis|entre|vers|panne|incident)\b`)
	durationRE  = regexp.MustCompile(`(?i)\b(?:lasted|lasting|for|of|took|down for|total of|pendant|durant|d'une durée de)\s+(?:about|approximately|around|roughly|over|nearly|almost|just under|just over|more than|less than|environ|plus de|~)?\s*~?(\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*(hours?|hrs?|h|minutes?|mins?|days?|heures?|jours?)\b(?:\s+and\s+(\d+)\s*(?:minutes?|mins?))?`)
	rangeRE     = regexp.MustCompile(`(?i)\b(?:from|between|de|entre)\s+(\d{1,2})[:h](\d{2})\s*(?:utc|gmt)?\s*(?:to|and|until|-|–|à|et)\s+(\d{1,2})[:h](\d{2})\s*(utc|gmt|z|[pmce][sd]t|cest|cet|bst)?\b`)
)

var numberWords = map[string]float64{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}

// maxDateSentences bounds how far into the text dates are looked for,
// timelines aside.
const maxDateSentences = 80

// Incident picks the day the incident began. Candidates are full
// dates in reading order (title first); a date after the publication day,
// or more than two years before it, cannot be the incident. A date in a
// byline is the publication day. Among the first candidates the earliest
// within a week wins, since posts often open with the day of detection and
// then tell what started the day before.
func Incident(title string, sents []page.Sentence, published, urlDate string) Times {
	pub, hasPub := parseDay(published)
	texts := make([]string, 0, len(sents)+1)
	texts = append(texts, title)
	for _, s := range sents {
		texts = append(texts, s.Text)
	}
	cands, defaultZone := candidates(texts, sents, pub, hasPub, urlDate)
	var it Times
	if len(cands) == 0 {
		// A dated file name (reports/2024-02-28-db-stall.md) names the
		// incident when the text gives no full date; then a loose date
		// ("early February 2024", "last week"); then the publication day,
		// the best estimate left for a post written about a recent event.
		if _, ok := parseDay(urlDate); ok && (!hasPub || urlDate <= published) {
			it.Date = urlDate
		} else if d := vagueDay(texts, pub, hasPub); !d.IsZero() {
			it.Date = d.Format("2006-01-02")
		} else if hasPub {
			it.Date = published
		}
		return it
	}
	best := pickIncident(cands, texts, sents)
	it.Date = best.day.Format("2006-01-02")
	if best.zone == "" {
		best.zone = defaultZone
	}
	if !best.hasTime {
		best = sameDayClock(best, cands, sents, defaultZone)
	}
	it.Start, it.End = span(best, cands, texts)
	it.Minutes = durationMinutes(it, sents)
	return it
}

// candidates returns the dates of texts (the title, then the sentences)
// that may be the incident's, in reading order, and the zone the text says
// all its times are in. The first full date sets the year of year-less
// ones when neither published (pub) nor the URL does.
func candidates(texts []string, sents []page.Sentence, pub time.Time, hasPub bool, urlDate string) ([]Mention, string) {
	refYear := 0
	if hasPub {
		refYear = pub.Year()
	} else if d, ok := parseDay(urlDate); ok {
		refYear = d.Year()
	}
	defaultZone := ""
	var cands []Mention
	for i, t := range texts {
		if i > maxDateSentences && sents[i-1].Section != data.SectionTimeline {
			continue // the incident's day is told early, or in the timeline
		}
		if defaultZone == "" && strings.Contains(t, "ll time") {
			if m := allTimesRE.FindStringSubmatch(t); m != nil {
				defaultZone = strings.ToLower(m[3])
			}
		}
		if refYear == 0 {
			for _, d := range Find(t, i, 0) {
				refYear = d.day.Year()
				break
			}
		}
		for _, d := range Find(t, i, refYear) {
			if !d.hasYear && hasPub && d.day.After(pub.AddDate(0, 0, 1)) {
				// "Dec 30" in a post of Jan 5 is last year's; any other
				// year-less date after the post is a plan, not the incident.
				d.day = d.day.AddDate(-1, 0, 0)
				if pub.Sub(d.day) > 90*24*time.Hour {
					continue
				}
			}
			if hasPub && (d.day.After(pub.AddDate(0, 0, 1)) || d.day.Before(pub.AddDate(-2, 0, 0))) {
				continue
			}
			if i > 0 && i <= 6 && len(t) < 120 && isByline(t) {
				continue
			}
			cands = append(cands, d)
		}
	}
	return cands, defaultZone
}

// span returns the incident's start and end (RFC 3339, "" when unknown)
// from the picked date: a range of times in its sentence ("from 14:05 to
// 15:40 UTC"), else its own time and the next timed date of the sentence.
func span(best Mention, cands []Mention, texts []string) (start, end string) {
	s := texts[min(best.pos, len(texts)-1)]
	if best.start > len(s) {
		best.start = 0
	}
	if best.hasTime {
		start = stamp(best.day, best.clock, best.zone)
	}
	if m := rangeRE.FindStringSubmatch(s[best.start:]); m != nil {
		zone := prose.FirstNonEmpty(strings.ToLower(m[5]), best.zone)
		from := clockOf(m[1], m[2])
		to := clockOf(m[3], m[4])
		start = stamp(best.day, from, zone)
		endDay := best.day
		if to < from {
			endDay = endDay.AddDate(0, 0, 1)
		}
		return start, stamp(endDay, to, zone)
	}
	if best.hasTime {
		for _, d := range cands {
			if d.pos == best.pos && d.start > best.start && d.hasTime {
				return start, stamp(d.day, d.clock, prose.FirstNonEmpty(d.zone, best.zone))
			}
		}
	}
	return start, ""
}

func isByline(s string) bool { return bylineRE.MatchString(s) }

// outageWords mark a sentence about the outage itself, so that "the canary
// stage lasted two minutes" is not taken for its duration.
var outageWords = regexp.MustCompile(`(?i)\b(outage|down|downtime|unavailable|unreachable|inaccessible|incident|fail|failed|failing|errors?|degraded|disrupt\w*|impact\w*|interrupt\w*|slow|delay\w*|offline|panne|indisponibles?|coupure|interruption|lenteurs?|erreurs?)\b`)

// sameDayClock gives a day without a time the first time of day the text
// gives for that day: a timed mention of the same date, else the first
// clock of the timeline.
func sameDayClock(best Mention, cands []Mention, sents []page.Sentence, zone string) Mention {
	for _, c := range cands {
		if c.day.Equal(best.day) && c.hasTime {
			return c
		}
	}
	if zone == "" {
		return best
	}
	for _, s := range sents {
		if s.Section != data.SectionTimeline {
			continue
		}
		if m := clockRE.FindStringSubmatchIndex(s.Text); m != nil && m[0] < 3 {
			d := best
			setClock(&d, s.Text, m, 1)
			if d.hasTime {
				if d.zone == "" {
					d.zone = zone
				}
				return d
			}
		}
	}
	return best
}

// durationMinutes prefers the span between start and end, then the first
// duration stated by a sentence about the outage in the summary, the impact
// or the body.
func durationMinutes(it Times, sents []page.Sentence) int {
	if it.Start != "" && it.End != "" {
		s, err1 := time.Parse(time.RFC3339, it.Start)
		e, err2 := time.Parse(time.RFC3339, it.End)
		if err1 == nil && err2 == nil && e.After(s) && e.Sub(s) < 60*24*time.Hour {
			return int(e.Sub(s).Minutes())
		}
	}
	for _, st := range sents {
		switch st.Section {
		case data.SectionActionItems, data.SectionMitigation, data.SectionTimeline:
			continue
		}
		m := durationRE.FindStringSubmatch(st.Text)
		if m == nil || !outageWords.MatchString(st.Text) {
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

// dateLabel opens a line that states when the post was written.
var dateLabel = regexp.MustCompile(`(?i)^\W*(date|published|posted|publi[ée]e?|written|r[ée]dig[ée])\b`)

// Published finds the publication day in a byline ("June 22nd,
// 2020 by Travis", "Date: Mar 20, 2025", a "Date" heading) near the top,
// for pages whose metadata does not say.
func Published(bs []page.Block) string {
	for i, b := range bs[:min(len(bs), 8)] {
		text := b.Text
		if b.Kind == page.KindHeading && strings.EqualFold(strings.TrimSpace(text), "date") && i+1 < len(bs) {
			text = bs[i+1].Text
		} else if len(text) > 100 || !(dateLabel.MatchString(text) || bylineRE.MatchString(text)) {
			continue
		}
		for _, d := range Find(text, 0, 0) {
			if d.hasYear {
				return d.day.Format("2006-01-02")
			}
		}
	}
	return ""
}
