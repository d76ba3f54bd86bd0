package page

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pmkb/pmkb/data"
)

// sectionHeadings maps a heading's text to the section it opens, in English
// and French. Order matters: the first match wins, so the more specific
// names ("root cause", "action items") come before the generic ones.
var sectionHeadings = []struct {
	section string
	re      *regexp.Regexp
}{
	// Retrospective parts of the templates ("What went well", PagerDuty's
	// "How'd we do?") go with the action items, before "what went wrong"
	// can claim them for the root cause.
	{data.SectionActionItems, regexp.MustCompile(`(?i)^what went (well|right)\b|\bwhere we got lucky\b|\bwhat (didn'?t|did not) go (so )?well\b|\bwhat could (have gone|be done|go) better\b|\bhow'?d we do\b|\bhow did we do\b|^ce qui a (bien )?fonctionn[ée]|^ce qui (a|aurait pu) (moins bien|mieux) fonctionn|^points? (positifs?|d'am[ée]lioration)|\bretours? d'exp[ée]rience\b`)},
	{data.SectionDetection, regexp.MustCompile(`(?i)^(detection|discovery)\b|^how (we|it was|they) (detected|noticed|found|discovered)\b|^how (was|were) (it|this|the \w+) (detected|noticed|discovered)\b|^how we found out\b|^d[ée]tection\b|^(comment|quand) (avons-nous|nous avons|l'incident a [ée]t[ée]) (d[ée]tect|rep[ée]r|vu|constat)`)},
	{data.SectionRootCause, regexp.MustCompile(`(?i)\broot[ -]?causes?\b|\bwhat went wrong\b|\bwhy (did )?(it|this|that) (happen|break)|\bwhy did this break|\bcauses? (of|de)\b|^causes?\b|\bcontributing factors?\b|\bcauses? racines?\b|^origine\b|\banalyse des causes\b|^pourquoi\b|\bwhat caused\b|\btechnical (details|analysis|explanation|summary)\b|^analysis\b|^why\b|^whys$|^the (problem|bug|issue|cause)\b|^what happened and why\b|^investigation\b|^analyse\b|^triggers?\b|^d[ée]clencheurs?\b|^fault$|^the fault\b|^d[ée]faillance\b|\b(five|5) whys\b|\b(cinq|5) pourquoi\b|\bhow did this happen\b|^facteurs? (contributifs?|aggravants?)\b`)},
	{data.SectionActionItems, regexp.MustCompile(`(?i)\baction items?\b|\bnext steps?\b|\bfollow[- ]?ups?\b|\blessons? learn(ed|t)\b|\bpreventi(ve|on)\b|\bcorrective\b|\bremediation (items|actions|plan|steps)\b|\bwhat we('| a)re doing\b|\bwhat we will do\b|\bwhat('s| is) next\b|\bgoing forward\b|\bfuture work\b|\bimprovements?\b|\blearnings?\b|\btakeaways?\b|\bactions? correctives?\b|\bplan d'actions?\b|\bprochaines? [ée]tapes?\b|\ble[cç]ons\b|\bretex\b|\bam[ée]liorations?\b|^pistes\b|\bactions (à|a) mener\b|^todo\b|^actions?$|^remediations?$|\bfuture (plans|steps)\b|\bour plans\b|\bactions? (de suivi|pr[ée]ventives?)\b|^suivi\b`)},
	{data.SectionTimeline, regexp.MustCompile(`(?i)\btime ?lines?\b|\bchronolog|\bsequence of events\b|^events$|\bdetailed events\b|^d[ée]roul[ée]|^historique\b|\bwhat happened when\b|\btimeline of events\b|^key (moments|events)\b|^(status )?updates$|^fil des [ée]v[ée]nements\b`)},
	{data.SectionImpact, regexp.MustCompile(`(?i)\bimpacts?\b|\bwho was affected\b|^scope\b|^severity\b|^effects?$|\bcons[ée]quences?\b|\bcustomers? affected\b|\baffected (services|customers|users|crates|systems)\b|\bwhat was impacted\b|^p[ée]rim[èe]tre\b|^gravit[ée]`)},
	{data.SectionMitigation, regexp.MustCompile(`(?i)\bmitigations?\b|\bmitigators?\b|\bresolution\b|\brecovery\b|\bworkarounds?\b|^remediation\b|^the fix\b|^fix(es)?$|\bhow we fixed\b|^response\b|^restor|\bcontournements?\b|\br[ée]solution\b|\bcorrectifs?\b|\br[ée]tablissement\b|^solutions?\b|\brem[eè]des?\b|\bactions imm[ée]diates\b|^recover|^actions taken\b|^fix attempt|^r[ée]ponse\b|^reprise\b|^r[ée]cup[ée]ration\b|^remise en (service|route)\b|^correction\b`)},
	{data.SectionSummary, regexp.MustCompile(`(?i)\bsummary\b|\boverview\b|^tl;? ?dr\b|^what happened\??$|^description\b|^introduction\b|^incident( summary| overview| description| report)?$|^background\b|^context\b|\br[ée]sum[ée]|\bsynth[èe]se\b|^contexte\b|^probl[èe]me\b|^current status\b|^the incident\b|^issue$|^initial problems?\b|^leadup\b|^lead-up\b|^ce qui s'est pass[ée]|^que s'est-il pass[ée]|^en bref\b`)},
}

