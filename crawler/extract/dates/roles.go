package dates

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// A post-mortem mentions many days: when the incident began, when it was
// noticed and resolved, but also the change that set it up days or months
// before, the history of the system, the day the post went up and the
// days of the plans that follow. What the words around a date say it was
// decides which one is the incident's first day.

// role is what a date marks in the story.
type role uint16

const (
	roleStart      role = 1 << iota // the incident or its impact began ("began", "from ... onward", "between")
	roleImpact                      // the outage itself: errors, down, unavailable
	roleDetect                      // the moment it was noticed: alert, paged, reported
	roleLeadup                      // a change made before it: deployed, merged, renewed, scaled
	roleResolve                     // the end: resolved, restored, recovered
	roleBackground                  // history: "since 14 June", "back in 2019", "was created on"
	rolePublished                   // the post itself: posted, published, updated
	rolePlan                        // what comes after: will, planned, scheduled, due
	roleField                       // a labelled field that gives the incident's day: "Date: ...", "When: ..."
	roleHistory                     // an earlier incident: "the previous outage, on 2 May", "une panne semblable le 14 février"
)

func (r role) has(x role) bool { return r&x != 0 }

// The word lists of the roles (see prose.WordSet for their syntax).
var (
	// startOpen opens a sentence that tells when something began.
	startOpen    = regexp.MustCompile(`(?i)^\W*(from|starting|beginning|since|à partir d|depuis)\b`)
	startWords   = `began|begun|begin|begins|started|starts|start of|starting|onward|onwards|from then on|from that moment|between|first (error|errors|alert|alerts|failure|failures|report|reports|sign|signs|symptom|symptoms|timeouts|occurrence|occurrences|occurence|occurences|instance|instances|crash|crashes|case|cases)|premi(er|ère|ers|ères) (erreurs?|alertes?|signalements?|occurrences?|symptômes?|plantages?)|(error|errors|failure|failures|outage|incident|impact|problems?|issues?|degradation|disruption) (began|started|starts|begins)|a commencé|ont commencé|commencé|débuté|début (de l'incident|de la panne|de l'impact)|à partir du|à partir de|entre`
	impactWords  = `outages?|down|downtime|went down|unavailable|unreachable|inaccessible|failed|failing|fails|failures?|errors?|500|502|503|504|5xx|timeouts?|timed out|degraded|degradation|disrupt*|broke|broken|crash*|stopped|stalled|lost|deleted|expired|offline|incident|impact*|affected|could not|couldn't|unable|rejected|refused|overloaded|saturated|exhausted|compromised|breach*|leaked|exposed|attack*|malicious|unusable|unresponsive|delayed|delays|slow|slowness|hung|no new|no longer|ceased|panne|plus aucune?|n'était plus|n'étaient plus|indisponibles?|indisponibilité|coupure|interruption|erreurs?|échou*|bloqu*|saturé*|perdu*|tombée?s? en panne|hors service|expirée?s?|compromis|piraté*|attaque*|lenteurs?|ralenti*|s'est arrêtée?|se sont arrêtée?s|a cessé|ont cessé|a planté|ont planté|plantée?s?`
	detectWords  = `alerts?|alerted|alarm|paged|pages|page fired|fired|noticed|detected|reported|(was|were) notified|(was|were) informed|contacted us|told us|emailed us|first (support )?tickets?|tickets?|on-call|oncall|escalat*|customers? (told|emailed|reported|contacted|called)|we (learned|found out)|signalements?|signalée?s?|alertée?s?|alerte|astreinte|prévenue?s?|remontée?s?|détectée?s?|constatée?s?`
	leadupWords  = `deployed|deploying|merged|rolled out|released|shipped|upgraded|migrated|moved|changed|updated|applied|renewed|rotated|issued|installed|provisioned|created|scaled|added|removed|replaced|enabled|disabled|configured|set up|introduced|launched|announced|scheduled|planned|booked|ordered|refactored|decommissioned|shut down|switched|turned (on|off)|prepared|pushed|committed|edited|(change|changes|update|migration|upgrade|deploy|deployment|release|rollout) (was|were) (made|done|merged|applied|deployed|run)|made (a|the) change|déployée?s?|mise à jour|mis à jour|mises à jour|migrée?s?|renouvelée?s?|installée?s?|remplacée?s?|modifiée?s?|ajoutée?s?|activée?s?|désactivée?s?|créée?s?|lancée?s?|fusionnée?s?|poussée?s?|intervenue?s?|appliquée?s?|publié un correctif`
	resolveWords = `resolved|restored|recovered|mitigated|fixed|back to normal|back up|closed|rolled back|reverted|(healthy|working|available|online|up|running|normal|reachable|accessible|functional|stable|operational|finalized|finalised|serving) again|fully operational|all clear|ended|de nouveau (accessible|disponible|opérationnel|joignable)|résolue?s?|rétablie?s?|retour à la normale|corrigée?s?|clôturée?s?|terminée?s?`
	planWords    = `will|we'll|plan to|planned to|going to|is due|are due|due on|due by|due to expire|due for|scheduled for|by the end of|deadline|target|prévue?s? (pour|le|à|au)|planifiée?s? (pour|le|à|au)|programmée?s? (pour|le|à|au)|devait expirer|d'ici|nous allons`
	// publishedWords say a date is the post's own.
	publishedWords = `posted|posted on|posted by|published (on|by|in)|(post|report|write-up|writeup|postmortem|post-mortem|article|review|summary|analysis) (was|were) (first |originally )?published|updated on|last (edited|updated|modified)|written (on|by)|review date|reviewed on|review on|report date|this (post|report|write-up|writeup|document) (was|is) (first |originally |last )?(published|posted|written|updated|dated)|publié le|publiée le|mis à jour le|mise à jour le|rédigé le|rédigée le|rédigé par|rédigée par|compte rendu (publié|du)|mise? en ligne|article du|billet du`
)

