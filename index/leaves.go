package index

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/query"
	"github.com/pmkb/pmkb/index/segment"
)

// textFieldNames lists the fields a text clause searches, for both
// analysis languages; the engine's model gives each its weight.
func textFieldNames() []string {
	out := make([]string, 0, 2*len(textFields))
	for _, f := range textFields {
		out = append(out, f.name, f.name+frSuffix)
	}
	return out
}

// clauseLeaves returns the leaves of one positive or negated text clause:
// the clause in every text field, and the other terms of its glossary
// entry (glossaryLeaves).
func (ix *Index) clauseLeaves(ctx context.Context, c query.Clause, pr *frenchPruner) []engine.Leaf {
	if c.Kind == query.Word && strings.Contains(c.Text, " ") && !c.Negated {
		// A glossary term of several words as an alternative of OR: all
		// its words, or the term or one of its other names.
		var words []bq.Query
		for _, w := range strings.Fields(c.Text) {
			words = append(words, engine.Or(ix.fieldLeaves(query.Clause{Kind: query.Word, Text: w}, 1, pr.fields(ctx, query.Clause{Kind: query.Word, Text: w}, allFields))))
		}
		alts := append(ix.phraseLeaves(ctx, c.Text, pr), ix.glossaryLeaves(ctx, c.Text, pr, 1)...)
		q := bq.NewDisjunctionQuery([]bq.Query{bq.NewConjunctionQuery(words), engine.Or(alts)})
		return []engine.Leaf{{Query: q, Boost: 1}}
	}
	leaves := ix.fieldLeaves(c, 1, pr.fields(ctx, c, allFields))
	if c.Kind == query.Word || c.Kind == query.Phrase {
		if alts := ix.glossaryLeaves(ctx, c.Text, pr, 1); len(alts) > 0 {
			for i := range leaves {
				leaves[i].Group = synonymGroup
			}
			leaves = append(leaves, alts...)
		}
	}
	return leaves
}

// phraseLeaves matches a multi-word term typed without quotes in the
// short fields: an optional clause that ranks records whose title or
// summary holds the term above those holding its words apart.
func (ix *Index) phraseLeaves(ctx context.Context, text string, pr *frenchPruner) []engine.Leaf {
	pc := query.Clause{Kind: query.Phrase, Text: text}
	return ix.termLeaves(pc, 1, pr.fields(ctx, pc, shortFields))
}

// termLeaves matches a word or a multi-word term in the given fields: a
// term leaf where it analyses to one term, else a leaf of all its terms
// (engine.Leaf.Terms), which in a short field is as good as the phrase and
// costs a fraction of it.
func (ix *Index) termLeaves(c query.Clause, boost float64, fields []string) []engine.Leaf {
	out := make([]engine.Leaf, 0, len(fields))
	for _, f := range fields {
		lang := "en"
		if strings.HasSuffix(f, frSuffix) {
			lang = langFR
		}
		toks := ix.analyzed(lang, c.Text)
		switch {
		case len(toks) == 0:
			continue // stop words: nothing to find in this field
		case len(toks) == 1 || sameTerm(toks):
			out = append(out, engine.Leaf{Field: f, Term: toks[0].Term, Boost: boost})
		default:
			terms := make([][]byte, len(toks))
			for i, t := range toks {
				terms[i] = t.Term
			}
			out = append(out, engine.Leaf{Field: f, Terms: terms, Boost: boost})
		}
	}
	return out
}

// allFields are every text field; shortFields leave out the bodies, where
// a multi-word term's words, far apart, say little of it.
var (
	allFields   = textFieldNames()
	shortFields = slices.DeleteFunc(textFieldNames(), func(f string) bool {
		return f == fBody || f == fBody+frSuffix
	})
)

// analyzedKey is text as lang's analyzer indexes it, one string: its
// distinct terms in order, since a leaf of several terms matches them in
// any order ("expired certificate" finds what "certificate expired" does).
func (ix *Index) analyzedKey(lang, text string) string {
	if ix.analyzerFor(lang) == nil {
		return data.NormalizeTerm(text)
	}
	toks := ix.analyzed(lang, text)
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = string(t.Term)
	}
	slices.Sort(terms)
	return strings.Join(slices.Compact(terms), " ") + " "
}

