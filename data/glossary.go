package data

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed glossary.yaml
var glossaryYAML []byte

// Glossary is the searcher's vocabulary: bilingual (English and French)
// concepts as on-call engineers name them, each with the terms that mean
// it ("automatic package upgrade", "unattended-upgrades", "mise à jour
// automatique"). A query naming a term also searches for the entry's
// other terms, so French queries find English posts and the reverse, and
// an entry's categories say which incidents it points to. It lives in
// glossary.yaml; the one owner of query vocabulary. Built by
// ParseGlossary, it is read only and safe for concurrent use.
type Glossary struct {
	Entries []GlossaryEntry     `yaml:"entries"`
	exact   map[string]int      // by term, lower-case
	folded  map[string][]int    // by term without accents, for text typed without them
	first   map[string][]spanOf // by the folded first token of a term: what Find tries there
}

// GlossaryEntry is one concept: its English and French terms (each at
// least one; lower-case; multi-word terms match as phrases), its kind
// (symptom, component, failure, abbreviation, action) and the taxonomy
// slugs it clearly signals, if any.
type GlossaryEntry struct {
	EN         []string `yaml:"en"`
	FR         []string `yaml:"fr"`
	Kind       string   `yaml:"kind"`
	Categories []string `yaml:"categories,omitempty"`
}

// Terms are the entry's terms, English first.
func (e GlossaryEntry) Terms() []string {
	return append(append(make([]string, 0, len(e.EN)+len(e.FR)), e.EN...), e.FR...)
}

// GlossaryKinds are the kinds an entry may have.
var GlossaryKinds = []string{"symptom", "component", "failure", "abbreviation", "action"}

// spanOf is one term as Find compares it: its folded tokens.
type spanOf struct {
	tokens []string
	entry  int
	term   string
}

// DefaultGlossary returns the embedded glossary of data/glossary.yaml.
func DefaultGlossary() (*Glossary, error) {
	return ParseGlossary(glossaryYAML)
}

// ParseGlossary reads a glossary and checks it strictly: no field it does
// not know, every entry with an English and a French term and a known
// kind, every term lower-case with single spaces, longer than one letter,
// not a lone stop word, and in one entry only, every category a taxonomy
// slug.
func ParseGlossary(b []byte) (*Glossary, error) {
	g := &Glossary{}
	if err := DecodeYAMLStrict(b, g); err != nil {
		return nil, fmt.Errorf("data: parse glossary: %w", err)
	}
	if len(g.Entries) == 0 {
		return nil, fmt.Errorf("data: glossary: no entries")
	}
	lines := YAMLEntryLines(b)
	g.exact, g.folded, g.first = map[string]int{}, map[string][]int{}, map[string][]spanOf{}
	for i, e := range g.Entries {
		if err := g.add(i, e); err != nil {
			return nil, fmt.Errorf("data: glossary: %s: %w", EntryName(i, lines, ""), err)
		}
	}
	for _, spans := range g.first {
		// Longest first: Find takes the first that matches.
		slices.SortStableFunc(spans, func(a, b spanOf) int { return len(b.tokens) - len(a.tokens) })
	}
	return g, nil
}

// add checks entry i and indexes its terms.
func (g *Glossary) add(i int, e GlossaryEntry) error {
	if len(e.EN) == 0 || len(e.FR) == 0 {
		return fmt.Errorf("needs English (en) and French (fr) terms, has %d and %d", len(e.EN), len(e.FR))
	}
	if !slices.Contains(GlossaryKinds, e.Kind) {
		return fmt.Errorf("kind %q is not one of %s", e.Kind, strings.Join(GlossaryKinds, ", "))
	}
	for j, c := range e.Categories {
		if !slices.Contains(Slugs, c) {
			return fmt.Errorf("category %q is not a taxonomy slug", c)
		}
		if slices.Contains(e.Categories[:j], c) {
			return fmt.Errorf("category %q is listed twice", c)
		}
	}
	for _, t := range e.Terms() {
		if err := checkTerm(t); err != nil {
			return err
		}
		if k, dup := g.exact[t]; dup {
			return fmt.Errorf("term %q is also in entry %d", t, k+1)
		}
		g.exact[t] = i
		f := FoldTerm(t)
		g.folded[f] = append(g.folded[f], i)
		toks := tokenize(f)
		g.first[toks[0]] = append(g.first[toks[0]], spanOf{tokens: toks, entry: i, term: t})
	}
	return nil
}