// roleOf reads what the mention at [start, end) of sentence s marks. The
// sentence's own words are read once per sentence (see sentenceRoles).
func roleOf(s string, start, end int) role {
	return sentenceRoles(s) | localRoles(s, start)
}

// localRoles reads what the words right before a mention and the field
// that holds it say.
func localRoles(s string, start int) role {
	var r role
	before := s[:start]
	if len(before) > 40 {
		before = before[len(before)-40:]
	}
	switch lastWords(before) {
	case "background":
		r |= roleBackground
	case "start":
		r |= roleStart
	}
	if historyWords.ContainsFold(before) && historyNouns.ContainsFold(before) && historyCue.MatchString(before) {
		r |= roleHistory
	}
	if !strings.ContainsAny(s[:start], ":：") {
		return r
	}
	if k, ok := fieldKey(s, start); ok {
		switch {
		case incidentField.MatchString(k):
			r |= roleField
			if startField.MatchString(k) {
				r |= roleStart // "Start date: 4 July @ 02:10"
			}
		case reportOf.MatchString(k):
			r |= roleField // "Outage report: November 7, 2025" names the incident's day
		case publishedField.MatchString(k):
			r |= rolePublished
		case endField.MatchString(k):
			r |= roleResolve
		}
	}
	return r
}

// wordsBefore are the words that, right before a date, say it is history
// ("since", "back in") or the start ("from", "between").
var wordsBefore = map[string]string{
	"since": "background", "back in": "background", "as early as": "background", "as of": "background",
	"dating from": "background", "dates from": "background", "until": "background", "till": "background",
	"before": "background", "prior to": "background", "ever since": "background", "depuis": "background",
	"depuis le": "background", "jusqu'au": "background", "avant le": "background",
	"from": "start", "between": "start", "starting": "start", "beginning": "start", "started": "start",
	"began": "start", "à partir du": "start", "du": "start", "entre le": "start", "entre": "start",
}

// historyCue ends the text before a date that belongs to an earlier
// incident: "after those on", "the last incident of this kind, on", "a
// similar delay on", "une panne semblable, le".
var historyCue = regexp.MustCompile(`(?i)(?:\b(?:previous|prior|earlier|last|similar|related|past|other)\s+(?:one|incident|outage|delay|issue|problem|event|failure|disruption|breach|attack|occurrence|episode)s?|\bthe first one|\bunlike (?:the|our|that|an?)\s+(?:\w+\s+)?(?:incident|outage|one|failure|event)s?|\bafter (?:those|the ones?|that one|one)|\b(?:panne|incident|coupure|interruption)s?\s+(?:précédente?s?|semblables?|similaires?|antérieure?s?|comparables?)|\b(?:précédente?|dernière|dernier)\s+(?:panne|incident|coupure))\b[^.;:!?]{0,30}$`)

