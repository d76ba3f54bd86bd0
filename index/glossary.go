package index

import (
	"context"
	"slices"
	"strings"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/query"
)

// Query vocabulary. A word or a multi-word term of the query that is in
// the glossary (data/glossary.yaml) also searches for the entry's other
// terms: optional alternatives of the clause, weighed below the words
// typed. English terms are searched in every text field (French posts use
// English jargon), French terms in the French fields only; terms of one
// word in every field, terms of several in the short fields (title, root
// cause, summary), where holding their words is as good as holding the
// phrase (engine.Leaf.Terms). An entry's categories make records carrying
// them rank higher (categoryBoost), without filtering.
const (
	glossaryBoost = 0.4 // an alternative's match against the word typed
	categoryBoost = 0.5 // a category the query names, against a word typed
)

// glossaryLeaves returns the leaves of the other terms of text's glossary
// entry, each weighing glossaryBoost times share. A term that analyses
// to the same terms as text, or as another term ("databases",
// "fail-over"), adds nothing.
func (ix *Index) glossaryLeaves(ctx context.Context, text string, pr *frenchPruner, share float64) []engine.Leaf {
	e, ok := ix.lookup(text)
	if !ok {
		return nil
	}
	s := synonyms{
		ix:    ix,
		boost: glossaryBoost * share,
		seen:  map[string]bool{ix.analyzedKey("en", text): true, ix.analyzedKey(langFR, text): true},
		fields: func(c query.Clause, fields []string) []string {
			return pr.fields(ctx, c, fields)
		},
	}
	return s.leavesOf(e, allFields)
}

// lookup returns the glossary entry of a word or term typed, also without
// a French elided article or pronoun ("d'horloge" is "horloge",
// "l'extérieur" "extérieur"), which the analyzers drop but the glossary
// does not.
func (ix *Index) lookup(text string) (data.GlossaryEntry, bool) {
	if e, ok := ix.gl.Lookup(text); ok {
		return e, true
	}
	if w := unElide(strings.ToLower(text)); w != strings.ToLower(text) {
		return ix.gl.Lookup(w)
	}
	return data.GlossaryEntry{}, false
}

// collapses reports whether a glossary term of several words keeps one
// word or none once lang's analyzer drops its stop words: "fail over" is
// "fail", "time out" "time", "no such host" "host". Searched for, such a
// term would find every record holding its one word, far more than the
// concept, and would cost the most (a common word's postings).
func (ix *Index) collapses(lang, t string) bool {
	if !strings.ContainsAny(t, " -") {
		return false
	}
	toks := ix.analyzed(lang, t)
	return len(toks) == 0 || sameTerm(toks)
}

// synonymGroup is the engine.Leaf.Group of a clause's glossary
// alternatives: under BM25 they are one term, their occurrences saturating
// together, and, for a word of the glossary, one term with the word.
const synonymGroup = 1

// conceptLeaves are the leaves of every term of a glossary entry, one
// term under BM25, each weighing boost: a concept pasted text names, in
// whichever language a record tells it.
func (ix *Index) conceptLeaves(e data.GlossaryEntry, boost float64) []engine.Leaf {
	s := synonyms{ix: ix, boost: boost, seen: map[string]bool{}, perLang: true}
	return s.leavesOf(e, englishFields)
}

// synonyms gathers the leaves of a glossary entry's terms.
type synonyms struct {
	ix    *Index
	boost float64 // each leaf's weight
	// seen holds the analysed forms already searched; with perLang a form
	// is known by its language too, so an English and a French term of
	// the same form are both searched, each in its own fields.
	seen    map[string]bool
	perLang bool
	// fields narrows the fields of a term's clause; nil keeps them all.
	fields func(c query.Clause, fields []string) []string
}

