package extract

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// sectionHeadings maps a heading's text to the section it opens, in English
// and French. Order matters: the first match wins, so the more specific
// names ("root cause", "action items") come before the generic ones.
var sectionHeadings = []struct {
	section string
	re      *regexp.Regexp
}{
	{data.SectionRootCause, regexp.MustCompile(`(?i)root[ -]?causes?|what went wrong|why (did )?(it|this|that) happen|cause(s)? (of|de)|^causes?\b|contributing factors?|causes? racines?|^origine|analyse des causes|^pourquoi|what caused|technical (details|analysis|explanation)|^analysis\b|^why\b|^the (problem|bug|issue)\b|^what happened and why|^investigation|^analyse\b`)},
	{data.SectionActionItems, regexp.MustCompile(`(?i)action items?|next steps?|follow[- ]?ups?|lessons? learn(ed|t)|preventi(ve|on)|corrective actions?|remediation (items|actions|plan)|what we('| a)re doing|what we will do|what('s| is) next|going forward|future work|improvements?|learnings?|takeaways?|actions? correctives?|plan d'actions?|prochaines? étapes?|le[cç]ons|retex|am[ée]liorations?|pistes|actions (à|a) mener|^todo|^actions?$|^remediations?$`)},
	{data.SectionTimeline, regexp.MustCompile(`(?i)time ?line|chronolog|sequence of events|^events$|detailed events|^d[ée]roul[ée]|^historique|what happened when`)},
	{data.SectionImpact, regexp.MustCompile(`(?i)impact|who was affected|^scope\b|^severity|^effects?$|cons[ée]quences?|customers? affected|user experience`)},
	{data.SectionMitigation, regexp.MustCompile(`(?i)mitigation|resolution|recovery|workaround|^remediation|^the fix|^fix(es)?$|how we fixed|^response|^restor|contournement|r[ée]solution|correctifs?|r[ée]tablissement|^solution|rem[eè]de|actions imm[ée]diates|^recover`)},
	{data.SectionSummary, regexp.MustCompile(`(?i)summary|overview|^tl;? ?dr|^what happened\??$|^description|^introduction|^incident( summary| overview| description| report)?$|^background|^context|r[ée]sum[ée]|synth[èe]se|^contexte|^probl[èe]me|^current status|^the incident|^issue$`)},
}

// sectionOf returns the section a heading opens, or "".
func sectionOf(heading string) string {
	h := strings.TrimSpace(strings.Trim(heading, "#*:_ "))
	if len(h) > 60 {
		return ""
	}
	for _, s := range sectionHeadings {
		if s.re.MatchString(h) {
			return s.section
		}
	}
	return ""
}

// labelPrefix matches a paragraph that opens with its own heading:
// "Root cause: ...", "Impact - ...".
var labelPrefix = regexp.MustCompile(`^([A-Za-zÀ-ÿ' ]{3,40}?)\s*[:：–—]\s+\S`)

// assignSections marks each block with the section it belongs to. A heading
// that names a section opens it; the section runs until a heading of the same
// or a higher level, or a heading naming another section. A paragraph that
// starts with a label ("Root cause: ...") belongs to the label's section on
// its own.
func assignSections(bs []block) []string {
	out := make([]string, len(bs))
	cur, curLevel := "", 0
	for i, b := range bs {
		if b.kind == kindHeading {
			s := sectionOf(b.text)
			switch {
			case s != "":
				cur, curLevel = s, b.level
			case b.level <= curLevel:
				cur, curLevel = "", 0
			}
			out[i] = cur
			continue
		}
		out[i] = cur
		if m := labelPrefix.FindStringSubmatch(b.text); m != nil {
			if s := sectionOf(m[1]); s != "" {
				out[i] = s
			}
		}
	}
	return out
}

// buildSections joins the text of each section's blocks (headings left out).
func buildSections(bs []block, secs []string) data.Sections {
	parts := map[string][]string{}
	for i, b := range bs {
		if secs[i] == "" || (b.kind == kindHeading && sectionOf(b.text) != "") {
			continue
		}
		parts[secs[i]] = append(parts[secs[i]], b.text)
	}
	get := func(s string) string { return strings.Join(parts[s], "\n\n") }
	return data.Sections{
		Summary:     get(data.SectionSummary),
		Timeline:    get(data.SectionTimeline),
		RootCause:   get(data.SectionRootCause),
		Impact:      get(data.SectionImpact),
		Mitigation:  get(data.SectionMitigation),
		ActionItems: get(data.SectionActionItems),
	}
}

// fallbackCues find a section's sentences in a free-form narrative.
var fallbackCues = map[string]*regexp.Regexp{
	data.SectionImpact:      regexp.MustCompile(`(?i)\b(customers?|users?) (were|was|could not|couldn't|experienced|saw)|\b(impact(ed)?|affected|unavailable|degraded|outage lasted|error rates?)\b|\butilisateurs\b|indisponib|impact[ée]s?\b`),
	data.SectionMitigation:  regexp.MustCompile(`(?i)\b(rolled back|roll(ed)? ?back|reverted|restored|mitigated|recovered|failed over|restarted|we fixed|was fixed|resolved|workaround)\b|\b(r[ée]tabli|corrig[ée]|red[ée]marr|contourn)`),
	data.SectionActionItems: regexp.MustCompile(`(?i)\b(we will|we'll|we are (adding|working|going|improving|changing)|going forward|to prevent|in the future|we plan|we have (since )?(added|implemented)|action items?)\b|\b(nous allons|afin d'éviter|à l'avenir|pour éviter)\b`),
	data.SectionTimeline:    regexp.MustCompile(`^(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}|at \d{1,2}:\d{2}|à \d{1,2}h)`),
}

// fallbackSections fills the sections that no heading opened from cue
// sentences, so a narrative blog post still gets an anatomy. The summary is
// the lead: the first paragraphs up to about 600 characters.
func fallbackSections(s *data.Sections, sents []sentence, bs []block) {
	if s.Summary == "" {
		var lead []string
		n := 0
		for _, b := range bs {
			if b.kind != kindPara || len(b.text) < 40 {
				continue
			}
			lead = append(lead, b.text)
			if n += len(b.text); n > 600 || len(lead) == 2 {
				break
			}
		}
		s.Summary = strings.Join(lead, "\n\n")
	}
	fill := func(dst *string, section string) {
		if *dst != "" {
			return
		}
		var picked []string
		for _, st := range sents {
			if st.heading || st.section != "" || len(picked) == 4 {
				continue
			}
			if fallbackCues[section].MatchString(st.text) {
				picked = append(picked, st.text)
			}
		}
		*dst = strings.Join(picked, " ")
	}
	fill(&s.Impact, data.SectionImpact)
	fill(&s.Mitigation, data.SectionMitigation)
	fill(&s.ActionItems, data.SectionActionItems)
	fill(&s.Timeline, data.SectionTimeline)
}
