package dates

import (
	"regexp"
	"time"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// An incident's day is the day of its first impact, in the post's own
// zone. Posts often tell it from a day they named just before: "Early the
// following morning, alerts fire", "The errors began the evening before",
// "le lendemain matin"; and timelines often open late the evening before
// the day the summary gives, on rows that carry a time but no date. This
// file reads both.

var (
	// nextDayRE names the day after the one the text last gave.
	nextDayRE = regexp.MustCompile(`(?i)\b(?:the (?:following|next) (?:day|morning|afternoon|evening|night)|the morning after|early next morning|le lendemain)\b`)
	// prevDayRE names the evening or night before it ("the previous
	// day's backup" is history, not the incident's opening).
	prevDayRE = regexp.MustCompile(`(?i)\b(?:the (?:evening|night) before|the previous (?:evening|night)|the prior (?:evening|night)|la veille au soir|la nuit précédente)\b`)
	// nearbyWords are the words one of which every nextDayRE and
	// prevDayRE match holds: most sentences stop there.
	nearbyWords = ahocorasick.New([]string{"following", "next", "morning after", "lendemain", "before", "previous", "prior", "veille", "précédente"})
)

// nearbyDays returns the days sentences name from the last day the text
// gave (at most three sentences before): the day after or the evening
// before it. A sentence that gives its own date names none. They are kept
// apart from the dates the text gives: they only move a pick
// (nextDayImpact, earlierImpact).
func (r *reader) nearbyDays(cands []cand) []cand {
	dated := map[int]bool{}
	for _, c := range cands {
		dated[c.pos] = true
	}
	var out []cand
	for i := 1; i < len(r.texts) && i <= maxDateSentences; i++ {
		t := r.texts[i]
		if dated[i] {
			continue
		}
		// The anchor first: it is cheaper than the regexps, and most
		// sentences have none.
		anchor, ok := lastDayBefore(cands, i)
		if !ok {
			continue
		}
		shift, loc := nearbyShift(t, r.sentence(i).Low())
		if shift == 0 {
			continue
		}
		m := anchor.Mention
		m.day = anchor.day.AddDate(0, 0, shift)
		m.hasTime, m.clock, m.zone = false, 0, ""
		m.pos, m.start, m.end = i, loc[0], loc[1]
		m.weekday, m.ranged, m.rangeEnd = 0, false, false
		if shift < 0 {
			if v := findClock(t); v >= 0 {
				m.hasTime, m.clock = true, v
			}
		}
		out = append(out, cand{Mention: m, role: sentenceRoles(t) | localRoles(t, loc[0]), shift: int8(shift)})
	}
	return out
}

// nearbyShift reads whether s (low in lower case) names the day after (1)
// or the evening before (-1) the last one given, and where.
func nearbyShift(s, low string) (int, []int) {
	if !nearbyWords.Contains(low) {
		return 0, nil
	}
	if loc := nextDayRE.FindStringIndex(s); loc != nil {
		return 1, loc
	}
	if loc := prevDayRE.FindStringIndex(s); loc != nil {
		return -1, loc
	}
	return 0, nil
}

// lastDayBefore returns the last date given in the three sentences before
// text i, the title aside; a post's own date, a plan or the end of a
// range is no anchor.
func lastDayBefore(cands []cand, i int) (cand, bool) {
	for k := len(cands) - 1; k >= 0; k-- {
		c := cands[k]
		if c.pos >= i || c.pos == 0 {
			continue
		}
		if c.pos < i-3 {
			break
		}
		if c.role.has(rolePublished|rolePlan) || c.rangeEnd {
			return cand{}, false
		}
		return c, true
	}
	return cand{}, false
}

// findClock returns the first time of day s gives, -1 when none.
func findClock(s string) time.Duration {
	m := clockRE.FindStringSubmatchIndex(s)
	if m == nil {
		return -1
	}
	var d Mention
	setClock(&d, s, m, 1)
	if !d.hasTime {
		return -1
	}
	return d.clock
}

// nextDayImpact moves a pick whose day tells nothing of the incident in
// the body to the day after, when a sentence says the impact came then:
// "On July 21 we ran a stress test. Early the following morning, alerts
// fire".
func (r *reader) nextDayImpact(pick cand, cands []cand) (cand, bool) {
	for _, c := range cands {
		if c.pos > 0 && c.day.Equal(pick.day) && c.eventful() && !c.leadupOnly() {
			return pick, false
		}
	}
	for _, c := range r.nearby {
		if c.shift > 0 && c.pos > pick.pos && c.day.Sub(pick.day) == 24*time.Hour && c.eventful() && !c.leadupOnly() && !c.role.has(roleResolve) {
			return c, true
		}
	}
	return pick, false
}

// eveningBefore finds the first timeline row late the evening before the
// picked day that tells the incident, dated or not: an undated row is on
// the day of the last dated row above it (or dated heading), or the next
// day once the clock goes back past midnight.
func (r *reader) eveningBefore(pick cand, cands []cand) (cand, bool) {
	rowDay := map[int]cand{}
	for _, c := range cands {
		if _, ok := rowDay[c.pos]; !ok && c.start < 4 {
			rowDay[c.pos] = c
		}
	}
	var cur time.Time
	var last time.Duration = -1
	for i := 1; i < len(r.texts); i++ {
		if !r.inTimeline(i) {
			continue
		}
		t := r.texts[i]
		if c, ok := rowDay[i]; ok {
			cur, last = c.day, -1
			if c.hasTime {
				last = c.clock
			}
			continue // dated rows are candidates already
		}
		if cur.IsZero() || r.sentence(i).Heading {
			continue
		}
		cm := clockRE.FindStringSubmatchIndex(t)
		if cm == nil || cm[0] >= 4 {
			continue
		}
		var m Mention
		setClock(&m, t, cm, 1)
		if !m.hasTime {
			continue
		}
		if last >= 0 && m.clock+time.Hour < last {
			cur = cur.AddDate(0, 0, 1)
		}
		last = m.clock
		if !cur.Before(pick.day) {
			return pick, false
		}
		if pick.day.Sub(cur) != 24*time.Hour || m.clock < 18*time.Hour {
			continue
		}
		row := cand{role: roleOf(t, 0, 0)}
		if row.eventful() && !row.leadupOnly() {
			m.day, m.hasYear, m.pos, m.start, m.end = cur, true, i, cm[0], cm[1]
			if m.zone == "" {
				m.zone = r.zone
			}
			row.Mention = m
			return row, true
		}
	}
	return pick, false
}
