package classify

// Unit is what Explain tells of one unit the classifier read: its text,
// zone weight and flags, and the patterns that voted on it.
type Unit struct {
	Text    string
	Weight  float64
	Causal  bool   // it states a cause: its votes count more
	Hypo    bool   // it is hypothetical: its votes count less
	Heading bool   // the title or a heading
	Zone    string // where it sits: body, title, summary, rootcause, side, detect, aside
	Picked  bool   // the root-cause picker chose it
	Index   int    // its place among the units, from 0 (the title)
	Votes   []Vote
}

// zoneNames name the zones, by their uint8 value.
var zoneNames = [...]string{inBody: "body", inTitle: "title", inSummary: "summary", inRootCause: "rootcause", inSide: "side", inDetect: "detect", inAside: "aside"}

// Vote is one pattern voting on a unit: its category and weight.
type Vote struct {
	Category string
	Weight   float64
}

// Explain returns the units some pattern hit, in reading order, with their
// votes: how the post's tags came about.
func (d *Doc) Explain() []Unit {
	var out []Unit
	byUnit := map[int32][]Vote{}
	for _, h := range d.hits {
		p := &d.c.set.pats[h.pat]
		byUnit[h.unit] = append(byUnit[h.unit], Vote{d.c.cats[p.cat].slug, p.weight})
	}
	for i, u := range d.units {
		if votes := byUnit[int32(i)]; len(votes) > 0 {
			out = append(out, Unit{Text: u.text, Weight: u.weight, Causal: u.causal, Hypo: u.hypo, Heading: u.heading,
				Zone: zoneNames[u.zone], Picked: u.picked, Index: i, Votes: votes})
		}
	}
	return out
}

// PatternMatch is one taxonomy pattern matching a sentence.
type PatternMatch struct {
	Category string
	Weight   float64
	Text     string // what the pattern matched
	Votes    bool   // false when a negation silences the match
}

// MatchSentence returns the taxonomy patterns of language lang (or of any
// language) whose expressions match s, and whether each votes: what the
// classifier makes of one sentence read on its own.
func (c *Classifier) MatchSentence(s, lang string) []PatternMatch {
	voted := map[int32]bool{} // by group: the parts of a split pattern vote as one
	for _, h := range c.match([]unit{{text: s, weight: 1}}, lang, true) {
		voted[c.set.pats[h.pat].group] = true
	}
	var out []PatternMatch
	for i := range c.set.pats {
		p := &c.set.pats[i]
		if p.lang != "" && p.lang != lang {
			continue
		}
		if m := p.re.FindStringIndex(s); m != nil {
			out = append(out, PatternMatch{c.cats[p.cat].slug, p.weight, s[m[0]:m[1]], voted[p.group]})
		}
	}
	return out
}