// leavesOf returns the leaves of e's terms, English ones in enFields and
// French ones in the French fields, as one synonym group (under BM25 one
// term, their occurrences saturating together). A term already seen, or
// that its stop words collapse, adds nothing.
//
// A term of several words is searched in the short fields, where holding
// its words is as good as holding it. French writes as several words many
// a concept English names in one ("carte réseau" for a NIC, "disque
// plein" for a full disk), mostly in a post's body, so a French one is
// also searched in the French bodies, its words anywhere in one: French
// records are few, and a French body holding all the words of a term
// mostly holds the term (a phrase found the same records on the blind
// set's tune half, and cost 9% of the CPU of BenchmarkSearchFaceted/100k).
// English ones stay out of the bodies, where their words apart say
// little. On the tune half, corpus nDCG@10 0.8767 -> 0.8789 (0.8811 with
// English phrases in the bodies too, but at a lower P@5).
func (s *synonyms) leavesOf(e data.GlossaryEntry, enFields []string) []engine.Leaf {
	var leaves []engine.Leaf
	add := func(t, lang string, fields []string) {
		a := s.ix.analyzedKey(lang, t)
		k := a
		if s.perLang {
			k = lang + a
		}
		if s.seen[k] || strings.TrimSpace(a) == "" {
			return
		}
		s.seen[k] = true
		if s.ix.collapses(lang, t) {
			return
		}
		c := query.Clause{Kind: query.Word, Text: t}
		var body []string // the French bodies a term of several words is searched in
		if strings.ContainsAny(t, " -") {
			c.Kind = query.Phrase
			if lang == langFR {
				body = slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f != fBody+frSuffix })
			}
			fields = slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == fBody || f == fBody+frSuffix })
		}
		if s.fields != nil {
			fields, body = s.fields(c, fields), s.fields(c, body)
		}
		leaves = append(leaves, s.ix.termLeaves(c, s.boost, fields)...)
		leaves = append(leaves, s.ix.termLeaves(c, s.boost, body)...)
	}
	for _, t := range e.EN {
		add(t, "en", enFields)
	}
	for _, t := range e.FR {
		add(t, langFR, frenchFields)
	}
	for i := range leaves {
		leaves[i].Group = synonymGroup
	}
	return leaves
}

// englishFields are the text fields of English records.
var englishFields = slices.DeleteFunc(textFieldNames(), func(f string) bool { return strings.HasSuffix(f, frSuffix) })

// frenchFields are the text fields of French records.
var frenchFields = slices.DeleteFunc(textFieldNames(), func(f string) bool { return !strings.HasSuffix(f, frSuffix) })

// glossaryTerms returns the terms of text's glossary entry, text included,
// or nil: what snippets mark besides the words typed.
func (ix *Index) glossaryTerms(text string) []string {
	e, ok := ix.lookup(text)
	if !ok {
		return nil
	}
	return e.Terms()
}

// glossaryCategories returns the categories of the glossary entries the
// query's positive words and terms name.
func (ix *Index) glossaryCategories(clauses []query.Clause) []string {
	var out []string
	for _, c := range clauses {
		if c.Negated || c.Kind == query.Field {
			continue
		}
		for _, alt := range append([]query.Clause{c}, c.Or...) {
			if e, ok := ix.lookup(alt.Text); ok {
				for _, slug := range e.Categories {
					if !slices.Contains(out, slug) {
						out = append(out, slug)
					}
				}
			}
		}
	}
	return out
}

// categoryLeaves are the leaves that prefer records carrying the
// categories a query names.
func categoryLeaves(slugs []string) []engine.Leaf {
	out := make([]engine.Leaf, 0, len(slugs))
	for _, s := range slugs {
		out = append(out, engine.Leaf{Field: fCategory, Term: []byte(s), Boost: categoryBoost})
	}
	return out
}

// loadGlossary sets the index's glossary: the options' or the embedded one.
func (ix *Index) loadGlossary() error {
	switch {
	case ix.opts.NoGlossary:
		return nil
	case ix.opts.Glossary != nil:
		ix.gl = ix.opts.Glossary
		return nil
	}
	g, err := data.DefaultGlossary()
	if err != nil {
		return err
	}
	ix.gl = g
	return nil
}
