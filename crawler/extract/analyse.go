package extract

import (
	"math"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// analyse turns a read page into an article: title and metadata, sections,
// root cause, dates, categories and technologies. It also returns how the
// categories were scored, which the harness reports.
func (e *Extractor) analyse(in Input, u *url.URL, p page) (data.Article, classification) {
	host := ""
	if u != nil {
		host = u.Hostname()
	}
	var a data.Article
	a.Company = resolveCompany(in.Company, p.siteName, in.URL, e.domains)
	a.Title = pageTitle(p, in, u, host, a.Company)
	blocks := dropTitleBlock(p.blocks, a.Title)
	a.Body = joinBlocks(p.blocks)
	a.Language = data.DetectLanguage(a.Body, p.lang)
	lang := a.Language
	a.Published = p.published
	a.Product = productOf(a.Title, a.Company)

	secs := assignSections(blocks)
	sents := sentencesOf(blocks, secs)
	a.Sections = buildSections(blocks, secs)
	cues := sentenceCues(sents)
	units, first := e.classifier.units(a.Title, in.Blurb, sents, cues)
	hits := e.classifier.match(units, lang)
	strong := e.classifier.strongCats(hits, len(units))
	rcIdx, confident := rootCause(sents, cues, func(i int) float64 { return 0.75 * float64(min(strong[first+i], 2)) })
	rcUnits := make([]int, len(rcIdx))
	for k, i := range rcIdx {
		e.classifier.raiseRootCause(&units[first+i], confident)
		rcUnits[k] = first + i
	}
	hits = append(hits, e.classifier.matchAll(units, rcUnits, lang, hits)...)
	a.RootCause = joinSentences(sents, rcIdx)
	fallbackSections(&a.Sections, sents, blocks)
	if a.Sections.RootCause == "" {
		a.Sections.RootCause = a.RootCause
	}
	a.Summary = summaryOf(a.Sections.Summary, p.desc, in.Blurb)

	urlDate, fileDate := "", false
	if u != nil {
		urlDate, fileDate = dateFromURL(u.Path)
	}
	if a.Published == "" {
		a.Published = publishedFromText(p.blocks)
	}
	if a.Published == "" && !fileDate {
		a.Published = urlDate // /2021/10/04/slug is the day the post went up
	}
	if !fileDate {
		urlDate = ""
	}
	it := findIncidentTimes(a.Title, sents, a.Published, urlDate)
	a.IncidentDate, a.Start, a.End, a.DurationMinutes = it.date, it.start, it.end, it.minutes

	cls := e.classifier.classify(units, hits)
	if e.trace != nil {
		e.trace(units, hits, cls)
	}
	a.Categories, a.CategoryScores, a.CategoryEvidence = cls.slugs, cls.scores, cls.evidence
	if a.Categories == nil {
		a.Categories = []string{}
	}
	a.Technologies = e.tech.Find(a.Title + "\n" + a.Body)
	return a, cls
}

// pageTitle picks the page's title, then the first heading, then the list's
// blurb, then the URL's last path segment.
func pageTitle(p page, in Input, u *url.URL, host, company string) string {
	if t := cleanTitle(p.title, p.titleRaw, p.siteName, company, host); t != "" {
		return t
	}
	for _, level := range []int{1, 2} {
		for _, b := range p.blocks {
			if b.kind == kindHeading && b.level == level && (sectionOf(b.text) == "" || len(strings.Fields(b.text)) > 3) {
				return cleanTitle(b.text, false, "", "", "")
			}
		}
	}
	if s := splitSentences(in.Blurb); len(s) > 0 {
		return truncate(s[0], 120)
	}
	if u != nil {
		base := path.Base(u.Path)
		if dec, err := url.PathUnescape(base); err == nil {
			base = dec
		}
		if base = strings.TrimSuffix(base, path.Ext(base)); base != "" && base != "/" && base != "." {
			if t := slugTitle(base); t != "" {
				return t
			}
		}
	}
	for _, b := range p.blocks {
		if s := splitSentences(b.text); len(s) > 0 {
			return truncate(s[0], 120)
		}
	}
	return ""
}

// slugTitle turns a file or URL slug into words, keeping the hyphens of
// dates ("2024-02-28-db-stall" -> "2024-02-28 db stall").
func slugTitle(slug string) string {
	b := []byte(slug)
	for i, c := range b {
		isDigit := func(j int) bool { return j >= 0 && j < len(b) && b[j] >= '0' && b[j] <= '9' }
		if c == '_' || c == '+' || (c == '-' && !(isDigit(i-1) && isDigit(i+1))) {
			b[i] = ' '
		}
	}
	return collapseSpace(string(b))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut < n/2 {
		cut = n
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// dropTitleBlock removes the heading that repeats the title, so it does not
// open a section of its own.
func dropTitleBlock(bs []block, title string) []block {
	for i, b := range bs {
		if i > 3 {
			break
		}
		if b.kind == kindHeading && b.level <= 2 && normName(b.text) == normName(title) {
			return append(append([]block(nil), bs[:i]...), bs[i+1:]...)
		}
	}
	return bs
}

// otherIncident marks a sentence about another incident than the one the
// post is about: a previous or unrelated outage, another post-mortem. It
// runs on lower-cased text.
var otherIncident = regexp.MustCompile(`\b(see|described in|covered in|detailed in) (the |our |a |its own |an? )?(previous |earlier |separate |other |related )?(post-?mortem|incident report|write-?up)|\b(a |an |the )?(previous|earlier|prior|separate|unrelated|last week's|another|older) (incident|outage|post-?mortem|incident report)s?\b|\bpm\d{4}-\d+`)

// otherIncidentWords are the words one of which any otherIncident match
// holds: most sentences skip the regexp.
var otherIncidentWords = newLitMatcher([]string{"mortem", "incident", "outage", "write-up", "writeup", "pm1", "pm2"})

// aboutOtherIncident reports whether a sentence, lower-cased, is about
// another incident than the post's.
func aboutOtherIncident(lower string) bool {
	return otherIncidentWords.contains(lower) && otherIncident.MatchString(lower)
}

// detectionHeading opens a part about how the incident was noticed: what it
// says happened is the symptom, not the cause.
var detectionHeading = regexp.MustCompile(`(?i)^\W*(detection|discovery|how (we|it was) (detected|noticed|found|discovered)( it)?|how was (it|this|the \w+) detected|d[ée]tection)\b`)

// backgroundHeading opens a part that explains how things normally work:
// what it says is true of the system, not of the incident.
var backgroundHeading = regexp.MustCompile(`(?i)^\W*(background|context|contexte|primer|a primer|some context|a bit of context)\b|^\W*how (\w+ ){1,3}works?\W*$|^\W*(what is|what are|about) (\w+ ){1,3}\??\W*$`)

// sentencesOf splits every block into sentences, each tagged with its block
// and section, and marked aside under a background heading.
func sentencesOf(bs []block, secs []string) []sentence {
	var out []sentence
	aside, detect := false, false
	for i, b := range bs {
		if b.kind == kindHeading {
			aside, detect = backgroundHeading.MatchString(b.text), detectionHeading.MatchString(b.text)
			out = append(out, sentence{text: b.text, lower: strings.ToLower(b.text), block: i, section: secs[i], heading: true, aside: aside, detect: detect})
			continue
		}
		text := b.text
		if b.kind == kindPre && len(text) > 2000 {
			text = text[:2000] // a log dump says little and costs a lot
		}
		for _, s := range splitSentences(text) {
			out = append(out, sentence{text: s, lower: strings.ToLower(s), block: i, section: secs[i], code: b.kind == kindPre, aside: aside, detect: detect})
		}
	}
	return out
}

// summaryOf takes the summary section's first sentences, else the page's
// description, else the list's blurb.
func summaryOf(section, desc, blurb string) string {
	if section != "" {
		var b strings.Builder
		for _, s := range splitSentences(strings.ReplaceAll(section, "\n\n", "\n")) {
			if b.Len() > 0 && b.Len()+len(s) > 600 {
				break
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
		return b.String()
	}
	return firstNonEmpty(desc, blurb)
}

// zoneOf weighs a sentence by the section it sits in.
func (t tuning) zoneOf(section string) float64 {
	switch section {
	case data.SectionRootCause:
		return zoneRootCause
	case data.SectionSummary:
		return t.summary
	case data.SectionActionItems:
		return t.action
	case data.SectionTimeline:
		return t.timeline
	case data.SectionImpact, data.SectionMitigation:
		return t.side
	}
	return t.body
}

// rootCauseZone weighs the n-th sentence (from 1) of a root-cause section:
// the first rcKeep count fully, later ones less and less, down to the body's
// weight. A long "What went wrong" part goes on to tell the recovery and
// side issues, which are not the cause.
func (t tuning) rootCauseZone(n int) float64 {
	if n <= t.rcKeep {
		return zoneRootCause
	}
	return max(t.body, zoneRootCause*math.Pow(t.rcDecay, float64(n-t.rcKeep)))
}

// noAnswer is the reply that negates the heading above it ("Security
// related" / "No").
var noAnswer = regexp.MustCompile(`(?i)^\W*(no|none|n/a|non|aucun|aucune|nope)\W*$`)

// units lays out what the classifier reads: title, blurb, then every
// sentence weighted by its zone; preformatted text (logs, code) weighs at
// most tune.code, since a log line shows symptoms and code names things,
// and background parts at most tune.background. A sentence that states a cause (its cue
// score reaches causalCue) is marked causal; a hypothetical or
// counterfactual one ("if", "in theory", "could have") weighs less. first is
// the index of the first sentence's unit; the caller raises the root-cause
// sentences to zoneRootCause once it knows them.
func (c *classifier) units(title, blurb string, sents []sentence, cues []float64) (units []unit, first int) {
	units = []unit{{text: title, weight: zoneTitle, heading: true}}
	if blurb != "" {
		units = append(units, unit{text: blurb, weight: zoneBlurb})
	}
	first = len(units)
	inRC := 0 // sentences seen so far in the current root-cause section
	for i := range sents {
		s := &sents[i]
		u := unit{text: s.text, lower: s.low(), weight: c.tune.zoneOf(s.section), heading: s.heading}
		if s.section != data.SectionRootCause {
			inRC = 0
		} else if !s.heading {
			inRC++
			u.weight = c.tune.rootCauseZone(inRC)
		}
		if s.code {
			u.weight = min(u.weight, c.tune.code)
		}
		if s.aside || (!s.heading && u.weight > c.tune.background && aboutOtherIncident(u.lower)) {
			u.weight = min(u.weight, c.tune.background)
		}
		if s.heading && i+1 < len(sents) && noAnswer.MatchString(sents[i+1].text) {
			u.negated = true
		}
		if !s.heading {
			u.causal = cues[i] >= c.tune.causalCue
			if c.tune.hypoFactor < 1 && isHypothetical(u.text, u.lower) {
				u.weight *= c.tune.hypoFactor
				u.causal, u.hypo = false, true
			}
		}
		units = append(units, u)
	}
	return units, first
}

// raiseRootCause weighs a root-cause sentence as such: fully when the picker
// found a stated cause, like the summary when it fell back to the lead, and
// less when the sentence is hypothetical.
func (c *classifier) raiseRootCause(u *unit, confident bool) {
	w := zoneRootCause
	if !confident {
		w = c.tune.summary
	}
	if u.hypo {
		w *= c.tune.hypoFactor
	}
	u.weight = max(u.weight, w)
}

// isHypothetical reports whether a sentence imagines, suspects or plans
// ("we will add alerting", "going forward") rather than reports: its words are weaker evidence of what happened. lower
// is the sentence lower-cased; the body regexp runs only when one of its
// words occurs.
func isHypothetical(text, lower string) bool {
	if hypoFirst[firstWord(lower)] && hypoStart.MatchString(text) {
		return true
	}
	return hypoWords.contains(lower) && hypoBody.MatchString(text)
}

// firstWord returns the first run of letters of s.
func firstWord(s string) string {
	i := 0
	for i < len(s) && !isLetterByte(s[i]) {
		i++
	}
	j := i
	for j < len(s) && isLetterByte(s[j]) {
		j++
	}
	return s[i:j]
}

// hypoFirst are the first words of the sentences hypoStart may match.
var hypoFirst = map[string]bool{"if": true, "in": true, "theoretically": true, "hypothetically": true,
	"imagine": true, "suppose": true, "had": true, "were": true, "si": true}

var (
	hypoStart = regexp.MustCompile(`(?i)^\W*(if|in theory|theoretically|hypothetically|imagine|suppose|had we|were we|si)\b`)
	hypoBody  = regexp.MustCompile(`(?i)\b(could|would|might|should|may) (not )?have (been )?\b|\b(we|i) (initially |first |originally )?(thought|suspected|assumed|wondered|guessed)\b|\b(my|our) (first|initial) (idea|guess|thought|suspicion|hypothesis)\b|\b(to|help) (prevent|avoid)\b|\b(risks?|danger|fear) (of|to consider|such as)\b|\b(aurai(en)?t|aurions|pourrai(en)?t) (pu|dû|été)\b|\bpour (éviter|prévenir)\b|\b(we|i|the team) (will|shall|plan to|intend to|are going to|want to|would like to|need to|should)\b|\b(we|i)'ll\b|\b(going|moving) forward\b|\bin the future\b|\bnous (allons|prévoyons|devons)\b`)
	// hypoWords are the words one of which any hypoBody match holds.
	hypoWords = newLitMatcher([]string{"ld have", "ht have", "may have", "not have", "thought", "suspected", "assumed", "wondered", "guessed", "idea", "guess", "suspicion",
		"hypothesis", "prevent", "avoid", "risk", "danger", "fear", "aurai", "pourrai", "éviter", "prévenir",
		"will", "shall", "plan to", "intend", "going to", "want to", "would like", "need to", "should", "'ll", "forward", "future", "nous allons", "prévoyons", "devons"})
)
