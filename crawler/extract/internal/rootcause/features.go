// Package rootcause scores each sentence of a post-mortem as the statement of its root cause: a small linear model over what the sentence says and where it sits, trained on our own synthetic post-mortems (see train/).
package rootcause

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

// Feature indexes. Every feature is between 0 and 1. The list is the
// model's contract with weights.go: add at the end and retrain.
const (
	fSecRootCause = iota
	fSecSummary
	fSecTimeline
	fSecImpact
	fSecDetection
	fSecMitigation
	fSecAction
	fLead      // one of the first three sentences outside any section
	fNoSection // later, outside any section
	fHeadCause
	fHeadHappened
	fHeadBackground
	fHeadFactors
	fHeadTrigger
	fHeadIdentified
	fFirstInSection
	fSecondInSection
	fLaterInSection
	fFirstInBlock
	fRelPos
	fCue
	fCueStrong
	fSignal
	fNegation
	fDefect
	fChange
	fMechanism
	fSymptom
	fDetect
	fResolve
	fPlan
	fMeta
	fHypothetical
	fUncertain
	fStamped
	fNumber
	fQuestion
	fAnswer
	fAnaphora
	fShort
	fLong
	fWe
	fPastPerfect
	fDefault
	fAssumed
	fContrast
	fFiveWhys
	fLastWhy
	fOtherIncident
	fItem
	fFrench
	fVendor
	fHuman
	fRules          // the rules' score (cue words, failure modes, section), scaled
	fRulesConfident // the rules read a stated cause
	fAside          // under a background heading
	fPrevChange     // the sentence before, in its block, tells a change
	fNextSymptom    // the sentence after, in its block, tells a symptom
	fPrevSymptom
	fSecondInBlock
	fLaterInBlock
	fFirstBlockOfSection
	fStill // "still", "already", "only": a latent condition
	fUnits // a measure: 512 MiB, 30 s, 80%
	numFeatures
)

// Names are the features' names, for the trainer's report.
var Names = [numFeatures]string{
	"sec_root_cause", "sec_summary", "sec_timeline", "sec_impact", "sec_detection", "sec_mitigation", "sec_action",
	"lead", "no_section", "head_cause", "head_happened", "head_background", "head_factors", "head_trigger",
	"head_identified", "first_in_section", "second_in_section", "later_in_section", "first_in_block", "rel_pos",
	"cue", "cue_strong", "signal", "negation", "defect", "change", "mechanism", "symptom", "detect", "resolve",
	"plan", "meta", "hypothetical", "uncertain", "stamped", "number", "question", "answer", "anaphora", "short",
	"long", "we", "past_perfect", "default", "assumed", "contrast", "five_whys", "last_why", "other_incident",
	"item", "french", "vendor", "human", "rules", "rules_confident", "aside",
	"prev_change", "next_symptom", "prev_symptom", "second_in_block", "later_in_block", "first_block_of_section",
	"still", "units",
}

