package index

import (
	"context"
	"errors"
	"fmt"
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/query"
	"github.com/pmkb/pmkb/index/segment"
	"github.com/pmkb/pmkb/index/snippet"
)

// plan is a validated search turned into the engine's leaves and filters.
type plan struct {
	q       Query                    // validated request
	parsed  query.Query              // its text, parsed
	text    [][]engine.Leaf          // the leaves of each positive text clause
	base    []engine.Filter          // text filters (company:, year:...) from the query text
	exclude []engine.Filter          // negated text filters (-company:...)
	mustNot []bq.Query               // negated words and phrases
	facets  map[string]engine.Filter // the request's facet filters, by facet name
	boost   []engine.Leaf            // leaves that only add score (synonym phrases)
	terms   []string                 // positive words and phrases, for snippets and did-you-mean
	snip    map[string]snippet.Terms // snippet terms by record language, filled by snippetTerms
}

// plan validates q and turns it into the engine's leaves and filters,
// looking its words up in the live index (see frenchPruner).
func (ix *Index) plan(ctx context.Context, q Query) (*plan, error) {
	q, err := validate(q)
	if err != nil {
		return nil, err
	}
	parsed, err := query.Parse(q.Text, query.Options{Phrases: ix.phrases})
	if err != nil {
		var pe *query.Error
		if errors.As(err, &pe) {
			return nil, &QueryError{Param: "q", Msg: pe.Error()}
		}
		return nil, fmt.Errorf("index: parse query: %w", err)
	}
	p := &plan{q: q, parsed: parsed}
	if p.facets, err = ix.facetFilters(q); err != nil {
		return nil, err
	}
	err = ix.withReader(ctx, func(snap *segment.Snapshot) error {
		pr := &frenchPruner{r: snap.Reader(), an: ix.analyzerFor(langFR), seen: map[string]bool{}}
		return p.addClauses(ctx, ix, pr)
	})
	if err != nil {
		return nil, searchError(err)
	}
	if len(p.text) > engine.MaxClauses {
		return nil, &QueryError{Param: "q", Msg: fmt.Sprintf("the query has %d words; at most %d count", len(p.text), engine.MaxClauses)}
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
			// A synonym phrase typed without quotes: its words are the
			// user's words; the phrase and its synonyms only add score.
			for _, w := range strings.Fields(c.Text) {
				p.text = append(p.text, ix.clauseLeaves(ctx, query.Clause{Kind: query.Word, Text: w}, pr))
				p.terms = append(p.terms, w)
			}
			p.boost = append(p.boost, ix.phraseLeaves(ctx, c.Text, pr)...)
			continue
		}
		leaves := ix.clauseLeaves(ctx, c, pr)
		p.terms = append(p.terms, c.Text)
		for _, a := range c.Or {
			leaves = append(leaves, ix.clauseLeaves(ctx, a, pr)...)
			p.terms = append(p.terms, a.Text)
		}
		p.text = append(p.text, leaves)
	}
	return nil
}
