package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/query"
)

// synonymBoost weighs a synonym's match below the word the user typed.
const synonymBoost = 0.4

// plan is a validated search turned into bleve queries.
type plan struct {
	q       Query                 // validated request
	parsed  query.Query           // its text, parsed
	text    [][]leaf              // the leaves of each positive text clause
	base    []filterSpec          // text filters (company:, year:...) from the query text
	exclude []filterSpec          // negated text filters (-company:...)
	mustNot []bq.Query            // negated words and phrases
	facets  map[string]filterSpec // the request's facet filters, by facet name
	boost   []leaf                // leaves that only add score (synonym phrases)
	terms   []string              // positive words and phrases, for snippets and did-you-mean
	snip    map[string]snipTerms  // snippet terms by record language, filled by snippetTerms
}

// textFieldNames lists the fields a text clause searches, with boosts, for
// both analysis languages.
func textFieldNames() []fieldBoost {
	out := make([]fieldBoost, 0, 2*len(textFields))
	for _, f := range textFields {
		out = append(out, fieldBoost{f.name, f.boost}, fieldBoost{f.name + frSuffix, f.boost})
	}
	return out
}

type fieldBoost struct {
	name  string
	boost float64
}

// clauseLeaves returns the leaves of one positive or negated text clause:
// the clause in every text field, and its synonyms in the short fields.
func (ix *Index) clauseLeaves(c query.Clause, pr *frenchPruner) []leaf {
	if c.Kind == query.Word && strings.Contains(c.Text, " ") && !c.Negated {
		// A synonym phrase as an alternative of OR: all its words, or
		// one of its synonyms.
		var words []bq.Query
		for _, w := range strings.Fields(c.Text) {
			words = append(words, leavesQuery(ix.clauseLeaves(query.Clause{Kind: query.Word, Text: w}, pr)))
		}
		q := bq.NewDisjunctionQuery([]bq.Query{bq.NewConjunctionQuery(words), leavesQuery(ix.phraseLeaves(c.Text, pr))})
		return []leaf{{q: q, boost: 1}}
	}
	leaves := ix.fieldLeaves(c, 1, pr.fields(c, allFields))
	if c.Kind == query.Word || c.Kind == query.Phrase {
		leaves = append(leaves, ix.synonymLeaves(c.Text, pr)...)
	}
	return leaves
}

// synonymLeaves returns the leaves of text's synonyms in the short fields.
// A synonym that analyses to the same terms as text, or as another synonym
// ("databases", "fail-over"), adds nothing.
func (ix *Index) synonymLeaves(text string, pr *frenchPruner) []leaf {
	var leaves []leaf
	seen := map[string]bool{ix.analyzedKey(text): true}
	for _, s := range ix.syn.Lookup(text) {
		if k := ix.analyzedKey(s); seen[k] {
			continue
		} else {
			seen[k] = true
		}
		sc := query.Clause{Kind: query.Word, Text: s}
		if strings.ContainsAny(s, " -") {
			sc.Kind = query.Phrase
		}
		leaves = append(leaves, ix.fieldLeaves(sc, synonymBoost, pr.fields(sc, shortFields))...)
	}
	return leaves
}

// phraseLeaves matches a multi-word term typed without quotes as a phrase,
// or any of its synonyms: an optional clause that ranks records holding the
// phrase itself above those holding its words apart.
func (ix *Index) phraseLeaves(text string, pr *frenchPruner) []leaf {
	pc := query.Clause{Kind: query.Phrase, Text: text}
	return append(ix.fieldLeaves(pc, 1, pr.fields(pc, shortFields)), ix.synonymLeaves(text, pr)...)
}

// allFields are every text field; shortFields leave out the bodies, where
// matching synonyms (often phrases) would cost much and add little.
var (
	allFields   = textFieldNames()
	shortFields = slices.DeleteFunc(textFieldNames(), func(f fieldBoost) bool {
		return f.name == fBody || f.name == fBody+frSuffix
	})
)