// Word lists: what a sentence that states a cause tends to say, and what
// the other sentences say instead. English and French.
var (
	negationWords    = `not|never|no|none|nobody|no one|nothing|without|missing|didn't|wasn't|weren't|hadn't|doesn't|don't|isn't|couldn't|wouldn't|cannot|can't|neither|nor|forgot|forgotten|ne|n'|pas|jamais|aucun|aucune|sans|personne|rien|manquant*|oubli*`
	defectWords      = `bug|bugs|defect|flaw|mistake|typo|wrong|incorrect*|invalid|misconfigur*|stale|outdated|obsolete|old|expired|leak*|race|overflow*|wrapped|default|defaults|hard-coded|hardcoded|unbounded|faulty|broken|bad|corrupt*|mismatch*|inconsisten*|regression|limit|limits|quota|exhaust*|full|saturat*|deadlock*|lock|locks|loop|retry|retries|timeout|timeouts|erreur|bogue|défaut|mauvais*|erroné*|incorrect*|ancien*|périmé*|fuite|boucle|verrou*|limite*|saturé*|plein*`
	changeWords      = `changed|change|changes|upgraded|upgrade|introduced|migrated|migration|removed|deleted|moved|replaced|rotated|renewed|updated|update|release|released|deployed|deploy|version|rewrote|rewritten|refactor*|switched|enabled|disabled|added|set|configured|modifi*|mise à jour|mis à jour|déploy*|migr*|remplac*|supprim*|ajout*|activ*|désactiv*|nouvelle version|version`
	mechanismWords   = `because|so|therefore|which meant|meaning|as a result|caused|causing|led to|leading to|resulted|resulting|due to|since|thus|hence|when|which|that meant|triggered|parce que|car|donc|ce qui|alors|ainsi|provoqu*|entraîn*|à cause|en raison|lorsque|quand`
	symptomWords     = `customers|customer|users|user|clients|utilisateurs|errors|error|returned|returning|5xx|500|502|503|504|timed out|failed|failing|unavailable|latency|slow|slowed|outage|down|impact*|affected|page|pages|dashboard|dashboards|visitors|requests|erreurs|indisponib*|lent*|panne`
	detectWords      = `alert|alerts|alerted|paged|page|pager|noticed|reported|report|ticket|tickets|on-call|oncall|dashboard|monitoring|detected|escalat*|support|alerte*|astreinte|signal*|détect*|remonté*|supervision`
	resolveWords     = `rolled back|rollback|restored|restore|restarted|restart|fixed|fix|mitigated|mitigate|recovered|recovery|reverted|revert|failed over|workaround|resolved|drained|scaled up|rétabli*|redémarr*|corrig*|restaur*|retour arrière|contourn*|résolu*`
	planWords        = `will|we'll|should|need to|needs to|must|plan|planned|going forward|action item|action items|in the future|to prevent|to avoid|we are adding|we're adding|we have added|we've added|allons|devons|devrait|doit|prévoyons|à l'avenir|pour éviter`
	metaWords        = `this post|this write-up|this writeup|this document|this report|this postmortem|this post-mortem|write-up|post-mortem|postmortem|we want to|we'd like to|explain|apolog*|sorry|thank*|long post|longer than|here is|here's|read on|in this post|story|ce document|ce billet|ce retour|cet article|désolé*|excus*|remerci*`
	assumedWords     = `assumed|assumption|expected|thought|believed|supposed|intended|meant to|designed to|was supposed|supposait|pensait|croyait|supposé*|prévu pour|censé*`
	contrastWords    = `but|however|yet|although|though|instead|whereas|unfortunately|mais|cependant|pourtant|or|malheureusement|toutefois|alors que`
	vendorWords      = `provider|vendor|upstream|third-party|third party|supplier|partner|cloud provider|hébergeur|fournisseur|prestataire|opérateur`
	humanWords       = `engineer|operator|administrator|admin|developer|technician|someone|an engineer|ingénieur|administrateur|opérateur|technicien|développeur`
	defaultWords     = `default|defaults|by default|par défaut`
	stillWords       = `still|already|only|ever|anymore|any longer|encore|toujours|déjà|seulement|ne plus`
	pastPerfectWords = `had been|had not|had never|had already|hadn't|had gone|had left|had run|had set|had changed|avait|avaient|n'avait|n'avaient|était déjà`
	uncertainRE      = regexp.MustCompile(`(?i)\b(cause|reason|why)\b.{0,30}\b(unknown|unclear|not (yet )?(known|clear|sure|determined|identified))\b|\b(unknown|unclear) (root )?cause\b|\bstill (investigating|under investigation)\b|\bcontinu(e|es|ing) (to )?investigat|\bno idea\b|\bcause (est |reste )?inconnue\b|\bwe (are|were) investigating\b|\bnous (enquêtons|investiguons)\b`)
	otherRE          = regexp.MustCompile(`(?i)\b(previous|earlier|prior|separate|unrelated|another|last (year|month|week)'s?) (incident|outage|post-?mortem)s?\b|\bune? (autre|précédente?) (panne|incident)\b`)

	headCause      = `root|root cause|root causes|cause|causes|why|fault|went wrong|what broke|the bug|the problem|the issue|analysis|technical|pourquoi|origine|défaillance|analyse|what caused|causes racines|cause racine`
	headHappened   = `what happened|ce qui s'est passé|details|détails|the incident|incident|narrative|story|description`
	headBackground = `background|context|contexte|leadup|lead-up|primer|architecture|works|overview of`
	headFactors    = `contributing|factors|facteurs|made it worse|aggravat*|compounding|what made`
	headTrigger    = `trigger|triggers|déclencheur|déclencheurs|fault`
	headIdentified = `identified|identifié|cause identifiée|problème identifié`
	headWhys       = regexp.MustCompile(`(?i)\b(five|5|cinq) (whys|pourquoi)\b|^\W*whys\W*$`)
)

