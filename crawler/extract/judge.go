package extract

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// PostmortemThreshold is the PostmortemScore from which an article is
// taken for a post-mortem. A feed entry below it (a product announcement,
// a hiring post, a tutorial) is not ingested. TestPostmortemScore holds it
// against our synthetic post-mortems, the shared corpus of real ones and
// announcements we wrote.
const PostmortemThreshold = 0.35

var (
	// incidentWords are the words a post-mortem cannot do without, in
	// English and French.
	incidentWords = regexp.MustCompile(`(?i)\b(outages?|incidents?|post-?mortems?|root[- ]causes?|causes?|caused|because|downtime|` +
		`disruptions?|degrad(ed|ation)|unavailab(le|ility)|fail(ed|ing|s)?|failures?|errors?|bugs?|broke(n)?|crash(ed|es)?|` +
		`mitigat\w*|roll(ed)? ?back|revert(ed)?|restor(ed|e)|resolved|recover(ed|y)?|fix(ed)?|alert(s|ed)?|paged|on-?call|` +
		`impact(ed)?|affected|went down|we apologi[sz]e|timeline|lessons? learned|action items?|what happened|` +
		`unusable|timeouts?|timed out|slowdowns?|` +
		`pannes?|indisponib\w+|interruptions?|racine|rétabli\w*|dégrad\w+|erreurs?|corrig\w+|incidents?|astreinte|tomb(é|ée|és)|` +
		`touché\w*|retour d'expérience|lenteurs?|ralentissements?|inutilisables?|impossibles?|coupures?|perte|compromission)\b`)
	// announcementWords are what launches and marketing posts say.
	announcementWords = regexp.MustCompile(`(?i)\b(we('re| are) (excited|thrilled|happy|proud) to|excited to announce|announc(e|es|ing)|` +
		`introduc(e|es|ing)|now available|generally available|general availability|(public|private) beta|` +
		`launch(ed|es|ing)?|new features?|sign up|free trial|pricing|webinar|we('re| are) hiring|join (us|our team)|` +
		`nous sommes (heureux|ravis)|disponible dès|nouvelles? fonctionnalités?|nous recrutons|inscrivez-vous)\b`)
	// clockWords are times of day and durations: an incident report dates
	// what happened.
	clockWords = regexp.MustCompile(`(?i)\b([01]?\d|2[0-3])[:h][0-5]\d\b|\b\d+ ?(minutes?|mins?|hours?|hrs?|heures?|secondes?|seconds?)\b|\bUTC\b`)
)

// PostmortemScore says, from 0 to 1, how much an extracted article reads
// like an incident report: incident vocabulary, times of day and
// durations, the categories the classifier found, parts a post-mortem has
// (timeline, impact, mitigation, action items, detection), an incident
// date; less what announcements say, much less when they say it more
// than they speak of an incident.
func PostmortemScore(a data.Article) float64 {
	text := a.Title + "\n" + a.Body
	inc := len(incidentWords.FindAllStringIndex(text, -1))
	ann := len(announcementWords.FindAllStringIndex(text, -1))
	s := 0.35 * min(float64(inc)/8, 1)
	if incidentWords.MatchString(a.Title) {
		s += 0.1
	}
	if clockWords.MatchString(a.Body) {
		s += 0.1
	}
	switch {
	case len(a.Categories) >= 2:
		s += 0.18
	case len(a.Categories) == 1:
		s += 0.12
	}
	parts := 0
	for _, p := range []string{a.Sections.Timeline, a.Sections.Impact, a.Sections.Mitigation, a.Sections.ActionItems, a.Sections.Detection} {
		if strings.TrimSpace(p) != "" {
			parts++
		}
	}
	s += 0.06 * float64(min(parts, 3))
	if a.IncidentDate != "" || a.DurationMinutes > 0 {
		s += 0.08
	}
	s -= 0.05 * float64(min(ann, 4))
	if ann > inc {
		s -= 0.25
	}
	return max(0, min(s, 1))
}
