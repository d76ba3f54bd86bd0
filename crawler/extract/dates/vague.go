package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A post that never gives the incident's full date often still places it:
// "early February 2024", "I caused an outage last week", "yesterday's
// outage". These readings are used only when no full date was found.

var (
	// monthYearRE is a month and a year without a day: "February 2024",
	// "early Feb 2024", "fin janvier 2023".
	monthYearRE = regexp.MustCompile(`(?i)\b(?:` + monthPart + `)?` + monthRE + `\s*,?\s+(?:of\s+)?((?:19|20)\d{2})\b`)
	// relativeRE names a day relative to the post's publication.
	relativeRE = regexp.MustCompile(`(?i)\b(yesterday|today|this morning|this afternoon|this evening|tonight|earlier today|last night|overnight|last week|earlier this week|this week|last weekend|this past weekend|(?:last|this past|on|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:the |le )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (?:morning|afternoon|evening|night|matin|soir|après-midi|nuit)|(?:early hours|small hours|morning|afternoon|evening|night) of (?:last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|a week ago(?: today)?|one week ago|il y a une semaine|(?:\d+|two|three|four) weeks ago(?: today)?|il y a (?:\d+|deux|trois|quatre) semaines|(\d+|two|three|four|five|six|seven|ten) days ago|avant-hier|hier|aujourd'hui|ce matin|cette nuit|la semaine dernière|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) dernier|il y a (\d+|deux|trois|quatre|cinq) jours|gestern|vorgestern|heute|gisteren|vandaag)\b`)
	// eventWords say a sentence is about the incident, not the weather.
	eventWords = regexp.MustCompile(`(?i)\b(outage|incident|down|downtime|broke|broken|failed|failure|fail(ing|s)?|errors?|unavailable|unreachable|degraded|disruption|crash(ed)?|lost|leaked|compromised|caused|happened|occurred|went|hit|began|started|panne|incident|indisponibles?|coupure|erreurs?|arrivé|survenu)\b`)
)

// monthPart is the part of a month a loose date names before it ("early",
// "the second week of", "fin du mois de"), as the group monthDay reads.
const monthPart = `(early|beginning of|start of|(?:the )?(?:first|second|third|last) (?:week|days|half) of|mid|middle of|late|end of|début(?: du mois)?|mi|fin(?: du mois)?|(?:la )?(?:première|deuxième|troisième|dernière) semaine|(?:les )?premiers jours)[ -](?:de |d')?`

// monthOnlyRE is a month placed by its part and no day: "in early
// November", "late June", "début mars" (the year from the publication).
var monthOnlyRE = regexp.MustCompile(`(?i)\b` + monthPart + monthRE + `(?:\s*,?\s+(?:of\s+)?((?:19|20)\d{2}))?`)

// leadMonth returns the month a lead sentence says the incident began in
// ("In late June, the backups stopped working") when it comes before the
// first date that could open the incident and that date is later: that
// date then tells a later turn of the story (when it was noticed, or
// ended). A month alone gives its first day (mid-month the 15th, late the
// 25th).
func (r *reader) leadMonth(cands []cand) (time.Time, bool) {
	first := -1
	for _, c := range cands {
		if !c.bad() {
			first = c.pos
			break
		}
	}
	if first < 0 || !r.hasPub {
		return time.Time{}, false
	}
	var firstDay time.Time
	for _, c := range cands {
		if c.pos == first && !c.bad() {
			firstDay = c.day
			break
		}
	}
	for i := 1; i < first && i <= 6; i++ {
		t := r.texts[i]
		if !monthWords.has(t) {
			continue
		}
		m := monthOnlyRE.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		if ro := sentenceRoles(t); !ro.has(roleStart|roleImpact) || (cand{role: ro}).leadupOnly() {
			continue
		}
		year := strconv.Itoa(r.pub.Year())
		if m[3] != "" {
			year = m[3]
		}
		d, ok := monthDay(m[1], m[2], year)
		if ok && m[3] == "" && d.After(r.pub) {
			d, ok = d.AddDate(-1, 0, 0), true // "late December" in a January post
		}
		if ok && d.Before(firstDay) && firstDay.Sub(d) <= 92*24*time.Hour && (firstDay.Year() != d.Year() || firstDay.Month() != d.Month()) {
			return d, true
		}
	}
	return time.Time{}, false
}

