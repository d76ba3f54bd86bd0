package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/query"
)

// DefaultSize is the page size of a Query whose Size is 0.
const DefaultSize = 10

// maxTermExpansion bounds how many terms a prefix or fuzzy clause may expand
// to in one search, so that no query can make bleve open thousands of term
// searchers.
const maxTermExpansion = 2048

// Search runs q and returns one page of hits with facet counts. A mistake in
// q (syntax, paging, sort, an unknown category) is a *QueryError.
func (ix *Index) Search(ctx context.Context, q Query) (Results, error) {
	start := time.Now()
	p, err := ix.plan(q)
	if err != nil {
		return Results{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.SearchTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, search.MaxTermSearchersKey, maxTermExpansion)

	browse := strings.TrimSpace(q.Text) == ""
	key := browseKey(p.q)
	if browse {
		if res, _, ok := ix.cache.get(key); ok {
			res.Took = time.Since(start)
			return res, nil
		}
	}
	_, gen, _ := ix.cache.get("")
	res, err := ix.searchPlan(ctx, p)
	if err != nil {
		return Results{}, err
	}
	if browse {
		ix.cache.put(key, gen, res)
	}
	res.Took = time.Since(start)
	return res, nil
}

// searchPlan runs a plan. Records holding all the words come first; when
// they do not fill the page, records holding most of the words, then any of
// them, follow (see runLoose). Only when the query finds nothing at all are
// Only when no record holds all the words typed are misspelt words
// corrected: when the corrected query finds records holding all its words
// (or the typed words found nothing at all), its results come back with
// DidYouMean set. Records holding all the typed words are never replaced.
func (ix *Index) searchPlan(ctx context.Context, p *plan) (Results, error) {
	res, err := ix.runLoose(ctx, p)
	if err != nil || res.allWords > 0 || len(p.text) == 0 {
		return res, err
	}
	fixed, err := ix.corrected(ctx, p)
	if err != nil || fixed == nil {
		return res, err
	}
	alt, err := ix.runLoose(ctx, fixed)
	if err != nil {
		return Results{}, err
	}
	if alt.allWords > 0 || (res.Total == 0 && alt.Total > 0) {
		alt.DidYouMean = fixed.q.Text
		return alt, nil
	}
	return res, nil
}

// runLoose runs the plan requiring all words; when fewer than relaxTarget
// records hold them all, records holding most of the words (or, failing that, any) follow,
// ranked after every record that holds them all. With a date sort it
// relaxes the same way but orders the whole set by date.
func (ix *Index) runLoose(ctx context.Context, p *plan) (Results, error) {
	n := len(p.text)
	// How far to relax does not depend on the page asked for, so that
	// paging through results sees one total and one order.
	want := uint64(relaxTarget)
	page := runSpec{min: n, from: p.q.From, size: p.q.Size, facets: true}
	if p.q.Sort != SortRelevance {
		var res Results
		var err error
		var all uint64
		for i, m := range relaxSteps(n) {
			page.min = m
			if res, err = ix.run(ctx, p, page); i == 0 {
				all = res.Total
			}
			if err != nil || res.Total >= want {
				break
			}
		}
		res.allWords = all
		return res, err
	}
	strict, err := ix.run(ctx, p, page)
	strict.allWords = strict.Total
	if err != nil || n <= 1 || strict.Total >= want {
		return strict, err
	}
	var loose Results
	m := 0
	for _, m = range relaxSteps(n)[1:] {
		if loose, err = ix.run(ctx, p, runSpec{min: m, facets: true}); err != nil || loose.Total >= want {
			break
		}
	}
	if err != nil || loose.Total <= strict.Total {
		return strict, err
	}
	loose.Hits, loose.allWords = strict.Hits, strict.Total
	if rest := p.q.Size - len(strict.Hits); rest > 0 {
		from := max(0, p.q.From-int(strict.Total))
		more, err := ix.run(ctx, p, runSpec{min: m, from: from, size: rest, partial: true})
		if err != nil {
			return Results{}, err
		}
		loose.Hits = append(loose.Hits, more.Hits...)
	}
	return loose, nil
}

// relaxTarget is how many records a search wants before it stops relaxing
// how many of the words a record must hold.
const relaxTarget = DefaultSize

// relaxSteps are the numbers of n words a search requires, in the order
// it tries them: all, most, one.
func relaxSteps(n int) []int {
	steps := []int{n}
	if m := mostOf(n); m < n {
		steps = append(steps, m)
	}
	if steps[len(steps)-1] > 1 {
		steps = append(steps, 1)
	}
	return steps
}

// runSpec says what one bleve search of a plan asks for: min of the text
// clauses, a page of hits (size 0 for counts only), the facets or not, and
// whether records holding all the clauses are left out (partial).
type runSpec struct {
	min, from, size int
	facets, partial bool
}

// plan validates q and turns it into bleve queries.
func (ix *Index) plan(q Query) (*plan, error) {
	switch {
	case q.Size == 0:
		q.Size = DefaultSize
	case q.Size < 0 || q.Size > MaxSize:
		return nil, &QueryError{Msg: fmt.Sprintf("size %d is out of range 1..%d", q.Size, MaxSize)}
	}
	if q.From < 0 {
		return nil, &QueryError{Msg: fmt.Sprintf("from %d is negative", q.From)}
	}
	if q.From+q.Size > MaxWindow {
		return nil, &QueryError{Msg: fmt.Sprintf("from+size is %d; results stop at %d", q.From+q.Size, MaxWindow)}
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
	case SortRelevance, SortNewest, SortOldest:
	default:
		return nil, &QueryError{Msg: fmt.Sprintf("unknown sort %q; use %s, %s or %s", q.Sort, SortRelevance, SortNewest, SortOldest)}
	}
	parsed, err := query.Parse(q.Text, query.Options{Phrases: ix.phrases})
	if err != nil {
		var pe *query.Error
		if errors.As(err, &pe) {
			return nil, &QueryError{Msg: pe.Error()}
		}
		return nil, fmt.Errorf("index: parse query: %w", err)
	}
	p := &plan{q: q, parsed: parsed}
	if p.facets, err = ix.facetFilters(q); err != nil {
		return nil, err
	}
	err = ix.withReader(func(r bindex.IndexReader) error {
		pr := &frenchPruner{ctx: context.Background(), r: r, an: ix.analyzerFor(langFR), seen: map[string]bool{}}
		return p.addClauses(ix, pr)
	})
	if err != nil {
		return nil, err
	}
	if len(p.text) > maxClauses {
		return nil, &QueryError{Msg: fmt.Sprintf("the query has %d words; at most %d count", len(p.text), maxClauses)}
	}
	return p, nil
}

// addClauses turns the parsed clauses into filters and text queries.
func (p *plan) addClauses(ix *Index, pr *frenchPruner) error {
	for _, c := range p.parsed.Clauses {
		if c.Kind == query.Field {
			f, err := ix.filterQuery(c)
			if err != nil {
				return err
			}
			spec := filterSpec{key: fmt.Sprintf("field\x00%s\x00%s\x00%d\x00%d", c.Field, strings.ToLower(strings.TrimSpace(c.Value)), c.YearFrom, c.YearTo), q: f}
			if c.Negated {
				p.exclude = append(p.exclude, spec)
			} else {
				p.base = append(p.base, spec)
			}
			continue
		}
		if c.Negated {
			p.mustNot = append(p.mustNot, leavesQuery(ix.clauseLeaves(c, pr)))
			continue
		}
		if len(c.Or) == 0 && c.Kind == query.Word && strings.Contains(c.Text, " ") {
			// A synonym phrase typed without quotes: its words are the
			// user's words; the phrase and its synonyms only add score.
			for _, w := range strings.Fields(c.Text) {
				p.text = append(p.text, ix.clauseLeaves(query.Clause{Kind: query.Word, Text: w}, pr))
				p.terms = append(p.terms, w)
			}
			p.boost = append(p.boost, ix.phraseLeaves(c.Text, pr)...)
			continue
		}
		leaves := ix.clauseLeaves(c, pr)
		p.terms = append(p.terms, c.Text)
		for _, a := range c.Or {
			leaves = append(leaves, ix.clauseLeaves(a, pr)...)
			p.terms = append(p.terms, a.Text)
		}
		p.text = append(p.text, leaves)
	}
	return nil
}

// sortTies orders hits of equal score by id, so that a page reads the same
// whichever order bleve happened to store tied records in.
func sortTies(hits []Hit) {
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// searchError wraps a bleve failure; a search cut short by the per-search
// timeout is reported as such.
func searchError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("index: search timed out: %w", err)
	}
	if strings.Contains(err.Error(), "TooManyTermSearchers") {
		return &QueryError{Msg: "a wildcard or fuzzy word matches too many terms; make it longer"}
	}
	return fmt.Errorf("index: search: %w", err)
}

// hitOf builds a Hit from a match's stored record.
func (ix *Index) hitOf(rec recordJSON, score float64, p *plan) (Hit, error) {
	pm, err := decodeRecord(rec.id, rec.raw)
	if err != nil {
		return Hit{}, err
	}
	return ix.hitOfRecord(pm, score, p), nil
}

// hitOfRecord builds a Hit from a record.
func (ix *Index) hitOfRecord(pm data.Postmortem, score float64, p *plan) Hit {
	rc := pm.RootCause
	if rc == "" {
		rc = pm.Sections.RootCause
	}
	return Hit{
		ID:           pm.ID,
		Title:        pm.Title,
		Company:      pm.Company,
		URL:          pm.URL,
		ArchiveURL:   pm.ArchiveURL,
		Language:     pm.Language,
		Collection:   pm.Collection,
		IncidentDate: pm.IncidentDate,
		Categories:   nonNil(pm.Categories),
		Technologies: nonNil(pm.Technologies),
		RootCause:    rc,
		Snippet:      ix.snippet(pm, p),
		Score:        score,
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
