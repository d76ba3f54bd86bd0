package index

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/query"
	"github.com/pmkb/pmkb/index/segment"
	"github.com/pmkb/pmkb/index/snippet"
)

// plan is a validated search turned into the engine's leaves and filters.
type plan struct {
	q          Query                    // validated request
	parsed     query.Query              // its text, parsed
	text       [][]engine.Leaf          // the leaves of each positive text clause
	base       []engine.Filter          // text filters (company:, year:...) from the query text
	exclude    []engine.Filter          // negated text filters (-company:...)
	mustNot    []bq.Query               // negated words and phrases
	facets     map[string]engine.Filter // the request's facet filters, by facet name
	boost      []engine.Leaf            // leaves that only add score (a typed term in a short field, categories)
	like       [][]engine.Leaf          // a long query's more-like-this clauses, blended into its ranking
	likeWeight float64                  // their share of the ranking
	likes      engine.LikeScores        // their scores, kept between the runs of the search
	terms      []string                 // positive words and phrases, for snippets and did-you-mean
	// french is a query in French: its words weigh by their share of the
	// records that have their fields (engine.Request.ShareDF), as French
	// records are few and their common words would look rare. On the
	// blind set's tune half, corpus nDCG@10 0.8765 -> 0.8818.
	french bool
	snip   map[string]snippet.Terms // snippet terms by record language, filled by snippetTerms
}

// plan validates q and turns it into the engine's leaves and filters,
// looking its words up in the live index (see frenchPruner).
func (ix *Index) plan(ctx context.Context, q Query) (*plan, error) {
	q, err := validate(q)
	if err != nil {
		return nil, err
	}
	var phrases query.Phrases
	if ix.gl != nil {
		phrases = ix.gl
	}
	parsed, err := query.Parse(q.Text, query.Options{Phrases: phrases})
	if err != nil {
		var pe *query.Error
		if errors.As(err, &pe) {
			return nil, &QueryError{Param: "q", Msg: pe.Error()}
		}
		return nil, fmt.Errorf("index: parse query: %w", err)
	}
	p := &plan{q: q, parsed: parsed, french: isFrench(data.GuessLanguage(q.Text))}
	if p.facets, err = ix.facetFilters(q); err != nil {
		return nil, err
	}
	err = ix.withReader(ctx, func(snap *segment.Snapshot) error {
		pr := &frenchPruner{r: snap.Reader(), snap: snap, an: ix.analyzerFor(langFR), seen: map[string]bool{},
			tokens: func(text string) analysis.TokenStream { return ix.analyzed(langFR, text) }}
		return p.addClauses(ctx, ix, pr)
	})
	if err != nil {
		return nil, searchError(err)
	}
	if len(p.text) > engine.MaxClauses {
		return nil, &QueryError{Param: "q", Msg: fmt.Sprintf("the query has %d words; at most %d count", len(p.text), engine.MaxClauses)}
	}
	if n := plainWords(parsed); n >= longWords {
		if p.like, err = ix.likeClauses(ctx, q.Text); err != nil {
			return nil, searchError(err)
		}
		p.likeWeight = likeWeight
	}
	return p, nil
}

