package dates

import (
	"regexp"
	"strings"
)

// cand is a date that may be the incident's first day, with what its
// sentence says it marks.
type cand struct {
	Mention
	role role
	// shift is 1 for a day told as the one after the last date given ("the
	// following morning"), -1 for the one before ("the evening before").
	shift int8
}

// bad reports whether a date cannot open the incident: the post's own
// date, a plan, or history with no word of the outage.
func (c cand) bad() bool {
	return c.role.has(roleHistory) ||
		c.role.has(rolePublished) && !c.role.has(roleField) ||
		c.role.has(rolePlan) && !c.role.has(roleImpact|roleStart) ||
		c.role.has(roleBackground) && !c.role.has(roleImpact|roleStart)
}

// leadupOnly reports whether a date's sentence tells a change made before
// the incident and nothing of the incident itself.
func (c cand) leadupOnly() bool {
	return c.role.has(roleLeadup) && !c.role.has(roleImpact|roleStart|roleDetect|roleField)
}

// eventful reports whether a date's sentence tells the incident: it began,
// it hurt, or it was noticed.
func (c cand) eventful() bool {
	return c.role.has(roleStart|roleImpact|roleDetect) && !c.bad()
}

// candidates returns the dates of the title and the sentences that may be
// the incident's, in reading order, their years found (see yearRef). A
// date after the publication day is a plan; one more than five years
// before it is history; a date in a byline near the top is the post's.
func (r *reader) candidates(urlDate string) []cand {
	var raw []Mention
	for i, t := range r.texts {
		if i > maxDateSentences && !r.inTimeline(i) {
			continue // the incident's day is told early, or in the timeline
		}
		raw = append(raw, find(t, i)...)
	}
	if dayFirst(raw, r.lang) {
		for i := range raw {
			raw[i] = raw[i].dayFirst()
		}
	}
	markRangeEnds(raw, r.texts)
	ref := yearRef{pub: r.pub, hasPub: r.hasPub, latest: r.latest, hasLatest: r.hasLatest}
	if !r.hasPub {
		if d, ok := parseDay(urlDate); ok {
			ref.pub, ref.hasPub = d, true
		} else if !r.monthEnd.IsZero() {
			ref.pub, ref.hasPub = r.monthEnd, true // year-less dates fall on or before the month the address gives
		}
	}
	for _, m := range raw {
		if m.hasYear && !sentinel(m) && (!ref.hasPub || !m.day.After(ref.pub.AddDate(0, 0, 1))) && (!r.hasLatest || !m.day.After(r.latest)) {
			ref.full = append(ref.full, m)
		}
	}
	limit := 0
	if ref.hasPub {
		limit = ref.pub.Year()
	} else if r.hasLatest {
		limit = r.latest.Year()
	}
	ref.bareYears = bareYears(r.texts, limit)
	ref.monthYears = lazyMonthYears(r.texts, limit)
	if ys := yearsIn(r.texts[0]); len(ys) == 1 && (limit == 0 || ys[0] <= limit) {
		ref.titleYear = ys[0] // "2025 incident 14: voice chat dropping"
	} else if !ref.hasPub && r.urlYear > 0 && (limit == 0 || r.urlYear <= limit) {
		ref.titleYear = r.urlYear // the year the address names: /blog/2022-we-pointed-production-at-staging
	}
	var out []cand
	sentRoles := map[int]role{}
	for _, m := range raw {
		if sentinel(m) {
			continue
		}
		if !m.hasYear {
			var ok bool
			if m, ok = ref.resolve(m); !ok {
				continue
			}
		}
		if r.hasPub && (m.day.After(r.pub.AddDate(0, 0, 1)) || m.day.Before(r.pub.AddDate(-5, 0, 0))) || r.hasLatest && m.day.After(r.latest) {
			continue
		}
		t := r.texts[m.pos]
		if _, ok := sentRoles[m.pos]; !ok {
			sentRoles[m.pos] = sentenceRoles(t)
		}
		c := cand{Mention: m, role: sentRoles[m.pos] | localRoles(t, m.start)}
		if m.rangeEnd {
			c.role = (c.role | roleResolve) &^ roleStart
		}
		if mailDate(t, m.start) {
			c.role = (c.role | rolePublished) &^ roleField
		}
		if m.pos > 0 && m.pos <= 6 && len(t) < 120 && (bylineRE.MatchString(t) && !c.role.has(roleImpact|roleStart) || r.hasPub && m.day.Equal(r.pub) && !r.inTimeline(m.pos) && dateLine(t)) && !c.role.has(roleField) && !factLine.MatchString(t) {
			continue
		}
		if r.hasPub && m.day.Before(r.pub.AddDate(-2, 0, 0)) && !c.eventful() {
			continue // years before the post, and not about the outage: history
		}
		out = append(out, c)
	}
	listHistory(out, r.texts)
	r.nearby = r.nearbyDays(out)
	return out
}