// dayBefore ends the text before a month that has its day: "14 janvier".
var dayBefore = regexp.MustCompile(`\b\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?$`)

// nightRE is a night told by the two days it joins, "dans la nuit de lundi
// à mardi", "the night from Monday to Tuesday": the hours that count fall
// after midnight, on the second day.
var nightRE = regexp.MustCompile(`(?i)\b(?:nuit du|nuit de|night (?:of|from|between)) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (?:à|au|to|and|into) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b`)

// leadupOnly reports whether a sentence tells a change made ahead of the
// incident and nothing of the incident itself.
func leadupOnly(s string) bool {
	return cand{role: sentenceRoles(s)}.leadupOnly()
}

// submatches returns the texts of a submatch index.
func submatches(s string, ix []int) []string {
	out := make([]string, len(ix)/2)
	for i := range out {
		if ix[2*i] >= 0 {
			out[i] = s[ix[2*i]:ix[2*i+1]]
		}
	}
	return out
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"dimanche": time.Sunday, "lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday,
	"jeudi": time.Thursday, "vendredi": time.Friday, "samedi": time.Saturday,
}

// maxVagueSentences bounds how far into the text a loose date is looked
// for: the lead places the incident, later text tells other stories.
const maxVagueSentences = 30

// vagueDay places the incident from a month and year or from a day relative
// to the publication, in the title and the first sentences. It returns the
// zero time when the text says nothing of the kind. A month alone gives its
// first day (mid-month the 15th, late the 25th).
func vagueDay(texts []string, pub time.Time, hasPub bool) time.Time {
	// A day told only of a change that set the incident up ("a change
	// shipped on Monday"), or only by its week ("this week"), gives way to
	// one told of the incident itself.
	var fallback time.Time
	fallbackRank := 0
	for i, t := range texts[:min(len(texts), maxVagueSentences)] {
		for _, ix := range monthYearRE.FindAllStringSubmatchIndex(t, 4) {
			m := submatches(t, ix)
			if strings.EqualFold(m[2], "may") && m[2] != "May" {
				continue // the verb
			}
			if dayBefore.MatchString(t[:ix[0]]) {
				continue // "14 janvier 2025" is a full date, the post's own when it is no candidate
			}
			if d, ok := monthDay(m[1], m[2], m[3]); ok && (!hasPub || !d.After(pub)) {
				return d
			}
		}
		if !hasPub || (i > 3 && !inLead(texts, i) && !eventWords.MatchString(t)) {
			continue
		}
		if d, ok := leadPart(t, pub); ok {
			return d
		}
		d, week, ok := relativeTo(t, pub)
		if !ok {
			continue
		}
		if nightRE.MatchString(t) && eveningFirst(texts[i+1:]) {
			d = d.AddDate(0, 0, -1) // the night's first row is the evening before: it began then
		}
		rank := 3
		if leadupOnly(t) {
			rank = 1
		} else if week {
			rank = 2
		}
		if rank == 3 {
			return d
		}
		if rank > fallbackRank {
			fallback, fallbackRank = d, rank
		}
	}
	return fallback
}

// inLead reports whether text i is among the first three sentences after
// the title, a byline's short lines ("Jordan Lee", "5 min read", the date)
// left out: they come before the lead.
func inLead(texts []string, i int) bool {
	n := 0
	for _, t := range texts[1:i] {
		if !bylineBit(t) {
			n++
		}
	}
	return n < 3
}

// bylineBit reports whether a short line reads as a piece of a byline: a
// name in capitals, a date, a reading time.
func bylineBit(t string) bool {
	if len(t) >= 40 || strings.HasSuffix(t, ".") {
		return false
	}
	if hasDigit(t) {
		return true
	}
	for _, w := range strings.Fields(t) {
		if r := w[0]; r < 'A' || r > 'Z' {
			return false
		}
	}
	return t != ""
}