// checkTerm refuses a term that would match badly: not in its normal form
// (lower case, single spaces), a single letter, or a lone stop word.
func checkTerm(t string) error {
	switch {
	case t == "":
		return fmt.Errorf("has an empty term")
	case NormalizeTerm(t) != t:
		return fmt.Errorf("term %q is not lower-case with single spaces (want %q)", t, NormalizeTerm(t))
	case utf8.RuneCountInString(t) < 2:
		return fmt.Errorf("term %q is a single letter", t)
	}
	if _, stop := stopwordLang[t]; stop {
		return fmt.Errorf("term %q is a stop word", t)
	}
	return nil
}

// Lookup returns the entry holding term, compared in lower case and, when
// no term is spelt so, without accents ("donnees" is "données").
func (g *Glossary) Lookup(term string) (GlossaryEntry, bool) {
	i, ok := g.index(term)
	if !ok {
		return GlossaryEntry{}, false
	}
	return g.Entries[i], true
}

// index is the number of the entry holding term.
func (g *Glossary) index(term string) (int, bool) {
	if g == nil {
		return 0, false
	}
	n := NormalizeTerm(strings.ReplaceAll(term, "’", "'"))
	if i, ok := g.exact[n]; ok {
		return i, true
	}
	if is := g.folded[FoldTerm(n)]; len(is) > 0 {
		return is[0], true
	}
	return 0, false
}

// MultiWord returns every term made of more than one word, which a query
// parser keeps together.
func (g *Glossary) MultiWord() []string {
	var out []string
	for _, e := range g.Entries {
		for _, t := range e.Terms() {
			if strings.Contains(t, " ") {
				out = append(out, t)
			}
		}
	}
	return out
}

// GlossaryMatch is a term Find found: the entry, the term as the glossary
// spells it, and where it is in the text (byte offsets).
type GlossaryMatch struct {
	Entry      int
	Term       string
	Start, End int
}

// Find returns the glossary terms text names, left to right, the longest
// at each place ("connection refused" before "connection"), none
// overlapping. Text and terms are compared token by token (runs of letters
// and digits; any other character alone), in lower case and without
// accents, so a term never matches inside a word.
func (g *Glossary) Find(text string) []GlossaryMatch {
	if g == nil {
		return nil
	}
	spans := tokenSpans(text)
	folded := make([]string, len(spans))
	for i, sp := range spans {
		folded[i] = FoldTerm(strings.ToLower(text[sp[0]:sp[1]]))
	}
	var out []GlossaryMatch
	for i := 0; i < len(spans); {
		m, n := g.longestAt(folded, i)
		if n == 0 {
			i++
			continue
		}
		out = append(out, GlossaryMatch{Entry: m.entry, Term: m.term, Start: spans[i][0], End: spans[i+n-1][1]})
		i += n
	}
	return out
}

// Longest returns how many bytes of s, from its start, the longest term of
// several words takes (0 for none): a query parser's phrase finder.
func (g *Glossary) Longest(s string) int {
	if g == nil {
		return 0
	}
	spans := tokenSpans(s)
	folded := make([]string, 0, 8)
	for _, sp := range spans {
		folded = append(folded, FoldTerm(strings.ToLower(s[sp[0]:sp[1]])))
		if len(folded) == cap(folded) {
			break
		}
	}
	for _, sp := range g.first[firstOf(folded)] {
		if strings.Contains(sp.term, " ") && hasTokens(folded, 0, sp.tokens) && (len(spans) == 0 || spans[0][0] == 0) {
			return spans[len(sp.tokens)-1][1]
		}
	}
	return 0
}

func firstOf(toks []string) string {
	if len(toks) == 0 {
		return ""
	}
	return toks[0]
}

// longestAt returns the longest term whose tokens start at toks[i], and
// how many tokens it takes (0: none).
func (g *Glossary) longestAt(toks []string, i int) (spanOf, int) {
	for _, sp := range g.first[toks[i]] {
		if hasTokens(toks, i, sp.tokens) {
			return sp, len(sp.tokens)
		}
	}
	return spanOf{}, 0
}

// hasTokens reports whether toks holds want from i on.
func hasTokens(toks []string, i int, want []string) bool {
	if i+len(want) > len(toks) {
		return false
	}
	for j, w := range want {
		if toks[i+j] != w {
			return false
		}
	}
	return true
}

// FoldTerm removes accents and reads a typographic apostrophe as a plain
// one: people type French without accents as often as with them.
func FoldTerm(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '’':
			b.WriteByte('\'')
		case r == 'œ':
			b.WriteString("oe")
		case r == 'æ':
			b.WriteString("ae")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NormalizeTerm lower-cases t and collapses runs of white space to one
// space, the form glossary terms are written and compared in.
func NormalizeTerm(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}
