package dates

import (
	"regexp"
	"strings"
	"time"

	"github.com/pmkb/pmkb/crawler/extract/page"
	"github.com/pmkb/pmkb/data"
)

// Times is what the text says about when the incident happened.
type Times struct {
	Date, Start, End string
	Minutes          int
}

// Doc is what the incident finder reads: the post's title and sentences,
// what is known of its publication, and its front matter.
type Doc struct {
	Title     string
	Sents     []page.Sentence
	Published string    // YYYY-MM-DD, "" when unknown
	URLDate   string    // the day of a dated file name (reports/2024-02-28-db.md), "" when none
	URLMonth  string    // the month, YYYY-MM, of an address dated to the month only (/2021/08/slug), "" when none
	URLYear   int       // the one year an address names without a full date (/blog/2022-outage), 0 when none
	Meta      page.Meta // front matter
	Lang      string    // the post's language: "08/02/2025" is 8 February but in English
	// Fetched is when the page was fetched or read (zero when unknown):
	// the incident began before it, whatever the text's year-less dates
	// suggest.
	Fetched time.Time
}

// maxDateSentences bounds how far into the text dates are looked for,
// timelines aside.
const maxDateSentences = 80

// Incident picks the day the incident began, and its start, end and
// duration when the text makes them clear. A front matter that describes
// the incident wins; otherwise the dates the text mentions compete (see
// pick), read in the post's own time zone.
func Incident(d Doc) Times {
	r := newReader(d)
	pub, hasPub := r.pub, r.hasPub
	texts := r.texts
	r.zone = r.declaredZone()
	if it, ok := r.fromMeta(d.Meta); ok {
		return it
	}
	cands := r.candidates(d.URLDate)
	var it Times
	if allBad(cands) {
		// A dated file name (reports/2024-02-28-db-stall.md) names the
		// incident when the text gives no full date it could begin on
		// (unless it is the day the post went up and the lead places the
		// incident before: "Au début du mois de juillet" in
		// 2021-08-04-securite.md); then a loose date ("early February
		// 2024", "last week"); then, when the text gives no date at all,
		// the publication day, the best estimate left for a post written
		// about a recent event.
		urlDay, urlDated := parseDay(d.URLDate)
		var v time.Time
		if urlDated && !hasPub {
			// Undated but for its file name, the day it went up: a
			// relative day of the week before ("Yesterday, an issue was
			// opened") counts back from it.
			if r := vagueDay(texts, urlDay, true); r.Before(urlDay) && urlDay.Sub(r) <= 7*24*time.Hour {
				v = r
			}
		} else {
			v = vagueDay(texts, pub, hasPub)
		}
		if urlDated && (!hasPub && v.IsZero() || hasPub && (d.URLDate < d.Published || d.URLDate == d.Published && (v.IsZero() || !v.Before(pub)))) {
			it.Date = d.URLDate
		} else if !v.IsZero() {
			it.Date = v.Format("2006-01-02")
		} else if v, ok := r.slashDay(texts, pub, hasPub); ok {
			it.Date = v.Format("2006-01-02")
		} else if v, ok := dayInMonth(texts, r.monthEnd); ok {
			it.Date = v.Format("2006-01-02")
		} else if hasPub && len(cands) == 0 {
			it.Date = d.Published
		}
		if it.Date != "" || len(cands) == 0 {
			it.Minutes = r.duration(it)
			return it
		}
	}
	if d, ok := r.afterChanges(cands); ok {
		it.Date = d.Format("2006-01-02")
		it.Minutes = r.duration(it)
		return it
	}
	if d, ok := r.leadMonth(cands); ok {
		it.Date = d.Format("2006-01-02")
		it.Minutes = r.duration(it)
		return it
	}
	best := r.pick(cands)
	it.Date = best.day.Format("2006-01-02")
	if best.zone == "" {
		best.zone = r.zone
	}
	if !best.hasTime {
		best = r.sameDayClock(best, cands)
	}
	it.Start, it.End = r.span(best, cands)
	if it.End == "" && d.Meta.End != "" && it.Start != "" {
		it.End = r.metaStamp(d.Meta.End)
	}
	it.Minutes = r.duration(it)
	return it
}

// afterChanges returns the day the lead tells relative to the
// publication ("Last Friday, notifications were delayed") when every date
// that could open the incident only tells a change made before it
// ("deployed on Wednesday, July 12") and that day comes after them all.
func (r *reader) afterChanges(cands []cand) (time.Time, bool) {
	if !r.hasPub {
		return time.Time{}, false
	}
	var last time.Time
	for _, c := range cands {
		if c.bad() {
			continue
		}
		if !c.leadupOnly() {
			return time.Time{}, false
		}
		if c.day.After(last) {
			last = c.day
		}
	}
	if last.IsZero() {
		return time.Time{}, false
	}
	v := vagueDay(r.texts, r.pub, true)
	return v, !v.IsZero() && v.After(last) && !v.After(r.pub)
}