// relativeTo reads the first day a sentence tells relative to the
// publication day; week says it only placed the week ("this week").
func relativeTo(t string, pub time.Time) (day time.Time, week, ok bool) {
	if m := nightRE.FindStringSubmatch(t); m != nil {
		return lastWeekday(pub, weekdays[strings.ToLower(m[1])], true), false, true
	}
	if m := weekdayOpenRE.FindStringSubmatch(t); m != nil && !datedAfter(t[len(m[0]):]) {
		return lastWeekday(pub, weekdays[strings.ToLower(m[1])], false), false, true // "Mardi, entre 9 h et 15 h"
	}
	for _, ix := range relativeRE.FindAllStringSubmatchIndex(t, 4) {
		if datedAfter(strings.TrimLeft(t[ix[1]:], ", ")) {
			continue // "on Tuesday, November 9th": the weekday of a date, not a day relative to the post
		}
		expr := strings.ToLower(t[ix[2]:ix[3]])
		d, ok := relativeDay(expr, pub)
		if night[expr] {
			if c := findClock(t[ix[1]:]); c >= 0 && c < 6*time.Hour {
				d = pub // "cette nuit à 3h42" in a post of the morning: after midnight, its own day
			}
		}
		return d, weekOnly[expr], ok
	}
	if m := dayOfMonthRE.FindStringSubmatch(t); m != nil {
		dom, _ := strconv.Atoi(m[1])
		d := time.Date(pub.Year(), pub.Month(), dom, 0, 0, 0, 0, time.UTC)
		if d.After(pub) {
			d = time.Date(pub.Year(), pub.Month()-1, dom, 0, 0, 0, 0, time.UTC)
		}
		return d, false, d.Day() == dom
	}
	return time.Time{}, false, false
}

// dayInMonth reads a day of the month alone ("on Saturday the 14th") in
// the lead when only the month of publication is known: that month's day.
func dayInMonth(texts []string, monthEnd time.Time) (time.Time, bool) {
	if monthEnd.IsZero() {
		return time.Time{}, false
	}
	for i, t := range texts[:min(len(texts), maxVagueSentences)] {
		if i > 3 && !eventWords.MatchString(t) {
			continue
		}
		if m := dayOfMonthRE.FindStringSubmatch(t); m != nil {
			dom, _ := strconv.Atoi(m[1])
			if dom >= 1 && dom <= monthEnd.Day() {
				return time.Date(monthEnd.Year(), monthEnd.Month(), dom, 0, 0, 0, 0, time.UTC), true
			}
		}
	}
	return time.Time{}, false
}

// weekdayOpenRE is a weekday alone opening a sentence: "Tuesday, the
// exports failed", "Mardi, entre 9 h et 15 h".
var weekdayOpenRE = regexp.MustCompile(`(?i)^\W*(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s*,`)

// datedAfter reports whether a date opens s: the weekday before it then
// belongs to that date ("Tuesday, 29 Nov 2022").
func datedAfter(s string) bool {
	s = strings.TrimSpace(s)
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return true
	}
	w, _, _ := strings.Cut(strings.ToLower(s), " ")
	_, ok := months[strings.TrimRight(w, ".,")]
	return ok
}

// slashDayRE is a day written with a slash and no year after "on", "le",
// a weekday or a "Date" field: "on 11/2", "le 5/4", "jeudi 14/11",
// "Date: 3/14".
var slashDayRE = regexp.MustCompile(`(?i)(?:\b(?:on|le|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?|^\W*date\W*[:|])\s+(\d{1,2})/(\d{1,2})(?:[^/\d]|$)`)