// analyzedKey is text as the English analyzer indexes it, one string.
func (ix *Index) analyzedKey(text string) string {
	an := ix.analyzerFor("en")
	if an == nil {
		return data.NormalizeTerm(text)
	}
	var b strings.Builder
	for _, t := range an.Analyze([]byte(text)) {
		b.Write(t.Term)
		b.WriteByte(' ')
	}
	return b.String()
}

// frenchPruner leaves out the French fields for words no French record
// holds. Most queries are English words; five empty French fields per word
// and synonym would cost about a quarter of a search.
type frenchPruner struct {
	ctx  context.Context
	r    bindex.IndexReader
	an   analysis.Analyzer // French
	seen map[string]bool
}

// fields returns fields without the French ones when c's words, analysed
// as French, are in no French text field. Prefix and fuzzy
// clauses keep every field. A nil pruner keeps every field.
func (p *frenchPruner) fields(c query.Clause, fields []fieldBoost) []fieldBoost {
	if p == nil || p.an == nil || (c.Kind != query.Word && c.Kind != query.Phrase) {
		return fields
	}
	keep, ok := p.seen[c.Text]
	if !ok {
		keep = p.present(c.Text)
		p.seen[c.Text] = keep
	}
	if keep {
		return fields
	}
	return slices.DeleteFunc(slices.Clone(fields), func(f fieldBoost) bool { return strings.HasSuffix(f.name, frSuffix) })
}