// historyWords finds the words historyCue needs, before it runs.
var historyWords = ahocorasick.New([]string{"previous", "prior", "earlier", "last", "similar", "related", "past", "other",
	"first one", "after", "unlike", "précédent", "semblable", "similaire", "antérieur", "comparable", "dernière", "dernier"})

// historyNouns finds the nouns historyCue needs, before it runs.
var historyNouns = ahocorasick.New([]string{"incident", "outage", "one", "delay", "issue", "problem", "event", "failure",
	"disruption", "breach", "attack", "occurrence", "episode", "those", "panne", "coupure", "interruption"})

// lastWords tells what the last one to three words before a date say of
// it: "background", "start" or "".
func lastWords(before string) string {
	f := strings.Fields(strings.ToLower(before))
	if n := len(f); n > 0 && (f[n-1] == "the" || f[n-1] == "le") {
		f = f[:n-1]
	}
	for k := 3; k >= 1; k-- {
		if len(f) < k {
			continue
		}
		if v, ok := wordsBefore[strings.Join(f[len(f)-k:], " ")]; ok {
			return v
		}
	}
	return ""
}

// sentenceRoles reads what a sentence's words say its dates mark.
func sentenceRoles(s string) role {
	var r role
	if startOpen.MatchString(s) {
		r |= roleStart
	}
	r |= role(roleWords.Tags(s))
	if r.has(roleDetect) && alertOffWords.ContainsFold(s) && alertOff.MatchString(s) {
		// "alerts silenced": a change made ahead, not the incident noticed
		rest := alertOff.ReplaceAllString(s, " ")
		if !role(roleWords.Tags(rest)).has(roleDetect) {
			r = r&^roleDetect | roleLeadup
		}
	}
	if r.has(roleStart) && jobStartWords.ContainsFold(s) && jobNouns.ContainsFold(s) && jobStart.MatchString(s) {
		// "the key rotation job starts": a change set in motion, not the
		// incident, unless the sentence says more of a start
		rest := jobStart.ReplaceAllString(s, " ")
		if !startOpen.MatchString(rest) && !role(roleWords.Tags(rest)).has(roleStart) {
			r = r&^roleStart | roleLeadup
		}
	}
	return r
}

// jobStartWords finds the verbs jobStart needs, before it runs.
var jobStartWords = ahocorasick.New([]string{"start", "begin", "began", "kick", "commenc", "démarr"})

// alertOffWords finds the words alertOff needs, before it runs.
var alertOffWords = ahocorasick.New([]string{"silenc", "mute", "disabl", "suppress", "snooz", "paus", "désactiv"})

// alertOff is alerting turned off: "alerts silenced", "we muted the
// alert", "alertes désactivées".
var alertOff = regexp.MustCompile(`(?i)\b(?:alerts?|alerting|alarms?|pages?|paging|alertes?)\s+(?:were\s+|was\s+|had been\s+|have been\s+)?(?:silenced|muted|disabled|suppressed|paused|snoozed|désactivée?s?)|\b(?:silenced|muted|disabled|suppressed|paused|snoozed|silence|mute|disable|suppress|pause|snooze|désactivé)\s+(?:the\s+|all\s+|its\s+|our\s+|les\s+)?(?:alerts?|alerting|alarms?|paging|alertes?)`)

// jobNouns finds the jobs and changes jobStart needs, before it runs.
var jobNouns = ahocorasick.New([]string{"job", "batch", "cron", "script", "task", "migration", "backup", "rotation", "roll",
	"deploy", "maintenance", "upgrad", "release", "build", "pipeline", "moving", "to move", "test", "tâche", "traitement",
	"sauvegarde", "mise à jour", "déployer", "migrer", "migrating", "to migrate", "tester", "fix", "patch", "mitigation",
	"workaround", "rollback", "revert", "correctif"})