// slashDay reads "on 11/2" in the lead (see slashDay) no later than the
// publication, else within the one year the address names.
func (r *reader) slashDay(texts []string, pub time.Time, hasPub bool) (time.Time, bool) {
	if !hasPub && r.urlYear > 0 {
		pub, hasPub = time.Date(r.urlYear, 12, 31, 0, 0, 0, 0, time.UTC), true
	}
	return slashDay(texts, pub, hasPub, r.lang)
}

// allBad reports whether no candidate can open the incident: each is the
// post's own date, a plan, history or an earlier incident.
func allBad(cands []cand) bool {
	for _, c := range cands {
		if !c.bad() {
			return false
		}
	}
	return true
}

// reader holds what the finder knows of one post while it reads it.
type reader struct {
	texts  []string // the title, then every sentence
	sents  []page.Sentence
	pub    time.Time
	hasPub bool
	// latest is the last day the incident can have begun (the day after
	// the publication, or the day the page was fetched); hasLatest says
	// whether either is known.
	latest    time.Time
	hasLatest bool
	zone      string // the zone the post declares for all its times, "" when none
	urlYear   int    // the year the address names, 0 when none
	// monthEnd is the last day of the month the address dates the post
	// to, when no day of publication is known (zero otherwise).
	monthEnd time.Time
	lang     string
	stated   *int // the duration the post states, once read
	// nearby are the days sentences tell from the last date given ("the
	// following morning"), apart from the candidates (see nearbyDays).
	nearby []cand
}

// newReader lays out a post's texts (the title, then every sentence) and
// what is known of when it was written.
func newReader(d Doc) reader {
	pub, hasPub := parseDay(d.Published)
	texts := make([]string, 0, len(d.Sents)+1)
	texts = append(texts, d.Title)
	for _, s := range d.Sents {
		texts = append(texts, s.Text)
	}
	r := reader{texts: texts, sents: d.Sents, pub: pub, hasPub: hasPub, lang: d.Lang, urlYear: d.URLYear}
	if hasPub {
		r.latest, r.hasLatest = pub.AddDate(0, 0, 1), true
	} else if m, ok := parseDay(d.URLMonth + "-01"); ok && d.URLMonth != "" {
		r.monthEnd = m.AddDate(0, 1, -1)
	}
	if !d.Fetched.IsZero() {
		f := d.Fetched.UTC()
		f = time.Date(f.Year(), f.Month(), f.Day()+1, 0, 0, 0, 0, time.UTC) // the post's own zone may be a day ahead
		if !r.hasLatest || f.Before(r.latest) {
			r.latest, r.hasLatest = f, true
		}
	}
	if !hasPub {
		if p, ok := r.bylineDay(); ok {
			r.pub, r.hasPub = p, true
			if !r.hasLatest || p.AddDate(0, 0, 1).Before(r.latest) {
				r.latest, r.hasLatest = p.AddDate(0, 0, 1), true
			}
		}
	}
	return r
}

// bylineDay reads the day of a byline near the top that leaves out the
// year ("Posted on Oct 7 • Updated on Oct 9", as dev.to and Medium date a
// post of the current year): in the one year the title or the address
// names, else the latest such day before the page was fetched.
func (r *reader) bylineDay() (time.Time, bool) {
	year := 0
	if ys := yearsIn(r.texts[0]); len(ys) == 1 {
		year = ys[0]
	} else if r.urlYear > 0 {
		year = r.urlYear
	}
	if year == 0 && !r.hasLatest {
		return time.Time{}, false
	}
	for i := 1; i < len(r.texts) && i <= 6; i++ {
		t := r.texts[i]
		if len(t) >= 120 || !bylineRE.MatchString(t) || factLine.MatchString(t) || fieldCount(t) >= 2 {
			continue
		}
		ms := find(t, i)
		if len(ms) == 0 || ms[0].hasYear || ms[0].month == 0 || localRoles(t, ms[0].start).has(roleField) {
			continue
		}
		if year > 0 {
			if m, ok := ms[0].inYear(year); ok && weekdayFits(m) && (!r.hasLatest || !m.day.After(r.latest)) {
				return m.day, true
			}
			return time.Time{}, false
		}
		if m, ok := latestBefore(ms[0], r.latest.AddDate(0, 0, -1)); ok {
			return m.day, true
		}
		return time.Time{}, false
	}
	return time.Time{}, false
}

// sentence returns the sentence of text i (the title is text 0 and has
// none).
func (r *reader) sentence(i int) *page.Sentence {
	if i <= 0 || i > len(r.sents) {
		return nil
	}
	return &r.sents[i-1]
}

