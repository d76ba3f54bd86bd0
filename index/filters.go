package index

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/query"
)

// filterQuery builds the query for a field clause of the query text.
func (ix *Index) filterQuery(c query.Clause) (bq.Query, error) {
	slugs := ix.slugs
	v := strings.ToLower(strings.TrimSpace(c.Value))
	switch c.Field {
	case query.FieldCompany:
		return ix.companyFilter(v), nil
	case query.FieldCategory:
		if !slices.Contains(slugs, v) {
			return nil, unknownCategory("q", c.Value, slugs)
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
	return nil, &QueryError{Param: "q", Msg: fmt.Sprintf("unknown field %q", c.Field)}
}

// unknownCategory is the error of a category filter (in param) naming no
// category.
func unknownCategory(param, v string, slugs []string) error {
	return &QueryError{Param: param, Msg: fmt.Sprintf("unknown category %q; categories are %s", v, strings.Join(slugs, ", "))}
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

// facetFilters turns the request's facet filters into one filter per
// facet: OR within a facet. The engine ANDs them, leaving out a facet's own
// filter when counting that facet.
func (ix *Index) facetFilters(q Query) (map[string]engine.Filter, error) {
	out := map[string]engine.Filter{}
	for _, f := range queryFilters(&q) {
		var qs []bq.Query
		var keys []string
		for _, v := range *f.vals {
			v = strings.ToLower(strings.TrimSpace(v))
			if v == "" {
				continue
			}
			keys = append(keys, v)
			fq, err := ix.facetValueQuery(f, v)
			if err != nil {
				return nil, err
			}
			qs = append(qs, fq)
		}
		slices.Sort(keys)
		key := "facet\x00" + f.name + "\x00" + strings.Join(keys, "\x00")
		switch len(qs) {
		case 0:
		case 1:
			out[f.name] = engine.Filter{Key: key, Query: qs[0]}
		default:
			out[f.name] = engine.Filter{Key: key, Query: bq.NewDisjunctionQuery(qs)}
		}
	}
	return out, nil
}

// facetValueQuery matches the records carrying value v of filter f.
func (ix *Index) facetValueQuery(f queryFilter, v string) (bq.Query, error) {
	switch f.name {
	case FacetCategory:
		if !slices.Contains(ix.slugs, v) {
			return nil, unknownCategory(FacetCategory, v, ix.slugs)
		}
	case FacetYear:
		if n, err := strconv.Atoi(v); err != nil || len(v) != 4 || n < query.MinYear || n > query.MaxYear {
			return nil, &QueryError{Param: FacetYear, Msg: fmt.Sprintf("year %q is not a year (YYYY)", v)}
		}
	case FacetCompany:
		return ix.companyFilter(v), nil
	case FacetTechnology:
		return ix.techFilter(v), nil
	}
	return termQ(f.field, v), nil
}

// facets are the facets searches count, in the order they are computed,
// with the field each counts and how many values it lists.
var facets = []engine.Facet{
	{Name: FacetCategory, Field: fCategory, Size: 40},
	{Name: FacetCompany, Field: fCompany, Size: 20},
	{Name: FacetTechnology, Field: fTechnology, Size: 30},
	{Name: FacetYear, Field: fYear, Size: 60},
	{Name: FacetSource, Field: fSource, Size: 40},
	{Name: FacetLanguage, Field: fLanguage, Size: 10},
	{Name: FacetCollection, Field: fCollection, Size: 20},
}

// schema is what the engine reads into columns: the facets, the sort day,
// and the duplicates searches never show.
func schema() engine.Schema {
	return engine.Schema{Facets: facets, DayField: fSortDay, Hidden: termQ(fIsDup, "1"), Lengths: fLengths}
}

// companyFilter matches records of the company v names: through the
// company table (any spelling, any case), or by a whole word or the start
// of a word of the company's names ("travis" finds "Travis CI").
func (ix *Index) companyFilter(v string) bq.Query {
	v = strings.ToLower(strings.TrimSpace(v))
	qs := []bq.Query{termQ(fCompanyKey, v)}
	if c := strings.ToLower(ix.companies.Canonical(v)); c != v {
		qs = append(qs, termQ(fCompanyKey, c))
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' }) && len([]rune(v)) >= 3 {
		p := bq.NewPrefixQuery(v)
		p.SetField(fCompanyWd)
		qs = append(qs, p)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bq.NewDisjunctionQuery(qs)
}

// techFilter matches records naming technology v under any spelling the
// gazetteer knows ("k8s" finds Kubernetes), without case.
func (ix *Index) techFilter(v string) bq.Query {
	v = strings.ToLower(strings.TrimSpace(v))
	if name, ok := ix.techs[v]; ok && name != v {
		return bq.NewDisjunctionQuery([]bq.Query{termQ(fTechKey, v), termQ(fTechKey, name)})
	}
	return termQ(fTechKey, v)
}
