package dates

import (
	"regexp"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"
)

var (
	incidentCue = regexp.MustCompile(`(?i)\b(on|began|begin|started|starting|start|from|between|since|at|around|outage|incident|down|failed|detected|received|noticed|alert|le|depuis|entre|vers|panne|incident)\b`)
)

// pick chooses the incident's first day among the candidates.
//
//   - A labelled field near the top ("Date: ...", "When: ...") states it.
//   - A series of timestamped updates newest first (a status page) began at
//     its oldest update.
//   - Otherwise the first candidate whose sentence reads like the incident's
//     opening wins: the title, a time of day, or an incident cue. A title
//     date the body never repeats is distrusted when the body has dates.
//
// Then the pick moves to when the impact began: to a timeline row that
// says so or to a row late the evening before, off a change made days
// earlier to the day it hurt, and within a timeline to its busiest day.
func (r *reader) pick(cands []cand) Mention {
	if c, ok := r.fieldDate(cands); ok {
		return r.earlierImpact(c, cands).Mention
	}
	if c, ok := r.statusSeries(cands); ok {
		if e, ok := earlierStart(c, cands); ok {
			return e.Mention
		}
		return r.earlierImpact(c, cands).Mention
	}
	first := -1
	n := 0
	for i, c := range cands {
		if c.bad() {
			continue
		}
		if n++; n > 4 {
			break
		}
		if n > 1 && c.leadupOnly() {
			continue // a change told after a day that may be the incident's
		}
		if c.role.has(roleField) && r.staleField(c, cands) {
			continue // the day the post was written
		}
		if c.pos == 0 && !repeated(c, cands) && attested(cands) {
			continue
		}
		if c.pos == 0 || c.hasTime || c.eventful() || incidentCue.MatchString(r.texts[c.pos]) {
			first = i
			break
		}
	}
	if first < 0 {
		first = 0
		for i, c := range cands {
			if !c.bad() {
				first = i
				break
			}
		}
	}
	best := cands[first]
	if best.pos == 0 {
		best = r.leadStart(best, cands)
	}
	if c, ok := r.afterLeadup(best, cands); ok {
		best = c
	} else if c, ok := r.nextDayImpact(best, cands); ok {
		best = c
	}
	if c, ok := r.impactStart(best, cands); ok {
		return c.Mention // the row that says so, not the timeline's busiest day
	}
	if r.inTimeline(best.pos) {
		if c, ok := r.firstEventfulRow(best, cands); ok {
			best = c
		} else {
			best = r.busiestDay(best, cands)
		}
	}
	return beforeDetection(r.earlierImpact(best, cands), cands).Mention
}

// beforeDetection moves a pick that only tells when the incident was
// noticed or reported ("Date reported: April 22") to the day, at most two
// before, that a sentence tells it began or hurt ("On April 21st, several
// versions were published with malicious code"): an incident begins
// before anyone notices it.
func beforeDetection(pick cand, cands []cand) cand {
	if !pick.role.has(roleDetect) || pick.role.has(roleImpact|roleStart|roleField) {
		return pick
	}
	best := pick
	for _, c := range cands {
		if c.day.Before(best.day) && pick.day.Sub(c.day) <= 48*time.Hour && c.eventful() && !c.role.has(roleDetect) && !c.leadupOnly() {
			best = c
		}
	}
	return best
}

// fieldDate returns the first date given by a labelled field near the
// top. A "Date:" the text never repeats while its timeline runs more than
// a week earlier is the day the post was written, not the incident's.
func (r *reader) fieldDate(cands []cand) (cand, bool) {
	for _, c := range cands {
		if c.pos > 12 {
			break
		}
		if !c.role.has(roleField) || c.start > 60 && !isFieldLine(r.texts[c.pos]) {
			continue // deep in a sentence, "date:" is no field
		}
		if r.staleField(c, cands) {
			return cand{}, false
		}
		return c, true
	}
	return cand{}, false
}

// staleField reports whether a "Date:" field the text never repeats is the
// day the post was written: its timeline runs more than a week earlier, or
// the sentences right after it tell the incident on an earlier day, within
// two weeks ("Date: 2019-10-18 · Authors: ..." over "From 23:40 on
// Monday, October 14, 2019, ingestion stopped").
func (r *reader) staleField(c cand, cands []cand) bool {
	if repeated(c, cands) {
		return false
	}
	for _, t := range cands {
		if r.inTimeline(t.pos) && c.day.Sub(t.day) > 7*24*time.Hour {
			return !r.datedApart(c)
		}
		if t.pos > c.pos && t.pos <= c.pos+6 && t.day.Before(c.day) && c.day.Sub(t.day) <= 14*24*time.Hour && t.eventful() && !t.leadupOnly() && !t.role.has(roleField) {
			return !r.datedApart(c)
		}
	}
	return false
}