func (r *reader) inTimeline(i int) bool {
	s := r.sentence(i)
	return s != nil && s.Section == data.SectionTimeline
}

// declaredZone is the first zone the post declares for all its times.
func (r *reader) declaredZone() string {
	for i, t := range r.texts {
		if i > maxDateSentences*2 {
			break
		}
		if z := declaredZone(t); z != "" {
			return z
		}
	}
	return ""
}

// fromMeta reads the incident's times from a front matter that states
// them: a record's date, or an incident-date key.
func (r *reader) fromMeta(m page.Meta) (Times, bool) {
	day := Day(m.Incident)
	if day == "" {
		return Times{}, false
	}
	it := Times{Date: day, Start: r.metaStamp(m.Incident)}
	if it.Start != "" {
		it.End = r.metaStamp(m.End)
	}
	it.Minutes = r.duration(it)
	if it.Minutes == 0 {
		it.Minutes = parseDuration(m.Duration)
	}
	return it, true
}

// metaStamp renders a front-matter time as RFC 3339: one that carries its
// zone as it is, one without in the zone the post declares, "" otherwise.
func (r *reader) metaStamp(s string) string {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Format(time.RFC3339)
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil && r.zone != "" {
			day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			return stamp(day, t.Sub(day), r.zone)
		}
	}
	return ""
}

// span returns the incident's start and end (RFC 3339, "" when unknown)
// from the picked date: a range of times in its sentence ("from 14:05 to
// 15:40 UTC"), else its own time and the next timed date of the sentence,
// else the timeline's last row that says it was resolved.
func (r *reader) span(best Mention, cands []cand) (start, end string) {
	s := r.texts[min(best.pos, len(r.texts)-1)]
	if best.start > len(s) || best.start < 0 {
		best.start = 0
	}
	if best.hasTime {
		start = stamp(best.day, best.clock, best.zone)
	}
	if m := rangeRE.FindStringSubmatch(s[best.start:]); m != nil {
		zone := normZone(m[5])
		if zone == "" {
			zone = best.zone
		}
		from, to := clockOf(m[1], m[2]), clockOf(m[3], m[4])
		endDay := best.day
		if to < from {
			endDay = endDay.AddDate(0, 0, 1)
		}
		if st := stamp(best.day, from, zone); st != "" {
			return st, stamp(endDay, to, zone)
		}
	}
	if start == "" {
		return "", ""
	}
	if e := r.untilClock(best); e != "" {
		return start, e
	}
	for _, d := range cands {
		if d.pos == best.pos && d.start > best.start && d.hasTime {
			return start, stamp(d.day, d.clock, firstNonEmpty(d.zone, best.zone))
		}
	}
	if n := r.statedDuration(); n > 0 {
		st, _ := time.Parse(time.RFC3339, start)
		return start, st.Add(time.Duration(n) * time.Minute).Format(time.RFC3339)
	}
	return start, r.timelineEnd(best, cands)
}

// rangeRE is a range of times: "from 14:05 to 15:40 UTC", "entre 9 h 02
// et 13 h 47", "07:14 and 07:55 UTC", "08:17–10:02 UTC".
var rangeRE = regexp.MustCompile(`(?i)(?:\b(?:from|between|de|entre)\s+|^\W*|\s)(\d{1,2})(?:[:h]|\s?h\s)(\d{2})\s*(?:utc|gmt)?\s*(?:to|and|until|till|-|–|—|à|et)\s+(\d{1,2})(?:[:h]|\s?h\s)(\d{2})\s*\(?(` + zoneRE + `)?\b`)

// untilRE ends a lead's span: "failed until 09:45 UTC", "jusqu'à 18h05".
var untilRE = regexp.MustCompile(`(?i)\b(?:until|till|through|jusqu'à|jusqu'a)\s+(?:about\s+|around\s+|vers\s+)?(\d{1,2})(?:[:h]|\s?h\s)(\d{2})\s*\(?(` + zoneRE + `)?\b`)

// untilClock reads the end of the incident from "until HH:MM" in the
// picked date's sentence or the two after it in its block.
func (r *reader) untilClock(best Mention) string {
	for i := best.pos; i < len(r.texts) && i <= best.pos+2; i++ {
		if i > best.pos {
			s, b := r.sentence(i), r.sentence(best.pos)
			if s == nil || b == nil || s.Block != b.Block {
				break
			}
		}
		m := untilRE.FindStringSubmatch(r.texts[i])
		if m == nil {
			continue
		}
		clock := clockOf(m[1], m[2])
		day := best.day
		if clock < best.clock {
			day = day.AddDate(0, 0, 1)
		}
		return stamp(day, clock, firstNonEmpty(normZone(m[3]), best.zone))
	}
	return ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}
