package ui

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"
)

// A drill tells an incident the way its responders lived it: what users
// saw and how it was noticed first, then the timeline one row at a time,
// and only at the end what caused it and who it happened to. The record's
// summary cannot open a drill, since it says what broke; the scenario is
// built from the impact, the detection and the timeline instead, with
// every sentence held back that names the cause, the trigger or the fix,
// the company or the date.

// drillScript is an incident cut into what the game master reveals, in
// order.
type drillScript struct {
	Scenario []string      // what responders see at first: the impact and the detection
	Rows     []timelineRow // the timeline rows safe to show before the cause; the first opens the drill
	Held     []timelineRow // the whole timeline, unredacted, for the facilitator and the end
}

// timelineRow is one "WHEN: what" step of a timeline.
type timelineRow struct {
	When string
	What string
}

// newDrillScript builds the drill of pm. names are the company's names
// (every spelling) and its product, which the scenario must not say.
func newDrillScript(pm data.Postmortem, names []string) drillScript {
	hold := newHoldBack(pm, names)
	var s drillScript
	for _, text := range []string{pm.Sections.Impact, pm.Sections.Detection} {
		s.Scenario = append(s.Scenario, hold.keep(text)...)
	}
	rows := parseTimeline(pm.Sections.Timeline)
	s.Held = rows
	for _, r := range rows {
		kept := hold.keep(r.What)
		if len(kept) == 0 {
			continue // this row tells the cause or the fix: it waits for the reveal
		}
		s.Rows = append(s.Rows, timelineRow{When: hold.when(r.When), What: strings.Join(kept, " ")})
	}
	return s
}

// parseTimeline reads one "WHEN: what" step a line; a line without a
// "WHEN: " prefix is a step without a time.
func parseTimeline(text string) []timelineRow {
	var out []timelineRow
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*•"))
		if line == "" {
			continue
		}
		when, what, ok := strings.Cut(line, ": ")
		if !ok || utf8.RuneCountInString(when) > 40 {
			when, what = "", line
		}
		out = append(out, timelineRow{When: strings.TrimSpace(when), What: strings.TrimSpace(what)})
	}
	return out
}

// holdBack decides which sentences a scenario may show.
type holdBack struct {
	cause map[string]bool // the distinctive cause terms, as stems (causeTerms)
	names *regexp.Regexp  // the company's names; nil when none
	anon  string          // what stands for them, in the record's language
	// product matches the product's name, alone or after the company's
	// ("Amazon S3"), which reads as "the service"; nil when none.
	product     *regexp.Regexp
	productAnon string
	causes      []string // word keys of the root cause's sentences
}

// dateRE matches what dates an incident: a year, an ISO date, a month name.
var dateRE = regexp.MustCompile(`(?i)\b\d{4}-\d\d-\d\d\b|\b(1[89]\d\d|20\d\d)\b|\b(january|february|march|april|june|july|august|september|october|november|december|janvier|février|avril|juillet|août|septembre|octobre|novembre|décembre|christmas|thanksgiving|noël)\b`)

// revealCues are word beginnings that name a cause, a trigger or a fix in
// English or French prose; a sentence with one waits for the reveal.
var revealCues = []string{
	"because", "cause", "caused", "due to", "root", "trigger", "bug", "mistake", "misconfig", "typo",
	"roll back", "rolled back", "rollback", "revert", "restor", "fixed", "fix ", "patch", "workaround",
	"mitigat", "resolved", "résolu", "recover", "rebuil", "repair", "back to normal", "disabl", "found that",
	"learn", "realis", "realiz", "identif", "traced", "turned out", "parce que", "à cause", "en raison",
	"shut down", "shut off", "turned off", "stopped the", "failed over", "fail over", "evacuat", "reroute",
	"purg", "flush", "redeploy", "restart", "removed the", "replaced the", "finds", "found ", "discover",
	"diagnos", "determin", "comes back", "come back", "came back", "returns", "returned", "back online",
	"back up", "relaunch", "recreat", "healthy again", "normal again", "trouvé", "découv",
	"corrig", "rétabl", "restaur", "annul",
}

// causeTerms are the distinctive terms of pm's cause, as stems: the
// content words of its root cause that are not the common vocabulary of
// outages and that its impact, what users saw, does not use. A scenario
// naming one would give the cause away.
func causeTerms(pm data.Postmortem) map[string]bool {
	symptoms := stems(pm.Sections.Impact)
	out := map[string]bool{}
	for _, text := range []string{pm.RootCause, pm.Sections.RootCause} {
		for st := range stems(text) {
			if !symptoms[st] {
				out[st] = true
			}
		}
	}
	return out
}

