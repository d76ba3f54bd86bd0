package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// row is one timestamped row of a timeline, its day worked out.
type row struct {
	at   time.Time // day plus clock, in the row's zone
	zone string
	role role
}

// timelineRows reads the timeline's rows that open with a time, dated or
// not. A row without a date is on the day of the row before it, or the
// next day when its clock goes back (the timeline crossed midnight); the
// first undated rows are on day.
func (r *reader) timelineRows(day time.Time, zone string) []row {
	var out []row
	cur := day
	var last time.Duration = -1
	for i := range r.sents {
		s := &r.sents[i]
		if s.Section != data.SectionTimeline || s.Heading {
			continue
		}
		var m Mention
		if ds := find(s.Text, i+1); len(ds) > 0 && ds[0].start < 4 && ds[0].hasYear {
			m = ds[0]
			cur, last = m.day, -1
		} else if cm := clockRE.FindStringSubmatchIndex(s.Text); cm != nil && cm[0] < 4 {
			m.day = cur
			setClock(&m, s.Text, cm, 1)
		}
		if !m.hasTime {
			continue
		}
		if last >= 0 && m.clock+time.Hour < last && m.day.Equal(cur) {
			cur = cur.AddDate(0, 0, 1)
			m.day = cur
		}
		last = m.clock
		z := firstNonEmpty(normZone(m.zone), zone)
		out = append(out, row{at: m.day.Add(m.clock), zone: z, role: roleOf(s.Text, 0, 0)})
	}
	return out
}

// timelineEnd returns when the timeline's last row that says the incident
// was resolved happened, after the start, "" when none says so.
func (r *reader) timelineEnd(best Mention, cands []cand) string {
	zone := firstNonEmpty(best.zone, r.zone)
	rows := r.timelineRows(best.day, zone)
	start := best.day.Add(best.clock)
	end := ""
	for _, w := range rows {
		if w.role.has(roleResolve) && w.at.After(start) && w.at.Sub(start) < 14*24*time.Hour && !w.role.has(rolePlan) {
			day := time.Date(w.at.Year(), w.at.Month(), w.at.Day(), 0, 0, 0, 0, time.UTC)
			end = stamp(day, w.at.Sub(day), w.zone)
		}
	}
	return end
}

var (
	durationRE = regexp.MustCompile(`(?i)\b(?:lasted|lasting|for|of|took|down for|total of|pendant|durant|d'une durée de)\s+(?:about|approximately|around|roughly|over|nearly|almost|just under|just over|more than|less than|environ|plus de|près de|~)?\s*~?(\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*(hours?|hrs?|h|minutes?|mins?|days?|heures?|jours?)\b(?:\s+and\s+(\d+)\s*(?:minutes?|mins?))?`)
	// durationField is a "Duration: 1h 12m" field, or a bare duration.
	durationField = regexp.MustCompile(`(?i)(?:\b(?:duration|durée|length|total downtime|customer impact|impact)\s*[:：]\s*)?~?\s*(?:(\d+(?:[.,]\d+)?)\s*(?:h|hours?|hrs?|heures?)\b\s*(?:(\d{1,2})\s*(?:m|min|mins|minutes?)?\b)?|(\d+)\s*(?:m|min|mins|minutes?)\b)`)
	fieldLabel    = regexp.MustCompile(`(?i)\b(duration|durée|total downtime|customer impact)\s*[:：]`)
)

// durationLabels are the labels one of which every fieldLabel match holds.
var durationLabels = prose.NewWordSet(`duration|durée|total downtime|customer impact`)

// durationUnits are the units one of which every durationRE match holds.
var durationUnits = prose.NewWordSet(`hours?|hrs?|h|minutes?|mins?|days?|heures?|jours?`)

var numberWords = map[string]float64{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}

// outageWords mark a sentence about the outage itself, so that "the canary
// stage lasted two minutes" is not taken for its duration.
var outageWords = prose.NewWordSet(`outage|down|downtime|unavailable|unreachable|inaccessible|incident|fail|failed|failing|error|errors|degraded|disrupt*|impact*|interrupt*|slow|delay*|offline|panne|indisponible|indisponibles|coupure|interruption|lenteur|lenteurs|erreur|erreurs`)

// duration prefers the span between start and end, then the duration the
// post states.
func (r *reader) duration(it Times) int {
	if it.Start != "" && it.End != "" {
		s, err1 := time.Parse(time.RFC3339, it.Start)
		e, err2 := time.Parse(time.RFC3339, it.End)
		if err1 == nil && err2 == nil && e.After(s) && e.Sub(s) < 60*24*time.Hour {
			return int(e.Sub(s).Minutes())
		}
	}
	return r.statedDuration()
}

// statedDuration is the duration a "Duration:" field near the top gives,
// else the first duration stated by a sentence about the outage in the
// summary, the impact or the body; 0 when none.
func (r *reader) statedDuration() int {
	if r.stated == nil {
		n := r.findDuration()
		r.stated = &n
	}
	return *r.stated
}

func (r *reader) findDuration() int {
	for i, t := range r.texts[:min(len(r.texts), 12)] {
		if !durationLabels.MatchString(t) {
			continue
		}
		loc := fieldLabel.FindStringIndex(t)
		if loc == nil || (i > 0 && r.sents[i-1].Section != "" && r.sents[i-1].Section != data.SectionSummary && r.sents[i-1].Section != data.SectionImpact) {
			continue
		}
		if n := parseDuration(t[loc[0]:]); n > 0 {
			return n
		}
	}
	for _, st := range r.sents {
		switch st.Section {
		case data.SectionActionItems, data.SectionMitigation, data.SectionTimeline:
			continue
		}
		if !durationUnits.MatchString(st.Text) {
			continue // no unit, no duration: most sentences stop here
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

// parseDuration reads a duration as a field gives it: "1h 12m", "27 min",
// "5 h 10", "45m", "90" (minutes); 0 when it cannot.
func parseDuration(s string) int {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	m := durationField.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	if m[3] != "" {
		n, _ := strconv.Atoi(m[3])
		return n
	}
	h, _ := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	mins, _ := strconv.Atoi(m[2])
	return int(h*60) + mins
}

func clockOf(h, m string) time.Duration {
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 23 || mm > 59 {
		return 0
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
}