// sectionCache remembers what common headings open ("Summary",
// "Timeline"): the same few hundred headings come back on every page.
var sectionCache sync.Map

const sectionCacheMax = 20000

var sectionCacheLen atomic.Int64

// SectionOf returns the section a heading opens, or "".
func SectionOf(heading string) string {
	if v, ok := sectionCache.Load(heading); ok {
		return v.(string)
	}
	s := sectionOfUncached(heading)
	if len(heading) <= 60 && sectionCacheLen.Load() < sectionCacheMax {
		if _, loaded := sectionCache.LoadOrStore(heading, s); !loaded {
			sectionCacheLen.Add(1)
		}
	}
	return s
}

func sectionOfUncached(heading string) string {
	h := strings.TrimSpace(strings.Trim(headingNumber.ReplaceAllString(heading, ""), "#*:_ "))
	if len(h) > 60 || len(strings.Fields(h)) > 8 {
		return ""
	}
	for _, s := range sectionHeadings {
		if s.re.MatchString(h) {
			return s.section
		}
	}
	return ""
}

// headingNumber is a heading's numbering: "2.", "3)", "IV.".
var headingNumber = regexp.MustCompile(`^\s*([0-9]+|[IVX]+)[.)]?\s+`)

// labelPrefix matches a paragraph that opens with its own heading:
// "Root cause: ...", "Impact - ...".
var labelPrefix = regexp.MustCompile(`^([A-Za-zÀ-ÿ' ]{3,40}?)\s*[:：–—]\s+\S`)

// AssignSections marks each block with the section it belongs to. A heading
// that names a section opens it; the section runs until a heading of the same
// or a higher level, or a heading naming another section. A paragraph that
// starts with a label ("Root cause: ...") belongs to the label's section on
// its own.
func AssignSections(bs []Block) []string {
	out := make([]string, len(bs))
	cur, curLevel := "", 0
	for i, b := range bs {
		if b.Kind == KindHeading {
			s := SectionOf(b.Text)
			if s != "" {
				bs[i].opens = true
			}
			switch {
			case s != "":
				cur, curLevel = s, b.Level
			case b.Level <= curLevel:
				cur, curLevel = "", 0
			}
			out[i] = cur
			continue
		}
		out[i] = cur
		if b.section != "" {
			out[i] = b.section
			continue
		}
		head := b.Text[:min(len(b.Text), 48)]
		if !strings.ContainsAny(head, ":：–—") {
			continue
		}
		if m := labelPrefix.FindStringSubmatch(b.Text); m != nil {
			if s := SectionOf(m[1]); s != "" {
				out[i] = s
			}
		}
	}
	return out
}

// BuildSections joins the text of each section's blocks (headings left out).
func BuildSections(bs []Block, secs []string) data.Sections {
	parts := map[string][]string{}
	for i, b := range bs {
		if secs[i] == "" || b.opens {
			continue
		}
		parts[secs[i]] = append(parts[secs[i]], b.Text)
	}
	get := func(s string) string { return strings.Join(parts[s], "\n\n") }
	return data.Sections{
		Summary:     get(data.SectionSummary),
		Timeline:    get(data.SectionTimeline),
		RootCause:   get(data.SectionRootCause),
		Impact:      get(data.SectionImpact),
		Detection:   get(data.SectionDetection),
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

// FallbackSections fills the sections that no heading opened from cue
// sentences, so a narrative blog post still gets an anatomy. The summary is
// the lead: the first paragraphs up to about 600 characters.
func FallbackSections(s *data.Sections, sents []Sentence, bs []Block) {
	if s.Summary == "" {
		var lead []string
		n := 0
		for _, b := range bs {
			if b.Kind != KindPara || len(b.Text) < 40 {
				continue
			}
			lead = append(lead, b.Text)
			if n += len(b.Text); n > 600 || len(lead) == 2 {
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
			// The lead and an unlabelled summary tell the impact too.
			free := st.Section == "" || section == data.SectionImpact && st.Section == data.SectionSummary
			if st.Heading || !free || len(picked) == 4 {
				continue
			}
			if fallbackCues[section].MatchString(st.Text) {
				picked = append(picked, st.Text)
			}
		}
		*dst = strings.Join(picked, " ")
	}
	fill(&s.Impact, data.SectionImpact)
	fill(&s.Mitigation, data.SectionMitigation)
	fill(&s.ActionItems, data.SectionActionItems)
	fill(&s.Timeline, data.SectionTimeline)
}