func newHoldBack(pm data.Postmortem, names []string) holdBack {
	h := holdBack{cause: causeTerms(pm), names: namesRE(append(names, pm.Company)), anon: "the company", productAnon: "the service"}
	if pm.Language == "fr" {
		h.anon, h.productAnon = "l’entreprise", "le service"
	}
	if p := strings.TrimSpace(pm.Product); p != "" {
		products := []string{p}
		for _, n := range append(names, pm.Company) {
			if n = strings.TrimSpace(n); n != "" {
				products = append(products, n+" "+p)
			}
		}
		h.product = namesRE(products)
	}
	for _, text := range []string{pm.RootCause, pm.Sections.RootCause} {
		for _, s := range splitSentences(text) {
			if k := wordKey(s); k != "" {
				h.causes = append(h.causes, k)
			}
		}
	}
	return h
}

// namesRE matches any of names as whole words, without case, longest
// first.
func namesRE(names []string) *regexp.Regexp {
	var alts []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(alts, regexp.QuoteMeta(n)) {
			alts = append(alts, regexp.QuoteMeta(n))
		}
	}
	if len(alts) == 0 {
		return nil
	}
	slices.SortFunc(alts, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`(?i)\b(` + strings.Join(alts, "|") + `)\b`)
}

// keep returns the sentences of text a scenario may show, with the
// company's names replaced by "the company" ("l’entreprise").
func (h holdBack) keep(text string) []string {
	var out []string
	for _, s := range splitSentences(text) {
		s = anonymise(s, h.product, h.productAnon)
		s = anonymise(s, h.names, h.anon)
		if h.safe(s) {
			out = append(out, s)
		}
	}
	return out
}

// anonymise replaces what re matches in s by anon, capitalised at the
// start of the sentence.
func anonymise(s string, re *regexp.Regexp, anon string) string {
	if re == nil {
		return s
	}
	s = re.ReplaceAllLiteralString(s, anon)
	if r, size := utf8.DecodeRuneInString(s); strings.HasPrefix(s, anon) {
		s = string(unicode.ToUpper(r)) + s[size:]
	}
	return s
}

// safe reports whether sentence s says nothing of the cause, the fix or
// the date.
func (h holdBack) safe(s string) bool {
	key := wordKey(s)
	if key == "" || dateRE.MatchString(s) {
		return false
	}
	for _, c := range h.causes {
		if strings.Contains(key, c) || strings.Contains(c, key) {
			return false
		}
	}
	lower := strings.ToLower(s)
	for _, cue := range revealCues {
		if strings.Contains(lower, cue) {
			return false
		}
	}
	for st := range stems(s) {
		if h.cause[st] {
			return false
		}
	}
	return true
}

// when keeps a timeline row's time but not its date ("12:24 PST" from
// "2012-12-24 12:24 PST"); a time that is all date gives "".
func (h holdBack) when(w string) string {
	if !dateRE.MatchString(w) {
		return w
	}
	w = dateRE.ReplaceAllString(w, "")
	w = strings.Trim(strings.Join(strings.Fields(w), " "), " ,;-–")
	if !strings.ContainsFunc(w, unicode.IsDigit) {
		return ""
	}
	return w
}

// splitSentences cuts text at ". ", "! " and "? " before a capital or a
// digit, and at line ends.
func splitSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = collapseSpace(line)
		start := 0
		for i := 0; i+2 < len(line); i++ {
			if !strings.ContainsRune(".!?", rune(line[i])) || line[i+1] != ' ' {
				continue
			}
			next, _ := utf8.DecodeRuneInString(line[i+2:])
			if unicode.IsUpper(next) || unicode.IsDigit(next) {
				out = append(out, line[start:i+1])
				start = i + 2
			}
		}
		if rest := strings.TrimSpace(line[start:]); rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// stems returns the crude stems of text's content words: lower case,
// common English endings cut, short and function words left out. Both
// sides of a comparison go through it, so it need not be a real stemmer.
func stems(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if st := stem(w); st != "" {
			out[st] = true
		}
	}
	return out
}

func stem(w string) string {
	if utf8.RuneCountInString(w) < 4 || commonWords[w] {
		return ""
	}
	for _, suf := range []string{"ing", "ed", "es", "s", "ly", "er"} {
		if base, ok := strings.CutSuffix(w, suf); ok && utf8.RuneCountInString(base) >= 4 {
			w = base
			break
		}
	}
	if commonWords[w] {
		return ""
	}
	return w
}

// commonWords are words that say nothing of one incident's cause: function
// words and the vocabulary every outage shares.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`about above after again against also among another because been before
	being below between both could does doing down during each even every from further have having here into
	itself just last like made make many more most much must near next once only other ours over same several
	should since some such than that their them then there these they this those through under until very
	what when where which while whom will with within without would your were first still then when
	time minute hour hours minutes seconds second while later began begin start started user users customer
	customer service services system systems request error errors fail failed failure outage part some
	engineer engineers team teams site sites traffic server servers network internal production platform
	tool tools operator operators company companies across around people could would thing things
	region regions zone zones data centre center centres centers whole many most
	work works working worked stop stopped stopping running meant
	dans avec pour mais plus sont leur leurs cette entre après avant pendant depuis comme tout tous toutes
	elle elles être avait avaient était étaient fait faire`) {
		m[w] = true
	}
	return m
}()
