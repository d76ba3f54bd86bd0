package dates

import (
	"regexp"
	"time"
)

// leadSentences is how far into the text the lead runs: the sentences
// that give the incident's start in a few words before any timeline.
const leadSentences = 4

// earlierImpact moves a pick to a timeline row of the evening before that
// tells the incident (errors, an alert), not a change made ahead of it; a
// title's date, also to such a sentence of the lead ("2023-07-26 dataset
// full" over "Tuesday 2023-07-25 at 22:30, a user reported an error").
func (r *reader) earlierImpact(pick cand, cands []cand) cand {
	if c, ok := r.impactStart(pick, cands); ok {
		return c
	}
	for _, c := range cands {
		if c.pos == 0 || !c.hasTime || !r.inTimeline(c.pos) && !(pick.pos == 0 && c.pos <= leadSentences) {
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
// August 30", "on Oct 30th an actor began...", or, when the body never
// repeats the title's date (the day it was written), as a moment of the
// incident: "On January 16 we were told of a flaw".
func (r *reader) leadStart(title cand, cands []cand) cand {
	for _, c := range cands {
		if c.pos == 0 {
			continue
		}
		if c.pos > leadSentences {
			break
		}
		if c.day.Before(title.day) && title.day.Sub(c.day) <= 14*24*time.Hour && (startCue.MatchString(r.texts[c.pos]) || c.eventful() && !c.role.has(roleLeadup) && !repeated(title, cands)) && !c.bad() {
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
		if c.pos <= pick.pos || !c.day.After(pick.day) {
			continue
		}
		if c.day.Sub(pick.day) > window && !(pick.leadupOnly() && c.pos <= pick.pos+3 && c.day.Sub(pick.day) <= afterQuiet) {
			continue // a change told right before the incident may precede it by weeks: "Two weeks later, on May 4"
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
