// Package rootcause scores each sentence of a post-mortem as the statement of its root cause: a small linear model over what the sentence says and where it sits, trained on our own synthetic post-mortems (see train/).
package rootcause

import (
	"strings"

	"github.com/pmkb/pmkb/data"

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
	fStill           // "still", "already", "only": a latent condition
	fUnits           // a measure: 512 MiB, 30 s, 80%
	fDescribes       // tells how something works, in the present (Describes)
	fAnnounces       // announces a cause found without naming it (Announces)
	fDenies          // rules a cause out (DeniesCause)
	fSums            // opens a summing up: "TL;DR", "En bref" (Sums)
	fConsequence     // opens with a consequence: "So ...", "As a result ...", "Du coup ..."
	fNextConsequence // the sentence after it, in its block, tells its consequence
	fFirstCause      // the first sentence of its section to tell a defect, a change or a lack
	fTurn            // opens a turn in the story: "But ...", "It turned out ...", "Or ..."
	fHeadHow         // under a heading that asks how or what changed: "How it broke", "Ce qui a changé"
	fIdent           // names a setting, a path or a piece of code: max_conns, maxmemory-policy=noeviction, /etc/hosts, getUser
	numFeatures
)

// NumFeatures is how many features a sentence has: the length of an
// Example's rows.
const NumFeatures = numFeatures

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
	"still", "units", "describes", "announces", "denies", "sums",
	"consequence", "next_consequence", "first_cause", "turn", "head_how", "ident",
}

// Context is what the features need besides the sentences: the cause-cue
// score of each sentence and how many failure modes it names strongly
// (both from the classifier).
type Context struct {
	Cues   []float64
	Strong func(i int) int
	// Rules is each sentence's score by the hand-written rules (cue words,
	// the failure modes it names, its section; extract/causerules.go).
	Rules []float64
	// French says the post is in French.
	French bool
}

// Eligible reports whether sentence i may state the root cause at all: not
// a heading, a log or code line, a fragment or a line of labelled fields.
func Eligible(s *page.Sentence) bool {
	return !s.Heading && !s.Code && len(s.Text) >= 15 && !fieldLine(s.Text)
}

// Features returns the features of every sentence and whether it is
// Eligible (the features of the others are left zero).
func Features(sents []page.Sentence, ctx Context) ([][numFeatures]float64, []bool) {
	out := make([][numFeatures]float64, len(sents))
	ok := make([]bool, len(sents))
	words := wordTags{sents: sents, tags: make([]uint64, len(sents)), read: make([]bool, len(sents))}
	var at place
	whys := lastWhys(sents)
	for i := range sents {
		s := &sents[i]
		if s.Heading {
			at.heading(s.Text)
			continue
		}
		at.enter(sents, i)
		if !Eligible(s) {
			continue
		}
		ok[i] = true
		x := &out[i]
		at.features(x, s)
		neighbourFeatures(x, sents, i, &words)
		x[fRelPos] = float64(i) / float64(max(len(sents), 1))
		contextFeatures(x, i, &ctx)
		if s.Aside {
			x[fAside] = 1
		}
		textFeatures(x, s, words.of(i), ctx.French)
		if x[fDefect]+x[fChange]+x[fNegation] > 0 && !at.causeSeen {
			x[fFirstCause], at.causeSeen = 1, true
		}
		if at.how {
			x[fHeadHow] = 1
		}
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

// wordTags reads each sentence's word lists (textWords) once, when first
// asked: a sentence's neighbours ask for them too.
type wordTags struct {
	sents []page.Sentence
	tags  []uint64
	read  []bool
}

// of returns the tags of sentence i.
func (w *wordTags) of(i int) uint64 {
	if !w.read[i] {
		w.tags[i], w.read[i] = textWords.Tags(w.sents[i].Text), true
	}
	return w.tags[i]
}

// place is where Features stands as it walks a post: what the current
// heading says, and how far it is into its section and its block.
type place struct {
	head      [numFeatures]float64 // the features of the current heading
	inSection int                  // eligible sentences since the heading
	lead      int                  // eligible sentences outside the known sections so far
	inBlock   int                  // sentences before this one in its block
	blocks    int                  // blocks begun since the heading
	causeSeen bool                 // a sentence of the section told a defect, a change or a lack
	how       bool                 // the heading asks how, or what changed
}

// heading starts the part under a heading.
func (p *place) heading(text string) {
	p.head = headingFeatures(text)
	p.inSection, p.blocks, p.causeSeen = 0, 0, false
	p.how = headHow.Opens(text)
}

// enter moves on to sentence i, which continues the block of the sentence
// before it or opens a new one.
func (p *place) enter(sents []page.Sentence, i int) {
	if i == 0 || sents[i-1].Block != sents[i].Block {
		p.inBlock = 0
		p.blocks++
	} else {
		p.inBlock++
	}
}

// features sets the features of where an eligible sentence sits: its
// section, what its heading says, and its order in its section and block.
func (p *place) features(x *[numFeatures]float64, s *page.Sentence) {
	sectionFeatures(x, s.Section, &p.lead)
	for f, v := range &p.head {
		if v != 0 {
			x[f] = v
		}
	}
	if s.Aside {
		x[fHeadBackground] = 1
	}
	// The first, second or a later one in its section, and in its block.
	x[[...]int{fFirstInSection, fSecondInSection, fLaterInSection}[min(p.inSection, 2)]] = 1
	p.inSection++
	x[[...]int{fFirstInBlock, fSecondInBlock, fLaterInBlock}[min(p.inBlock, 2)]] = 1
	if p.blocks == 1 {
		x[fFirstBlockOfSection] = 1
	}
}

// neighbourFeatures sets what the sentences either side of sentence i, in
// its block, tell: a change or a symptom before it, a symptom after it.
func neighbourFeatures(x *[numFeatures]float64, sents []page.Sentence, i int, words *wordTags) {
	s := &sents[i]
	if i > 0 && sents[i-1].Block == s.Block {
		if t := words.of(i - 1); t&(1<<fChange) != 0 {
			x[fPrevChange] = 1
		}
		if words.of(i-1)&(1<<fSymptom) != 0 {
			x[fPrevSymptom] = 1
		}
	}
	if i+1 < len(sents) && sents[i+1].Block == s.Block {
		if words.of(i+1)&(1<<fSymptom) != 0 {
			x[fNextSymptom] = 1
		}
		if Consequence(&sents[i+1]) {
			x[fNextConsequence] = 1
		}
	}
}

// contextFeatures sets what the classifier and the rules say of sentence
// i (see Context): its cause-cue score, the failure modes it names, the
// rules' score.
func contextFeatures(x *[numFeatures]float64, i int, ctx *Context) {
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
