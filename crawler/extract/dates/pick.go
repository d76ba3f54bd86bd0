package dates

import (
	"regexp"
	"time"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// pickIncident chooses the incident's first day among the candidates.
//
//   - A series of timestamped updates newest first (a status page) began at
//     its oldest update.
//   - Otherwise the first candidate whose sentence reads like the incident's
//     opening wins: the title, a time of day, or an incident cue. A title
//     date the body never repeats is distrusted when the body has dates.
//   - A pick inside a timeline moves to the timeline's busiest day: the
//     first rows are often the lead-up (a release, a merge) days before.
func pickIncident(cands []Mention, texts []string, sents []page.Sentence) Mention {
	if c, ok := statusSeries(cands, texts); ok {
		return c
	}
	first := -1
	for i, c := range cands[:min(len(cands), 4)] {
		if c.pos == 0 && !repeated(c, cands) && attested(cands) {
			continue
		}
		if c.pos == 0 || c.hasTime || incidentCue.MatchString(texts[c.pos]) {
			first = i
			break
		}
	}
	if first < 0 {
		first = 0
	}
	best := cands[first]
	if best.pos == 0 {
		best = leadStart(best, cands, texts)
	}
	if c, ok := impactStart(best, cands, texts, sents); ok {
		return c // the row that says so, not the timeline's busiest day
	}
	if best.pos > 0 && sents[best.pos-1].Section == data.SectionTimeline {
		best = busiestDay(best, cands, sents)
	}
	return best
}

// startCue says a sentence tells when the incident began.
var startCue = regexp.MustCompile(`(?i)\b(between|from|since|began|begun|started|starting|start|first|depuis|entre|a commencé|débuté)\b`)

// leadStart replaces a title date with an earlier one (at most two weeks)
// that the first sentences give as the start: "Between August 28 and
// August 30", "on Oct 30th an actor began...".
func leadStart(title Mention, cands []Mention, texts []string) Mention {
	for _, c := range cands {
		if c.pos == 0 {
			continue
		}
		if c.pos > 4 {
			break
		}
		if c.day.Before(title.day) && title.day.Sub(c.day) <= 14*24*time.Hour && startCue.MatchString(texts[c.pos]) {
			return c
		}
	}
	return title
}

// impactCue says a timeline row marks when the impact began.
var impactCue = regexp.MustCompile(`(?i)\b(began|begins|started|starts) (impacting|affecting|to (impact|affect|fail|error))\b|\bimpact (began|begins|started|starts)\b|\b(outage|incident|errors?|failures?|degradation|disruption|impact) (began|begins|started|starts)\b|\bstart of (the )?(outage|incident|impact)\b`)

// impactStart finds the timeline row, on the picked day or up to three days
// before it, that says the impact began: a title or a lead often carries
// the day the incident was reported or resolved, and that row beats the
// timeline's busiest day too.
func impactStart(pick Mention, cands []Mention, texts []string, sents []page.Sentence) (Mention, bool) {
	for _, c := range cands {
		if c.pos == 0 || sents[c.pos-1].Section != data.SectionTimeline {
			continue
		}
		if !c.day.After(pick.day) && pick.day.Sub(c.day) <= 3*24*time.Hour && impactCue.MatchString(texts[c.pos]) {
			return c, true
		}
	}
	return pick, false
}

// repeated reports whether c's day is mentioned again elsewhere.
func repeated(c Mention, cands []Mention) bool {
	for _, d := range cands {
		if d.pos != c.pos && d.day.Equal(c.day) {
			return true
		}
	}
	return false
}

// attested reports whether some day is mentioned at least twice in the
// body: then a title date the body never repeats is likely stale.
func attested(cands []Mention) bool {
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
func statusSeries(cands []Mention, texts []string) (Mention, bool) {
	var stamps []Mention
	for _, c := range cands {
		if c.hasTime && c.hasYear && c.start <= 20 && c.pos > 0 {
			stamps = append(stamps, c)
		}
	}
	if len(stamps) < 3 {
		return Mention{}, false
	}
	down := 0
	for i := 1; i < len(stamps); i++ {
		a, b := stamps[i-1].day.Add(stamps[i-1].clock), stamps[i].day.Add(stamps[i].clock)
		if !b.After(a) {
			down++
		}
	}
	if down*4 < (len(stamps)-1)*3 {
		return Mention{}, false
	}
	return stamps[len(stamps)-1], true
}

// busiestDay returns the first mention of the timeline day with the most
// mentions, ties going to the earlier day; pick stays when it is that day.
func busiestDay(pick Mention, cands []Mention, sents []page.Sentence) Mention {
	count := map[time.Time]int{}
	firstOf := map[time.Time]Mention{}
	for _, c := range cands {
		if c.pos == 0 || sents[c.pos-1].Section != data.SectionTimeline {
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