// jobStart is a job or a change that starts: "nightly job starts", "la
// migration a commencé".
var jobStart = regexp.MustCompile(`(?i)\b(?:job|jobs|batch|cron|script|task|migration|backup|rotation|rollout|roll-out|deploy|deployment|maintenance|upgrade|release|build|pipeline|fix|hotfix|patch|mitigation|workaround|rollback|revert|tâche|traitement|sauvegarde|mise à jour|correctif)\s+(?:starts|started|begins|began|kicks off|kicked off|a commencé|commence|démarre|a démarré)\b|\b(?:began|begun|started|start|starts|begin|begins|a commencé|ont commencé|avons commencé)\s+(?:rolling out|to roll out|deploying|to deploy|migrating|to migrate|upgrading|to upgrade|moving|to move|testing|to test|to apply|applying|rolling back|to roll back|reverting|to revert|à déployer|à migrer|à tester|à appliquer)\b`)

// roleWords reads the word lists of the roles a whole sentence gives in
// one scan.
var roleWords = prose.NewTaggedWordSet(map[uint64]string{
	uint64(roleStart): startWords, uint64(roleImpact): impactWords, uint64(roleDetect): detectWords, uint64(roleLeadup): leadupWords,
	uint64(roleResolve): resolveWords, uint64(rolePlan): planWords, uint64(rolePublished): publishedWords,
})

var (
	// fieldSep separates the fields of a line of labelled fields.
	fieldSep = regexp.MustCompile(`\s*(?:·|•|\||;|\s—\s|\s–\s)\s*`)
	// incidentField, publishedField and endField are field labels.
	incidentField  = regexp.MustCompile(`(?i)^\W*(date|dates|when|day|incident date|date of (the )?incident|incident start|start(ed)?( (date|time|at|on))?|began|occurred|date de début|heure de début|impact (start|window)|period|window|time|date de l'incident|date de la panne|date et heure|quand|début|période|jour)\W*$`)
	publishedField = regexp.MustCompile(`(?i)\b(published|posted|updated|review|reviewed|written|report|last edited|publié|rédigé|mis à jour|relu|rédaction|publication)\b`)
	// reportOf is a key that names the report of an incident, whose date
	// is the incident's, where "Report date:" is the post's.
	reportOf   = regexp.MustCompile(`(?i)^\W*((outage|incident|post-?mortem|downtime) (report|review)|rapport d.incident|compte rendu d.incident)\W*$`)
	startField = regexp.MustCompile(`(?i)\b(start|started|began|début)\b`)
	endField   = regexp.MustCompile(`(?i)^\W*(resolved|ended|end|fin|résolu|resolution)\W*$`)
)

// fieldKey returns the label of the field that holds offset at of a line
// of labelled fields ("Severity: SEV-2 · Date: Friday 26 April 2024").
func fieldKey(s string, at int) (string, bool) {
	from := 0
	for _, m := range fieldSep.FindAllStringIndex(s, -1) {
		if m[1] > at {
			break
		}
		from = m[1]
	}
	part := s[from:at]
	i := strings.IndexAny(part, ":：")
	if i < 0 || i > 40 {
		return "", false
	}
	if j := strings.LastIndex(part, ": "); j > i {
		return joinedKey(part[:j]), true // "Date : 20 février 2024 Durée : 1 h 45 Date de rédaction : 27 février"
	}
	return part[:i], true
}

// joinedKey returns the label that ends text, on a line whose fields were
// joined without separators: its last words (three at most), back to a
// value's number or a colon.
func joinedKey(text string) string {
	f := strings.Fields(text)
	k := len(f)
	for k > 0 && len(f)-k < 3 && !hasDigit(f[k-1]) && !strings.HasSuffix(f[k-1], ":") {
		k--
	}
	return strings.Join(f[k:], " ")
}

// isFieldLine reports whether s is a line of labelled fields rather than a
// sentence: it opens with "Label:" and is short, or holds several of them.
func isFieldLine(s string) bool {
	n := fieldCount(s)
	return n >= 2 || (n == 1 && len(s) < 80)
}

// fieldCount counts the "Label: value" fields of a short line.
func fieldCount(s string) int {
	if len(s) > 300 {
		return 0
	}
	n := 0
	for _, part := range fieldSep.Split(s, -1) {
		if i := strings.IndexAny(part, ":："); i > 0 && i <= 40 && !strings.ContainsAny(part[:i], ".,") {
			n++
		}
	}
	return n
}

var roleNames = []string{"start", "impact", "detect", "leadup", "resolve", "background", "published", "plan", "field", "history"}

// String names the roles, for the quality harness.
func (r role) String() string {
	var parts []string
	for i, n := range roleNames {
		if r&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, ",")
}