// frenchPruner leaves out the French fields for words no French record
// holds. Most queries are English words; five empty French fields per word
// and synonym would cost about a quarter of a search.
type frenchPruner struct {
	r      bindex.IndexReader
	snap   *segment.Snapshot
	an     analysis.Analyzer                 // French; nil: keep every field
	tokens func(string) analysis.TokenStream // text analysed as French
	seen   map[string]bool
}

// fields returns fields without the French ones when c's words, analysed
// as French, are in no French text field. Prefix and fuzzy
// clauses keep every field. A nil pruner keeps every field.
func (p *frenchPruner) fields(ctx context.Context, c query.Clause, fields []string) []string {
	if p == nil || p.an == nil || (c.Kind != query.Word && c.Kind != query.Phrase) {
		return fields
	}
	keep, ok := p.seen[c.Text]
	if !ok {
		keep = p.present(ctx, c.Text)
		p.seen[c.Text] = keep
	}
	if keep {
		return fields
	}
	return slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return strings.HasSuffix(f, frSuffix) })
}

// present reports whether every French term of text is in some French
// text field (a lookup error keeps the fields, to be safe).
func (p *frenchPruner) present(ctx context.Context, text string) bool {
	for _, tok := range p.tokens(text) {
		found := false
		for _, f := range []string{fBody, fMid, fHead} {
			tp, err := p.snap.Postings(f+frSuffix, tok.Term)
			if err != nil {
				return true
			}
			found = tp.DocFreq() > 0
			if found {
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// fieldLeaves matches one clause in the given text fields: a single term
// where the clause analyses to one, a bleve query otherwise.
func (ix *Index) fieldLeaves(c query.Clause, boost float64, fields []string) []engine.Leaf {
	out := make([]engine.Leaf, 0, len(fields))
	for _, f := range fields {
		var terms [][]byte // the words of a phrase or of a word of several terms
		if c.Kind == query.Word || c.Kind == query.Phrase {
			lang := "en"
			if strings.HasSuffix(f, frSuffix) {
				lang = langFR
			}
			toks := ix.analyzed(lang, c.Text)
			if len(toks) == 0 {
				continue // a stop word: nothing to find in this field
			}
			if len(toks) == 1 || (c.Kind == query.Word && sameTerm(toks)) {
				out = append(out, engine.Leaf{Field: f, Term: toks[0].Term, Boost: boost})
				continue
			}
			if c.Kind == query.Word {
				// A word the analyzer splits (node.js, x509:): all its
				// terms, in any order, as bleve's match query would.
				out = append(out, ix.termLeaves(c, boost, []string{f})...)
				continue
			}
			for _, t := range toks {
				terms = append(terms, t.Term)
			}
		}
		var q bq.Query
		switch c.Kind {
		case query.Phrase:
			mq := bq.NewMatchPhraseQuery(c.Text)
			mq.SetField(f)
			q = mq
		case query.Prefix:
			pq := bq.NewPrefixQuery(strings.ToLower(c.Text))
			pq.SetField(f)
			q = pq
		case query.Fuzzy:
			// A match query analyses the word first, so the fuzzy
			// comparison is between stems, as the index holds them.
			fq := bq.NewMatchQuery(c.Text)
			fq.SetField(f)
			fq.SetFuzziness(c.Fuzziness)
			fq.SetPrefix(1) // bounds the automaton: the first letter must match
			q = fq
		default:
			mq := bq.NewMatchQuery(c.Text)
			mq.SetField(f)
			mq.SetOperator(bq.MatchQueryOperatorAnd)
			q = mq
		}
		out = append(out, engine.Leaf{Field: f, Query: q, Terms: terms, Boost: boost})
	}
	return out
}

// sameTerm reports whether every token of a stream is the same term.
func sameTerm(toks analysis.TokenStream) bool {
	for _, t := range toks[1:] {
		if string(t.Term) != string(toks[0].Term) {
			return false
		}
	}
	return true
}