// slashDay reads "on 11/2" in the lead as a day of the year of the
// publication (month first in English, day first otherwise), the latest
// such day not after it.
func slashDay(texts []string, pub time.Time, hasPub bool, lang string) (time.Time, bool) {
	if !hasPub {
		return time.Time{}, false
	}
	for i, t := range texts[:min(len(texts), maxVagueSentences)] {
		if i > 3 && !eventWords.MatchString(t) {
			continue
		}
		m := slashDayRE.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		mo, dom := a, b
		if lang != "" && lang != "en" {
			mo, dom = b, a
		}
		for _, y := range []int{pub.Year(), pub.Year() - 1} {
			d := time.Date(y, time.Month(mo), dom, 0, 0, 0, 0, time.UTC)
			if mo >= 1 && mo <= 12 && d.Day() == dom && !d.After(pub) {
				return d, true
			}
		}
	}
	return time.Time{}, false
}

// weekOnly are the relative expressions that place a week, not a day.
var weekOnly = map[string]bool{"last week": true, "earlier this week": true, "this week": true, "la semaine dernière": true,
	"last weekend": true, "this past weekend": true}

// dayOfMonthRE is a day of the month alone, the month the post's own or
// the one before: "on the 9th", "Saturday the 14th", "le 3".
var dayOfMonthRE = regexp.MustCompile(`(?i)\b(?:on the|on|the)\s+(\d{1,2})(?:st|nd|rd|th)\b`)

// night are the relative words for the night before the post, which a
// time of the small hours puts on the post's own day.
var night = map[string]bool{"last night": true, "overnight": true, "cette nuit": true}

var countWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
	"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}

// relativeDay reads a relative expression against the publication day.
func relativeDay(expr string, pub time.Time) (time.Time, bool) {
	switch expr {
	case "today", "this morning", "this afternoon", "this evening", "tonight", "earlier today", "aujourd'hui", "ce matin", "heute", "vandaag":
		return pub, true
	case "yesterday", "last night", "overnight", "hier", "cette nuit", "gestern", "gisteren":
		return pub.AddDate(0, 0, -1), true
	case "avant-hier", "vorgestern":
		return pub.AddDate(0, 0, -2), true
	case "earlier this week", "this week":
		return pub.AddDate(0, 0, -2), true
	case "last week", "la semaine dernière", "a week ago", "a week ago today", "one week ago", "il y a une semaine":
		return pub.AddDate(0, 0, -7), true
	case "last weekend", "this past weekend":
		return lastWeekday(pub, time.Saturday, true), true
	}
	f := strings.Fields(expr)
	if len(f) >= 3 && (f[2] == "ago" || f[0] == "il" && len(f) == 5) {
		n, unit := f[0], f[1] // "two weeks ago"
		if f[0] == "il" {
			n, unit = f[3], f[4] // "il y a 3 jours"
		}
		days, err := strconv.Atoi(n)
		if err != nil {
			days = countWords[n]
		}
		if strings.HasPrefix(unit, "week") || strings.HasPrefix(unit, "semaine") {
			days *= 7
		}
		if days > 0 && days <= 31 {
			return pub.AddDate(0, 0, -days), true
		}
		return time.Time{}, false
	}
	for _, w := range f {
		if wd, ok := weekdays[w]; ok {
			// "on Thursday" may be the day the post went up; "Thursday
			// evening", "last Thursday" were before it.
			strict := f[0] != "on"
			return lastWeekday(pub, wd, strict), true
		}
	}
	return time.Time{}, false
}

// eveningFirst reports whether the first of texts that opens with a time
// of day (a timeline's first row) is in the evening.
func eveningFirst(texts []string) bool {
	for _, t := range texts[:min(len(texts), 20)] {
		m := clockRE.FindStringSubmatchIndex(t)
		if m == nil || m[0] > 3 {
			continue
		}
		var d Mention
		setClock(&d, t, m, 1)
		return d.hasTime && d.clock >= 18*time.Hour
	}
	return false
}

// lastWeekday is the latest day on or before pub (strictly before when
// strict) that falls on wd.
func lastWeekday(pub time.Time, wd time.Weekday, strict bool) time.Time {
	d := pub
	if strict {
		d = d.AddDate(0, 0, -1)
	}
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, -1)
	}
	return d
}