// Context is what the features need besides the sentences: the cause-cue
// score of each sentence and how many failure modes it names strongly
// (both from the classifier).
type Context struct {
	Cues   []float64
	Strong func(i int) int
	// Rules is each sentence's score by the hand-written rules (cue words,
	// the failure modes it names, its section; extract/rootcause.go).
	Rules []float64
	// French says the post is in French.
	French bool
}

// Eligible reports whether sentence i may state the root cause at all: not
// a heading, a log or code line, a fragment or a line of labelled fields.
func Eligible(s *page.Sentence) bool {
	return !s.Heading && !s.Code && len(s.Text) >= 15 && !fieldLine(s.Text)
}

// fieldRE is one "Label: value" field; fieldSep separates several on a line.
// anaphoraWords open a sentence that refers back to the one before;
// weWords one told by the team.
var (
	anaphoraWords = map[string]bool{"This": true, "That": true, "These": true, "Those": true, "It": true, "Which": true,
		"Ceci": true, "Cela": true, "Cette": true, "Ce": true, "Ces": true, "Il": true, "Elle": true}
	weWords = map[string]bool{"we": true, "our": true, "nous": true, "notre": true, "nos": true, "i": true}
)

// firstWord splits off a sentence's first word (its letters and digits),
// skipping any leading punctuation.
func firstWord(t string) (word, rest string) {
	i := 0
	for i < len(t) && !isAlnum(t[i]) {
		i++
	}
	j := i
	for j < len(t) && isAlnum(t[j]) {
		j++
	}
	return t[i:j], t[j:]
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// stamped reports whether a sentence opens with a time or a date ("14:05
// ...", "At 14:05 ...", "2024-03-01 ..."): it narrates a moment.
func stamped(first, rest string) bool {
	switch strings.ToLower(first) {
	case "until", "at", "by", "around", "from", "since", "on", "à", "vers":
		first, _ = firstWord(rest)
	}
	return first != "" && first[0] >= '0' && first[0] <= '9' && len(first) <= 4
}

// units are the measures a technical cause gives ("512 MiB", "30 s").
var units = map[string]bool{"%": true, "ms": true, "s": true, "sec": true, "second": true, "seconds": true, "minute": true,
	"minutes": true, "min": true, "h": true, "hour": true, "hours": true, "kb": true, "mb": true, "gb": true, "tb": true,
	"kib": true, "mib": true, "gib": true, "tib": true, "rps": true, "qps": true, "x": true, "go": true, "mo": true, "to": true}

// hasUnits reports whether a lower-cased sentence gives a number with a
// unit.
func hasUnits(low string) bool {
	for i := 0; i < len(low); i++ {
		if low[i] < '0' || low[i] > '9' {
			continue
		}
		j := i
		for j < len(low) && (low[j] >= '0' && low[j] <= '9' || low[j] == '.' || low[j] == ',') {
			j++
		}
		if j < len(low) && low[j] == ' ' {
			j++
		}
		k := j
		for k < len(low) && (low[k] >= 'a' && low[k] <= 'z' || low[k] == '%') {
			k++
		}
		if k > j && units[low[j:k]] {
			return true
		}
		i = k
	}
	return false
}

// textWords reads every word list of the text features in one scan: the
// bit of each list is its feature's index.
var textWords = prose.NewTaggedWordSet(map[uint64]string{
	1 << fNegation: negationWords, 1 << fDefect: defectWords, 1 << fChange: changeWords, 1 << fMechanism: mechanismWords,
	1 << fSymptom: symptomWords, 1 << fDetect: detectWords, 1 << fResolve: resolveWords, 1 << fPlan: planWords,
	1 << fMeta: metaWords, 1 << fAssumed: assumedWords, 1 << fContrast: contrastWords, 1 << fVendor: vendorWords,
	1 << fHuman: humanWords, 1 << fDefault: defaultWords, 1 << fStill: stillWords, 1 << fPastPerfect: pastPerfectWords,
	1 << fUncertain: uncertainWords, 1 << fOtherIncident: otherWords,
})

var (
	// uncertainWords and otherWords are the words one of which every
	// uncertainRE and otherRE match holds.
	uncertainWords = `unknown|unclear|not known|not clear|not sure|not determined|not identified|investigating|investigation|investigat*|no idea|inconnue|enquêtons|investiguons`
	otherWords     = `incident|incidents|outage|outages|postmortem|post-mortem|panne|incident`
)

var (
	fieldRE  = regexp.MustCompile(`^\s*[\p{L}][\p{L} /'’-]{0,30}\s*[:：]\s*\S`)
	fieldSep = regexp.MustCompile(`\s(?:·|•|\|)\s`)
)

// fieldLine reports whether a sentence is a line of labelled fields
// ("Sev1 · 31 min · owners: payments", "Date: 22/05/2023 · Durée : 5 h").
func fieldLine(s string) bool {
	if len(s) >= 250 || !strings.ContainsAny(s, "·•|") {
		return false
	}
	parts := fieldSep.Split(s, -1)
	if len(parts) >= 3 {
		return true
	}
	return len(parts) == 2 && len(s) < 200 && fieldRE.MatchString(parts[0])
}

// Features returns the features of every sentence and whether it is
// Eligible (the features of the others are left zero).
func Features(sents []page.Sentence, ctx Context) ([][numFeatures]float64, []bool) {
	out := make([][numFeatures]float64, len(sents))
	ok := make([]bool, len(sents))
	heading, head := "", [numFeatures]float64{}
	tags := make([]uint64, len(sents))
	read := make([]bool, len(sents))
	tagsOf := func(i int) uint64 { // each sentence's words, read once
		if !read[i] {
			tags[i], read[i] = textWords.Tags(sents[i].Text), true
		}
		return tags[i]
	}
	inSection, lead, inBlock, blocks := 0, 0, 0, 0
	whys := lastWhys(sents)
	for i := range sents {
		s := &sents[i]
		if s.Heading {
			heading, inSection, blocks = s.Text, 0, 0
			head = headingFeatures(heading)
			continue
		}
		if i == 0 || sents[i-1].Block != s.Block {
			inBlock = 0
			blocks++
		} else {
			inBlock++
		}
		if !Eligible(s) {
			continue
		}
		ok[i] = true
		x := &out[i]
		sectionFeatures(x, s.Section, &lead)
		for f, v := range head {
			if v != 0 {
				x[f] = v
			}
		}
		if s.Aside {
			x[fHeadBackground] = 1
		}
		switch inSection {
		case 0:
			x[fFirstInSection] = 1
		case 1:
			x[fSecondInSection] = 1
		default:
			x[fLaterInSection] = 1
		}
		inSection++
		switch inBlock {
		case 0:
			x[fFirstInBlock] = 1
		case 1:
			x[fSecondInBlock] = 1
		default:
			x[fLaterInBlock] = 1
		}
		if blocks == 1 {
			x[fFirstBlockOfSection] = 1
		}
		if i > 0 && sents[i-1].Block == s.Block {
			if t := tagsOf(i - 1); t&(1<<fChange) != 0 {
				x[fPrevChange] = 1
			}
			if tagsOf(i-1)&(1<<fSymptom) != 0 {
				x[fPrevSymptom] = 1
			}
		}
		if i+1 < len(sents) && sents[i+1].Block == s.Block && tagsOf(i+1)&(1<<fSymptom) != 0 {
			x[fNextSymptom] = 1
		}
		x[fRelPos] = float64(i) / float64(max(len(sents), 1))
		if i < len(ctx.Cues) {
			x[fCue] = min(ctx.Cues[i]/4, 1)
			if ctx.Cues[i] >= 2.5 {
				x[fCueStrong] = 1
			}
		}
		if ctx.Strong != nil {
			x[fSignal] = float64(min(ctx.Strong(i), 2)) / 2
		}
		if i < len(ctx.Rules) {
			x[fRules] = min(ctx.Rules[i]/6, 1)
			if ctx.Rules[i] >= 1.2 {
				x[fRulesConfident] = 1
			}
		}
		if s.Aside {
			x[fAside] = 1
		}
		textFeatures(x, s, tagsOf(i), ctx.French)
		if i > 0 && !sents[i-1].Heading && strings.HasSuffix(sents[i-1].Text, "?") {
			x[fAnswer] = 1
		}
		if w, ok := whys[i]; ok {
			x[fFiveWhys] = 1
			if w {
				x[fLastWhy] = 1
			}
		}
	}
	return out, ok
}

func sectionFeatures(x *[numFeatures]float64, section string, lead *int) {
	switch section {
	case data.SectionRootCause:
		x[fSecRootCause] = 1
	case data.SectionSummary:
		x[fSecSummary] = 1
	case data.SectionTimeline:
		x[fSecTimeline] = 1
	case data.SectionImpact:
		x[fSecImpact] = 1
	case data.SectionDetection:
		x[fSecDetection] = 1
	case data.SectionMitigation:
		x[fSecMitigation] = 1
	case data.SectionActionItems:
		x[fSecAction] = 1
	default:
		if *lead < 3 {
			x[fLead] = 1
		} else {
			x[fNoSection] = 1
		}
		*lead++
	}
}

// headWords reads what a heading says of the sentences under it, in one
// scan: the bit of each list is its feature's index.
var headWords = prose.NewTaggedWordSet(map[uint64]string{
	1 << fHeadCause: headCause, 1 << fHeadHappened: headHappened, 1 << fHeadBackground: headBackground,
	1 << fHeadFactors: headFactors, 1 << fHeadTrigger: headTrigger, 1 << fHeadIdentified: headIdentified,
})

// headingFeatures reads what a heading says of the sentences under it.
func headingFeatures(heading string) [numFeatures]float64 {
	var x [numFeatures]float64
	tags := headWords.Tags(heading)
	for f := range numFeatures {
		if f < 64 && tags&(1<<f) != 0 {
			x[f] = 1
		}
	}
	return x
}

func textFeatures(x *[numFeatures]float64, s *page.Sentence, tags uint64, fr bool) {
	t, low := s.Text, s.Low()
	flag := func(f int, ok bool) {
		if ok {
			x[f] = 1
		}
	}
	for f := range numFeatures {
		if f < 64 && tags&(1<<f) != 0 {
			x[f] = 1
		}
	}
	// The regexps run only where one of their words was found.
	if x[fUncertain] == 1 {
		flag(fUncertain, uncertainRE.MatchString(t))
	}
	if x[fOtherIncident] == 1 {
		x[fOtherIncident] = 0
		flag(fOtherIncident, otherRE.MatchString(t))
	}
	if s.Detect {
		x[fDetect] = 1
	}
	flag(fHypothetical, classify.IsHypothetical(t, low))
	digits := strings.ContainsAny(t, "0123456789")
	first, rest := firstWord(t)
	flag(fStamped, digits && stamped(first, rest))
	flag(fNumber, digits)
	flag(fUnits, digits && hasUnits(low))
	flag(fQuestion, strings.HasSuffix(strings.TrimSpace(t), "?"))
	flag(fAnaphora, anaphoraWords[first])
	flag(fShort, len(t) < 60)
	flag(fLong, len(t) > 250)
	flag(fWe, weWords[strings.ToLower(first)])
	flag(fItem, s.Item)
	flag(fFrench, fr)
}

// lastWhys marks the answers of a "Five whys" part: the sentences that are
// not questions, true for the last one, which names the root of the chain.
func lastWhys(sents []page.Sentence) map[int]bool {
	out := map[int]bool{}
	in, last := false, -1
	for i := range sents {
		s := &sents[i]
		if s.Heading {
			if in && last >= 0 {
				out[last] = true
			}
			in, last = headWhys.MatchString(s.Text), -1
			continue
		}
		if !in {
			continue
		}
		if !strings.HasSuffix(strings.TrimSpace(s.Text), "?") && !questionFirst(s.Text) {
			out[i] = false
			last = i
		}
	}
	if in && last >= 0 {
		out[last] = true
	}
	return out
}

// WhyDepth returns, for each answer of a "Five whys" part, how deep it is
// in the chain, from above 0 for the first to 1 for the last: the last
// answer names the root.
func WhyDepth(sents []page.Sentence) map[int]float64 {
	out := map[int]float64{}
	var part []int
	flush := func() {
		for k, i := range part {
			out[i] = float64(k+1) / float64(len(part))
		}
		part = part[:0]
	}
	in := false
	for i := range sents {
		s := &sents[i]
		if s.Heading {
			flush()
			in = headWhys.MatchString(s.Text)
			continue
		}
		if in && !strings.HasSuffix(strings.TrimSpace(s.Text), "?") {
			part = append(part, i)
		}
	}
	flush()
	return out
}

// questionFirst reports whether an item opens with its question ("Why did
// writes fail? The primary was demoted." reads as one item).
func questionFirst(t string) bool {
	q := strings.IndexByte(t, '?')
	return q >= 0 && q == len(strings.TrimSpace(t))-1
}