// datedApart reports whether a field near the top says when the post was
// written, on another day ("Date de rédaction : 27 février 2024"): then
// "Date:" is the incident's.
func (r *reader) datedApart(c cand) bool {
	for i := 1; i < len(r.texts) && i <= 12; i++ {
		t := r.texts[i]
		if !strings.ContainsAny(t, ":：") {
			continue
		}
		for _, m := range find(t, i) {
			if k, ok := fieldKey(t, m.start); ok && publishedField.MatchString(k) && !sameDay(m, c.day) {
				return true
			}
		}
	}
	return false
}

// sameDay reports whether m, its year given or not, falls on day's month
// and day.
func sameDay(m Mention, day time.Time) bool {
	if m.hasYear {
		return m.day.Equal(day)
	}
	return m.month == day.Month() && m.dom == day.Day()
}

// repeated reports whether c's day is mentioned again elsewhere.
func repeated(c cand, cands []cand) bool {
	for _, d := range cands {
		if d.pos != c.pos && d.day.Equal(c.day) {
			return true
		}
	}
	return false
}

// attested reports whether some day is mentioned at least twice in the
// body: then a title date the body never repeats is likely stale.
func attested(cands []cand) bool {
	seen := map[time.Time]int{}
	for _, c := range cands {
		if c.pos > 0 {
			if seen[c.day]++; seen[c.day] == 2 {
				return true
			}
		}
	}
	return false
}

// statusSeries recognises updates stamped newest first and returns the
// oldest stamp. Two stamps make a series when the update over the newest
// says the incident is resolved.
func (r *reader) statusSeries(cands []cand) (cand, bool) {
	var stamps []cand
	for _, c := range cands {
		if c.hasTime && c.start <= 20 && c.pos > 0 {
			if len(stamps) > 0 && len(r.texts[c.pos]) < 50 && r.headingBetween(stamps[len(stamps)-1].pos, c.pos) {
				// A heading, then updates stamped on their own lines: the
				// next entry of a history of several incidents, of which
				// the first one heads the page.
				break
			}
			stamps = append(stamps, c)
		}
	}
	if len(stamps) < 2 || len(stamps) == 2 && !r.resolvedAbove(stamps[0].pos) {
		return cand{}, false
	}
	down := 0
	for i := 1; i < len(stamps); i++ {
		a, b := stamps[i-1].day.Add(stamps[i-1].clock), stamps[i].day.Add(stamps[i].clock)
		if !b.After(a) {
			down++
		}
	}
	if down*4 < (len(stamps)-1)*3 {
		return cand{}, false
	}
	return stamps[len(stamps)-1], true
}

// earlierStart returns a time the updates tell the impact began at in the
// day before a status series' first update ("Postmortem - Beginning at
// 23:40 UTC on March 3, ..." over "Investigating ... Mar 4, 01:15"): the
// first update comes after the impact was noticed.
func earlierStart(first cand, cands []cand) (cand, bool) {
	at := first.day.Add(first.clock)
	for _, c := range cands {
		if !c.hasTime || c.bad() || c.leadupOnly() || !c.role.has(roleImpact|roleStart) || c.zone != first.zone {
			continue
		}
		if t := c.day.Add(c.clock); t.Before(at) && at.Sub(t) <= 24*time.Hour && c.day.Before(first.day) {
			return c, true
		}
	}
	return cand{}, false
}

// headingBetween reports whether a heading sits after text a and before
// text b.
func (r *reader) headingBetween(a, b int) bool {
	for i := a + 1; i < b; i++ {
		if s := r.sentence(i); s != nil && s.Heading {
			return true
		}
	}
	return false
}

// resolvedAbove reports whether the update a stamp closes says the
// incident is resolved: a sentence of its block, before it.
func (r *reader) resolvedAbove(pos int) bool {
	s := r.sentence(pos)
	for i := pos - 1; i >= 1 && i >= pos-4; i-- {
		p := r.sentence(i)
		if s == nil || p == nil || p.Block != s.Block {
			return false
		}
		if sentenceRoles(r.texts[i]).has(roleResolve) {
			return true
		}
	}
	return false
}

// sameDayClock gives a day without a time the first time of day the text
// gives for that day: a timed mention of the same date, else the first
// clock of the timeline.
func (r *reader) sameDayClock(best Mention, cands []cand) Mention {
	for _, c := range cands {
		if c.day.Equal(best.day) && c.hasTime {
			m := c.Mention
			if m.zone == "" {
				m.zone = r.zone
			}
			return m
		}
	}
	if r.zone == "" {
		return best
	}
	for _, s := range r.sents {
		if s.Section != data.SectionTimeline {
			continue
		}
		if m := clockRE.FindStringSubmatchIndex(s.Text); m != nil && m[0] < 3 {
			d := best
			setClock(&d, s.Text, m, 1)
			if d.hasTime {
				if d.zone == "" {
					d.zone = r.zone
				}
				return d
			}
		}
	}
	return best
}
