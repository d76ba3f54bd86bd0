package classify

import (
	"fmt"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// A sentence may name a failure mode only to clear it: "Alert fatigue did
// not play a role here", "Lock contention was investigated and ruled out",
// "the autoscaler behaved correctly", "the timing was coincidental", "le
// fournisseur n'est pas en cause". The verdict comes after what it clears,
// where a negation cue (which must come before) does not reach.

// clearingExpr finds such a verdict; it runs on lower-cased text.
const clearingExpr = `\b(did not|didn't|does not|doesn't|do not|don't) (play|have) (a|any) (\w+ )?(role|part)\b|\bplayed (no|little|only a minor) (\w+ )?(role|part)\b|\b(was|were|is|are)(n't| not) (the|a|an) (\w+ )?(cause|culprit|factor|trigger|reason|issue|problem|root cause)\b|\b(was|were|is|are)(n't| not) (involved|at fault|to blame|responsible|a factor|implicated|related|the source)\b|\b(it|this|that) (was|is)(n't| not)( the case| it)?\W*$|\b(was|were|been|be) (investigated and )?(ruled out|excluded|eliminated|cleared)\b|\b(worked|behaved|performed|functioned|operated|responded|held up|held|went|ran|reacted|failed over|kicked in) (\w+ )?(correctly|normally|properly|fine|smoothly|flawlessly|as (designed|expected|intended|planned|configured|documented|it should|they should))\b|\b(is|was|were|are|be|been|seems?|seemed|appears?|appeared|proved|turned out to be) (\w+ ){0,2}(unrelated|coincidental|a coincidence|a red herring|not related)\b|\bunrelated to (this|the|our) (\w+ )?(incident|outage|issue|problem|failure|corruption|event)\b|\b(nothing to do|no relation) with\b|\b(stayed|remained) (well |comfortably |far )?(below|under) \d+ ?%|\bno (anomal(y|ies)|errors?|incidents?|issues?|problems?) (was |were )?(observed|found)\b|\b(found|confirmed) no (incidents?|issues?|problems?|errors?|anomal(y|ies))\b|\bn'(est|était|étaient|ont|a|avait|avaient|sont) (pas|aucunement|nullement) (en cause|impliquée?s?|responsables?)\b|\bn'(a|ont|avait|avaient) joué aucun rôle\b|\b(a|ont|avait|avaient) fonctionné (comme prévu|correctement|normalement|sans (problème|incident|accroc))\b|\b(sans|aucun) (\w+ )?(lien|rapport) (avec|entre)\b|\b(écarter|écarté|écartée|écartés|écartées) (une|la|le|les|toute|tout|l')\b|\b(sont|étaient|est|était) restée?s? (sous|en dessous de|en deçà de) \d+ ?%`

// clearingSet is clearingExpr split into its alternatives, each tried
// only where its own words occur.
var clearingSet = mustSplitSet("verdicts", clearingExpr)

// contrasts open a clause that the verdict before them does not reach:
// "the failover worked as designed, but the new primary ...".
var contrasts = []string{" but ", " however", " yet ", " although ", " though ", " except ", " mais ", " cependant", " toutefois", " pourtant"}

// clearedSpan returns the part of a sentence, lower-cased, whose matches
// a verdict clears, as byte offsets [from, to); to is 0 when none does.
// The verdict reaches back to the start of its part of the sentence (up to
// a semicolon) and on to its end, or to the first contrast after it.
func clearedSpan(lower string) (from, to int) {
	m := clearingSet.firstMatch(lower)
	if m == nil {
		return settledSpan(lower)
	}
	from = strings.LastIndexByte(lower[:m[0]], ';') + 1
	if from > 0 && m[0]-from <= 12 {
		// "...whether this was a network issue; it was not.": a short
		// verdict of its own answers the part before.
		from = strings.LastIndexByte(lower[:from-1], ';') + 1
	}
	to = len(lower)
	if i := strings.IndexByte(lower[m[1]:], ';'); i >= 0 {
		to = m[1] + i
	}
	for _, c := range contrasts {
		if i := strings.Index(lower[m[1]:to], c); i >= 0 {
			to = m[1] + i
		}
	}
	// A contrast before the verdict starts its clause: "X caused it, but
	// Y played no part" clears Y only.
	for _, c := range contrasts {
		if i := strings.LastIndex(lower[from:m[0]], c); i >= 0 {
			from = max(from, from+i)
		}
	}
	return from, to
}

// settledExpr finds a verdict of state ("Leader election was fine throughout",
// "all replicas remained healthy"); it runs on lower-cased text. Unlike a
// clearing verdict it reaches back only: what follows may still go wrong
// ("the disk was healthy until the controller failed"), and a state
// explained ("the graph was normal because errors counted as successes")
// was only how it looked.
const settledExpr = `\b(was|were|remained|stayed) (\w+ )?(fine|healthy|unaffected|nominal|normal|in sync|up to date)( (throughout|the whole time|all along|during the (\w+ )?(incident|outage)))?\b|\b(est|était|sont|étaient) (\w+ )?restée?s? (sains?|saines?|opérationnel(le)?s?|disponibles?|intacte?s?)\b`

// settledSet is settledExpr split into its alternatives.
var settledSet = mustSplitSet("verdicts of state", settledExpr)

// settledWords are the words one of which any settledExpr match holds.
var settledWords = ahocorasick.New([]string{"fine", "healthy", "unaffected", "nominal", "normal", "in sync", "up to date", "sain", "opérationnel", "disponible", "intact"})

// settledSpan returns the part of a sentence, lower-cased, that a verdict
// of state clears: from the start of its clause (a semicolon or a contrast
// before it) to the verdict's end; to is 0 when there is none.
func settledSpan(lower string) (from, to int) {
	if !settledWords.Contains(lower) {
		return 0, 0
	}
	m := settledSet.firstMatch(lower)
	if m == nil || misleads(lower[m[1]:]) {
		return 0, 0
	}
	from = strings.LastIndexByte(lower[:m[0]], ';') + 1
	for _, c := range contrasts {
		if i := strings.LastIndex(lower[from:m[0]], c); i >= 0 {
			from = max(from, from+i)
		}
	}
	return from, m[1]
}

// misleads reports whether what follows a verdict of state explains it
// away: "... because", "even though", "despite".
func misleads(after string) bool {
	after = strings.TrimLeft(after, " ,")
	for _, w := range []string{"because", "since", "as ", "even ", "although", "though", "despite", "while", "car ", "parce", "bien que", "alors que", "malgré"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

// mustSplitSet compiles expr into a pattern set of its alternatives; what
// names the set in a panic.
func mustSplitSet(what, expr string) *patternSet {
	pats, err := compileSplit(expr)
	if err != nil {
		panic(fmt.Sprintf("classify: %s: %v", what, err))
	}
	return newPatternSet(pats)
}

// mustExactSet compiles expr into a pattern set of its parts (see
// exactParts), one of which matches wherever expr does; what names the set
// in a panic.
func mustExactSet(what, expr string) *patternSet {
	pats, err := exactParts(expr)
	if err != nil {
		panic(fmt.Sprintf("classify: %s: %v", what, err))
	}
	return newPatternSet(pats)
}

// matchesAny reports whether any pattern of the set matches lower
// (lower-cased text); each runs only where its words occur.
func (s *patternSet) matchesAny(lower string) bool {
	sc := s.getScratch()
	defer s.putScratch(sc)
	stamp := sc.nextStamp()
	u := unit{text: lower, lower: lower}
	sc.cand = s.candidates(lower, sc, stamp, sc.cand[:0])
	for _, i := range sc.cand {
		if s.mayMatch(i, sc, stamp) && s.pats[i].matches(&u, sc.starts[i]) {
			return true
		}
	}
	return false
}

// firstMatch returns the leftmost match in lower (lower-cased text) of any
// alternative of the set, or nil; each alternative runs only where its
// words occur, anchored there when it can.
func (s *patternSet) firstMatch(lower string) []int {
	sc := s.getScratch()
	defer s.putScratch(sc)
	stamp := sc.nextStamp()
	u := unit{text: lower, lower: lower}
	var best []int
	sc.cand = s.candidates(lower, sc, stamp, sc.cand[:0])
	for _, i := range sc.cand {
		if !s.mayMatch(i, sc, stamp) {
			continue
		}
		p := &s.pats[i]
		starts, ok := p.anchoredStarts(&u, sc.starts[i])
		if !ok {
			if m := p.findFirst(&u); m != nil && (best == nil || m[0] < best[0]) {
				best = m
			}
			continue
		}
		for _, st := range starts {
			if (best != nil && int(st) >= best[0]) || p.leadingWB && st > 0 && isWordByte(lower[st-1]) {
				continue
			}
			if m := p.findAnchored(lower[st:]); m != nil {
				best = []int{int(st) + m[0], int(st) + m[1]}
			}
		}
	}
	return best
}