// listJoin joins the dates of a list: "on January 12 and March 30".
var listJoin = regexp.MustCompile(`(?i)^[\s,]*(?:and|or|et|ou|,)?\s*(?:on\s+|le\s+|the\s+)?$`)

// listHistory marks the dates listed after one of an earlier incident as
// earlier incidents too: "after those on January 12 and March 30".
func listHistory(cs []cand, texts []string) {
	for i := 1; i < len(cs); i++ {
		a, b := cs[i-1], cs[i]
		if a.role.has(roleHistory) && a.pos == b.pos && a.end <= b.start && listJoin.MatchString(texts[b.pos][a.end:b.start]) {
			cs[i].role |= roleHistory
		}
	}
}

// mailDateRE is the date of an e-mail's header: "Date: Fri, 20 Sep 2019
// 16:02:11 +0000", "Date : lun. 20 janv. 2025 10:12:05 +0100", Outlook's
// "Sent: Monday, July 24, 2023 9:14 AM". A
// forwarded message or a list's announcement dates itself, not the
// incident.
var mailDateRE = regexp.MustCompile(`(?i)\bDate\s?:\s*` + mailWeekday + `\d{1,2}\s+[a-zéû]{3,9}\.?\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|gmt|utc)\b|` +
	`\b(?:Sent|Envoyé)\s?:\s*` + mailWeekday + `(?:\d{1,2}\s+[a-zéû]{3,9}\.?|[a-z]{3,9}\.?\s+\d{1,2},?)\s+\d{4}\s+(?:à\s+)?\d{1,2}:\d{2}`)

// mailWeekday is the weekday that may open a header's date, English or
// French, in full or cut short.
const mailWeekday = `(?:(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)[a-zé]*\.?,?\s+)?`

// headerStampRE is a header's date cut from its "Date:" label (the
// sentence splitter may end a sentence at "lun."), told by the stamp's
// shape (seconds and a numeric offset) and the header line after it.
var headerStampRE = regexp.MustCompile(`(?i)^\W*\d{1,2}\s+[a-zéû]{3,9}\.?\s+\d{4}\s+\d{1,2}:\d{2}:\d{2}\s*[+-]\d{4}\s+(?:objet|subject|from|de|to|à|cc)\s?:`)

// mailDate reports whether the date at offset at of s is an e-mail
// header's.
func mailDate(s string, at int) bool {
	if at <= 3 && headerStampRE.MatchString(s) {
		return true
	}
	if !strings.Contains(s, "Date") && !strings.Contains(s, "Sent") && !strings.Contains(s, "Envoy") {
		return false
	}
	for _, m := range mailDateRE.FindAllStringIndex(s, -1) {
		if m[0] <= at && at < m[1] {
			return true
		}
	}
	return false
}

// dayFirst reports whether the post writes its slashed dates day first:
// some date says so (13/02/2025, or 29-09-2021 in its timeline), or none
// says otherwise (02/13/2025) and the post is not in English.
func dayFirst(ms []Mention, lang string) bool {
	for _, m := range ms {
		if m.order != 0 {
			return m.order > 0
		}
	}
	return lang != "" && lang != "en"
}

// rangeEndBefore joins the two ends of a range: "between X and", "from X
// to", "X –", "du X au".
var rangeEndBefore = regexp.MustCompile(`(?i)^\W{0,3}(?:\S+\s+){0,3}?(and|to|until|till|through|thru|–|—|-|→|au|et|à|jusqu'au|jusqu'à)\s*(the\s+|le\s+)?$`)

// markRangeEnds marks the second date of a range ("between 12:00 on 31 Dec
// and 06:00 on 1 Jan") as an end: it is not when the incident began.
func markRangeEnds(ms []Mention, texts []string) {
	for i := 1; i < len(ms); i++ {
		a, b := ms[i-1], ms[i]
		if a.pos != b.pos || a.end > b.start || b.start-a.end > 40 {
			continue
		}
		if rangeEndBefore.MatchString(texts[b.pos][a.end:b.start]) {
			ms[i].rangeEnd = true
		}
	}
}

// factLine marks a header line of the incident's facts ("Team · 09/10/2024
// · Sev2 · 3 h"), which a byline's "·" must not hide.
var factLine = regexp.MustCompile(`(?i)\b(sev ?\d|sev-\d|severity|gravité|duration|durée|impact|status|statut|incident|p[0-4])\b`)

// sentinels are the days computers fall back to or overflow at: a clock
// reset to the epoch, a 32-bit time that wrapped. A post names them to
// explain a bug, never as the day it happened.
var sentinels = map[string]bool{"1970-01-01": true, "2000-01-01": true, "2038-01-19": true, "1901-12-13": true,
	"1900-01-01": true, "1980-01-06": true, "2036-02-07": true, "1969-12-31": true}

func sentinel(m Mention) bool { return m.hasYear && sentinels[m.Day()] }