// present reports whether every French term of text is in some French
// text field (a lookup error keeps the fields, to be safe).
func (p *frenchPruner) present(text string) bool {
	for _, tok := range p.an.Analyze([]byte(text)) {
		found := false
		for _, f := range []string{fBody, fMid, fHead} {
			n, err := docCount(p.ctx, p.r, f+frSuffix, tok.Term)
			if err != nil {
				return true
			}
			found = n > 0
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
func (ix *Index) fieldLeaves(c query.Clause, boost float64, fields []fieldBoost) []leaf {
	out := make([]leaf, 0, len(fields))
	for _, f := range fields {
		b := f.boost * boost
		if c.Kind == query.Word || c.Kind == query.Phrase {
			lang := "en"
			if strings.HasSuffix(f.name, frSuffix) {
				lang = langFR
			}
			var toks analysis.TokenStream
			if an := ix.analyzerFor(lang); an != nil {
				toks = an.Analyze([]byte(c.Text))
			}
			if len(toks) == 0 {
				continue // a stop word: nothing to find in this field
			}
			if len(toks) == 1 || (c.Kind == query.Word && sameTerm(toks)) {
				out = append(out, leaf{field: f.name, term: toks[0].Term, boost: b})
				continue
			}
		}
		var q bq.Query
		switch c.Kind {
		case query.Phrase:
			mq := bq.NewMatchPhraseQuery(c.Text)
			mq.SetField(f.name)
			q = mq
		case query.Prefix:
			pq := bq.NewPrefixQuery(strings.ToLower(c.Text))
			pq.SetField(f.name)
			q = pq
		case query.Fuzzy:
			// A match query analyses the word first, so the fuzzy
			// comparison is between stems, as the index holds them.
			fq := bq.NewMatchQuery(c.Text)
			fq.SetField(f.name)
			fq.SetFuzziness(c.Fuzziness)
			fq.SetPrefix(1) // bounds the automaton: the first letter must match
			q = fq
		default:
			mq := bq.NewMatchQuery(c.Text)
			mq.SetField(f.name)
			mq.SetOperator(bq.MatchQueryOperatorAnd)
			q = mq
		}
		out = append(out, leaf{field: f.name, q: q, boost: b})
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

// filterQuery builds the query for a field clause of the query text.
func (ix *Index) filterQuery(c query.Clause) (bq.Query, error) {
	slugs := ix.slugs
	v := strings.ToLower(strings.TrimSpace(c.Value))
	switch c.Field {
	case query.FieldCompany:
		return ix.companyFilter(v), nil
	case query.FieldCategory:
		if !slices.Contains(slugs, v) {
			return nil, unknownCategory(c.Value, slugs)
		}
		return termQ(fCategory, v), nil
	case query.FieldTechnology:
		return ix.techFilter(v), nil
	case query.FieldSource:
		return termQ(fSourceKey, v), nil
	case query.FieldLanguage:
		return termQ(fLanguage, v), nil
	case query.FieldYear:
		return yearRange(c.YearFrom, c.YearTo), nil
	}
	return nil, &QueryError{Msg: fmt.Sprintf("unknown field %q", c.Field)}
}

func unknownCategory(v string, slugs []string) error {
	return &QueryError{Msg: fmt.Sprintf("unknown category %q; categories are %s", v, strings.Join(slugs, ", "))}
}

func termQ(field, v string) bq.Query {
	t := bq.NewTermQuery(v)
	t.SetField(field)
	return t
}

// yearRange matches records dated from the first day of year from to the
// last day of year to.
func yearRange(from, to int) bq.Query {
	start := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC)
	yes, no := true, false
	r := bq.NewDateRangeInclusiveQuery(start, end, &yes, &no)
	r.SetField(fIncidentDate)
	return r
}

// filterSpec is a filter as a bleve query, with the key its record set is
// cached under for an index snapshot.
type filterSpec struct {
	key string
	q   bq.Query
}

// facetFilters turns the request's filters into one query per facet: OR
// within a facet. The caller ANDs them, leaving out a facet's own filter
// when counting that facet.
func (ix *Index) facetFilters(q Query) (map[string]filterSpec, error) {
	slugs := ix.slugs
	out := map[string]filterSpec{}
	add := func(facet, field string, vals []string, check func(string) error) error {
		var qs []bq.Query
		var keys []string
		for _, v := range vals {
			v = strings.ToLower(strings.TrimSpace(v))
			if v == "" {
				continue
			}
			keys = append(keys, v)
			if check != nil {
				if err := check(v); err != nil {
					return err
				}
			}
			switch facet {
			case FacetCompany:
				qs = append(qs, ix.companyFilter(v))
			case FacetTechnology:
				qs = append(qs, ix.techFilter(v))
			default:
				qs = append(qs, termQ(field, v))
			}
		}
		slices.Sort(keys)
		key := "facet\x00" + facet + "\x00" + strings.Join(keys, "\x00")
		switch len(qs) {
		case 0:
		case 1:
			out[facet] = filterSpec{key, qs[0]}
		default:
			out[facet] = filterSpec{key, bq.NewDisjunctionQuery(qs)}
		}
		return nil
	}
	checkCat := func(v string) error {
		if !slices.Contains(slugs, v) {
			return unknownCategory(v, slugs)
		}
		return nil
	}
	checkYear := func(v string) error {
		if n, err := strconv.Atoi(v); err != nil || len(v) != 4 || n < query.MinYear || n > query.MaxYear {
			return &QueryError{Msg: fmt.Sprintf("year %q is not a year (YYYY)", v)}
		}
		return nil
	}
	for _, f := range []struct {
		facet, field string
		vals         []string
		check        func(string) error
	}{
		{FacetCategory, fCategory, q.Categories, checkCat},
		{FacetCompany, fCompanyKey, q.Companies, nil},
		{FacetTechnology, fTechKey, q.Technologies, nil},
		{FacetYear, fYear, q.Years, checkYear},
		{FacetSource, fSourceKey, q.Sources, nil},
		{FacetLanguage, fLanguage, q.Languages, nil},
	} {
		if err := add(f.facet, f.field, f.vals, f.check); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mostOf is how many of n words a relaxed search requires: two thirds,
// rounded down, at least one.
func mostOf(n int) int {
	return max(1, int(math.Floor(float64(n)*2/3)))
}

// facetOrder is the order facets are computed and filters applied in.
var facetOrder = []string{FacetCategory, FacetCompany, FacetTechnology, FacetYear, FacetSource, FacetLanguage}

// facetFields maps each facet to the field its values are counted on, and
// how many values it lists.
var facetFields = map[string]struct {
	field string
	size  int
}{
	FacetCategory:   {fCategory, 40},
	FacetCompany:    {fCompany, 20},
	FacetTechnology: {fTechnology, 30},
	FacetYear:       {fYear, 60},
	FacetSource:     {fSource, 40},
	FacetLanguage:   {fLanguage, 10},
}