// addClauses turns the parsed clauses into filters and text leaves.
func (p *plan) addClauses(ctx context.Context, ix *Index, pr *frenchPruner) error {
	for _, c := range p.parsed.Clauses {
		if c.Kind == query.Field {
			f, err := ix.filterQuery(c)
			if err != nil {
				return err
			}
			spec := engine.Filter{Key: fmt.Sprintf("field\x00%s\x00%s\x00%d\x00%d", c.Field, strings.ToLower(strings.TrimSpace(c.Value)), c.YearFrom, c.YearTo), Query: f}
			if c.Negated {
				p.exclude = append(p.exclude, spec)
			} else {
				p.base = append(p.base, spec)
			}
			continue
		}
		if c.Negated {
			p.mustNot = append(p.mustNot, engine.Or(ix.clauseLeaves(ctx, c, pr)))
			continue
		}
		if len(c.Or) == 0 && c.Kind == query.Word && strings.Contains(c.Text, " ") {
			// A glossary term of several words typed without quotes: its
			// words are the user's words, each a clause; the term itself
			// (its words together in a short field) and its other names
			// stand for each of them, sharing one alternative's weight;
			// the term in a short field also adds score.
			words := strings.Fields(c.Text)
			share := 1 / float64(len(words))
			alts := ix.phraseLeaves(ctx, c.Text, pr)
			for i := range alts {
				alts[i].Boost, alts[i].Group = share, synonymGroup
			}
			alts = append(alts, ix.glossaryLeaves(ctx, c.Text, pr, share)...)
			for _, w := range words {
				wc := query.Clause{Kind: query.Word, Text: w}
				leaves := ix.fieldLeaves(wc, 1, pr.fields(ctx, wc, allFields))
				if len(leaves) == 0 {
					continue // a stop word in every language
				}
				p.text = append(p.text, append(leaves, alts...))
				p.terms = append(p.terms, w)
			}
			p.boost = append(p.boost, ix.phraseLeaves(ctx, c.Text, pr)...)
			continue
		}
		if len(c.Or) == 0 && c.Kind == query.Word {
			if words := ix.identifierWords(ctx, c.Text, pr); words != nil {
				clauses := ix.identifierClauses(ctx, c, words, pr)
				p.text = append(p.text, clauses...)
				p.terms = append(p.terms, words...)
				continue
			}
		}
		leaves := ix.clauseLeaves(ctx, c, pr)
		terms := []string{c.Text}
		for _, a := range c.Or {
			leaves = append(leaves, ix.clauseLeaves(ctx, a, pr)...)
			terms = append(terms, a.Text)
		}
		if len(leaves) == 0 {
			continue // punctuation, or a stop word in every language: nothing to find
		}
		p.terms = append(p.terms, terms...)
		p.text = append(p.text, leaves)
	}
	if len(p.text) > 0 {
		p.boost = append(p.boost, categoryLeaves(ix.glossaryCategories(p.parsed.Clauses))...)
	}
	p.boost = append(p.boost, ix.pairLeaves(ctx, p.parsed.Clauses, pr)...)
	return nil
}

// pairBoost is the weight of two adjacent words typed held together by a
// record's title or summary.
const pairBoost = 0.5

// headFields are the fields of titles and root causes, in both languages.
var headFields = []string{fHead, fHead + frSuffix}

// pairLeaves prefer records whose title or root cause holds both of two
// words typed next to each other ("namespace deletion", "cert expired"):
// the words of one idea, which a title names together. A leaf of both
// terms in a short field (engine.Leaf.Terms) is as good as the phrase and
// costs a fraction of it. On the blind set's tune half, corpus nDCG@10
// 0.8705 -> 0.8747 at 0.5 (0.8713 at 0.25, 0.8704 at 1); the summary
// too adds nothing and doubles the cost.
func (ix *Index) pairLeaves(ctx context.Context, clauses []query.Clause, pr *frenchPruner) []engine.Leaf {
	var out []engine.Leaf
	for i := 0; i+1 < len(clauses); i++ {
		a, b := clauses[i], clauses[i+1]
		if a.Kind != query.Word || b.Kind != query.Word || a.Negated || b.Negated || len(a.Or) > 0 || len(b.Or) > 0 ||
			strings.Contains(a.Text, " ") || strings.Contains(b.Text, " ") {
			continue
		}
		pc := query.Clause{Kind: query.Phrase, Text: a.Text + " " + b.Text}
		for _, l := range ix.termLeaves(pc, pairBoost, pr.fields(ctx, pc, headFields)) {
			if len(l.Terms) > 1 {
				out = append(out, l)
			}
		}
	}
	return out
}

// longWords is how many plain words make a query long: a sentence or a
// pasted line rather than keywords. A long query also ranks by the
// evidence "incidents like mine" uses (salient terms, categories,
// technologies: Index.SimilarText), which finds the incident a sentence
// describes more often than its words alone. Four words already describe
// a symptom ("namespace deletion stuck terminating"): on the blind set's
// tune half, four rather than five lifts nDCG@10 among the corpus's posts
// from 0.850 to 0.865 (with likeWeight 0.75).
const longWords = 4

// likeWeight is the share of a long query's ranking its "like mine" score
// has, against its words' score. With four-word queries blended, 0.75 let
// the evidence of a short text outweigh the words typed (tune half,
// corpus nDCG@10 0.865 at 0.75, 0.870 at 0.6, 0.872 at 0.5); 0.5 lost a
// judged record of the ranking golden file that 0.6 keeps.
const likeWeight = 0.6

// plainWords is how many positive words q holds.
func plainWords(q query.Query) int {
	n := 0
	for _, c := range q.Positive() {
		if c.Kind == query.Word || c.Kind == query.Phrase {
			n += len(strings.Fields(c.Text))
		}
	}
	return n
}
