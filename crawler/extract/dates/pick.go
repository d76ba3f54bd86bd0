package dates

import (
	"regexp"
	"time"

	"github.com/pmkb/pmkb/data"
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
	return c.role.has(rolePublished) && !c.role.has(roleField) ||
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

var (
	incidentCue = regexp.MustCompile(`(?i)\b(on|began|begin|started|starting|start|from|between|since|at|around|outage|incident|down|failed|detected|received|noticed|alert|le|depuis|entre|vers|panne|incident)\b`)
)

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
		if m.pos > 0 && m.pos <= 6 && len(t) < 120 && bylineRE.MatchString(t) && !c.role.has(roleField) && !factLine.MatchString(t) {
			continue
		}
		if r.hasPub && m.day.Before(r.pub.AddDate(-2, 0, 0)) && !c.eventful() {
			continue // years before the post, and not about the outage: history
		}
		out = append(out, c)
	}
	r.nearby = r.nearbyDays(out)
	return out
}

// dayFirst reports whether the post writes its slashed dates day first:
// some date says so (13/02/2025), or none says otherwise (02/13/2025) and
// the post is not in English.
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
	if c, ok := statusSeries(cands); ok {
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
	return r.earlierImpact(best, cands).Mention
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
		if !repeated(c, cands) {
			for _, t := range cands {
				if r.inTimeline(t.pos) && c.day.Sub(t.day) > 7*24*time.Hour {
					return cand{}, false
				}
			}
		}
		return c, true
	}
	return cand{}, false
}

// earlierImpact moves a pick to a timeline row of the evening before that
// tells the incident (errors, an alert), not a change made ahead of it.
func (r *reader) earlierImpact(pick cand, cands []cand) cand {
	if c, ok := r.impactStart(pick, cands); ok {
		return c
	}
	for _, c := range cands {
		if c.pos == 0 || !r.inTimeline(c.pos) || !c.hasTime {
			continue
		}
		gap := pick.day.Sub(c.day)
		if gap == 24*time.Hour && c.clock >= 18*time.Hour && c.eventful() && !c.leadupOnly() {
			return c
		}
	}
	for _, c := range r.nearby {
		if c.shift < 0 && c.pos > pick.pos && pick.day.Sub(c.day) == 24*time.Hour && c.role.has(roleStart) && !c.leadupOnly() && !c.bad() {
			return c // "the errors began the evening before"
		}
	}
	if c, ok := r.eveningBefore(pick, cands); ok {
		return c
	}
	return pick
}

// startCue says a sentence tells when the incident began.
var startCue = regexp.MustCompile(`(?i)\b(between|from|since|began|begun|started|starting|start|first|depuis|entre|a commencé|débuté)\b`)

// leadStart replaces a title date with an earlier one (at most two weeks)
// that the first sentences give as the start: "Between August 28 and
// August 30", "on Oct 30th an actor began...".
func (r *reader) leadStart(title cand, cands []cand) cand {
	for _, c := range cands {
		if c.pos == 0 {
			continue
		}
		if c.pos > 4 {
			break
		}
		if c.day.Before(title.day) && title.day.Sub(c.day) <= 14*24*time.Hour && startCue.MatchString(r.texts[c.pos]) && !c.bad() {
			return c
		}
	}
	return title
}

// afterQuiet is how far after a day whose sentence tells nothing of the
// incident the day that does may come.
const afterQuiet = 45 * 24 * time.Hour

// afterLeadup moves a pick whose sentence only tells a change made before
// the incident ("On 29 November we scaled the cluster") to the first later
// date, within a week, that tells the incident itself.
func (r *reader) afterLeadup(pick cand, cands []cand) (cand, bool) {
	window := 7 * 24 * time.Hour
	switch {
	case pick.leadupOnly():
	case pick.pos > 0 && !pick.eventful() && !pick.role.has(roleField|roleResolve):
		window = afterQuiet // a day the sentence tells nothing of the incident about
	default:
		return pick, false
	}
	for _, c := range cands {
		if c.day.Equal(pick.day) && c.pos != pick.pos && c.eventful() && !c.leadupOnly() {
			return pick, false // the same day tells the incident too
		}
	}
	for _, c := range cands {
		if c.pos <= pick.pos || !c.day.After(pick.day) || c.day.Sub(pick.day) > window {
			continue
		}
		if c.eventful() && !c.role.has(roleResolve) {
			return c, true
		}
	}
	return pick, false
}

// impactCue says a timeline row marks when the impact began.
var impactCue = regexp.MustCompile(`(?i)\b(began|begins|started|starts) (impacting|affecting|to (impact|affect|fail|error|time out|return errors|drop|reject))\b|\b(began|begins|started|starts) (failing|erroring|timing out|returning errors|dropping|rejecting|crashing|crash-looping)\b|\bimpact (began|begins|started|starts)\b|\b(outage|incident|errors?|failures?|degradation|disruption|impact) (began|begins|started|starts)\b|\bstart of (the )?(outage|incident|impact)\b|\b(failing|down|erroring|broken|degraded|unavailable) since\b`)

// impactStart finds the timeline row, on the picked day or up to three days
// before it, that says the impact began: a title or a lead often carries
// the day the incident was reported or resolved, and that row beats the
// timeline's busiest day too.
func (r *reader) impactStart(pick cand, cands []cand) (cand, bool) {
	for _, c := range cands {
		if c.pos == 0 || !(r.inTimeline(c.pos) || c.role.has(roleBackground) && c.role.has(roleImpact)) {
			continue // a timeline row, or "failing since <date>"
		}
		if !c.day.After(pick.day) && pick.day.Sub(c.day) <= 3*24*time.Hour && impactCue.MatchString(r.texts[c.pos]) {
			return c, true
		}
	}
	return pick, false
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
// oldest stamp.
func statusSeries(cands []cand) (cand, bool) {
	var stamps []cand
	for _, c := range cands {
		if c.hasTime && c.start <= 20 && c.pos > 0 {
			stamps = append(stamps, c)
		}
	}
	if len(stamps) < 3 {
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

// firstEventfulRow returns the first timeline row, from the pick on and
// within two weeks, that tells the incident rather than what led to it.
func (r *reader) firstEventfulRow(pick cand, cands []cand) (cand, bool) {
	for _, c := range cands {
		if c.pos < pick.pos || !r.inTimeline(c.pos) || c.day.Before(pick.day) || c.day.Sub(pick.day) > 14*24*time.Hour {
			continue
		}
		if c.eventful() && !c.leadupOnly() {
			return c, true
		}
	}
	return pick, false
}

// busiestDay returns the first mention of the timeline day with the most
// mentions, ties going to the earlier day; pick stays when it is that day.
// Rows that only tell a change made ahead of the incident do not count.
func (r *reader) busiestDay(pick cand, cands []cand) cand {
	count := map[time.Time]int{}
	firstOf := map[time.Time]cand{}
	for _, c := range cands {
		if c.pos == 0 || !r.inTimeline(c.pos) || c.leadupOnly() {
			continue
		}
		count[c.day]++
		if _, ok := firstOf[c.day]; !ok {
			firstOf[c.day] = c
		}
	}
	best := pick
	for day, n := range count {
		if n > count[best.day] || (n == count[best.day] && day.Before(best.day)) {
			best = firstOf[day]
		}
	}
	return best
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
