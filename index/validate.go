package index

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// QueryError is a request the user got wrong: bad syntax, paging or sort,
// an unknown category, a filter out of bounds. Handlers answer it with a
// 400 and its message, which says what to fix.
type QueryError struct {
	// Param names the request parameter at fault, as the API names it:
	// "q", "sort", "from", "size", "text" or a facet ("category", "year"...).
	Param string
	Msg   string
	// Limit marks a value beyond what a request may ask for (a range, a
	// count, a length, the form of a value) rather than a query the index
	// cannot make sense of (its syntax, an unknown category); the API
	// answers the first as bad_request, the second as invalid_query.
	Limit bool
}

// Error returns the message prefixed with the package.
func (e *QueryError) Error() string { return "index: bad query: " + e.Msg }

// Limits on what a request may ask for.
const (
	MaxSize         = 100   // hits in one page
	MaxWindow       = 10000 // from + size: results stop there
	MaxFilterValues = 20    // values of one facet filter
	MaxFilterLen    = 100   // bytes of one filter value
)

// DefaultSize is the page size of a Query whose Size is 0.
const DefaultSize = 10

// validate checks the parts of q that need no index (the text's encoding,
// the filters' bounds, sort and paging) and fills in the defaults of sort
// and size. It is the one place that does; plan goes on with what needs
// the index (the query's syntax, categories, year ranges).
func validate(q Query) (Query, error) {
	if !utf8.ValidString(q.Text) {
		return q, &QueryError{Param: "q", Msg: "q is not valid UTF-8", Limit: true}
	}
	for _, f := range queryFilters(&q) {
		if err := checkFilter(f.name, *f.vals); err != nil {
			return q, err
		}
	}
	for _, y := range q.Years {
		if y = strings.TrimSpace(y); y != "" && !isYear(y) {
			return q, &QueryError{Param: FacetYear, Msg: fmt.Sprintf("year %q is not a four-digit year", y), Limit: true}
		}
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
	case SortRelevance, SortNewest, SortOldest:
	default:
		return q, &QueryError{Param: "sort", Msg: fmt.Sprintf("sort %q is not one of relevance, newest, oldest", q.Sort), Limit: true}
	}
	if q.From < 0 || q.From > MaxWindow {
		return q, &QueryError{Param: "from", Msg: fmt.Sprintf("from is %d; it must be between 0 and %d", q.From, MaxWindow), Limit: true}
	}
	size, err := checkSize(q.Size)
	if err != nil {
		return q, err
	}
	q.Size = size
	if q.From+q.Size > MaxWindow {
		return q, &QueryError{Param: "from", Msg: fmt.Sprintf("from+size is %d; results stop at %d", q.From+q.Size, MaxWindow), Limit: true}
	}
	return q, nil
}

// checkSize applies one rule to every page size, of searches and of
// similar incidents: 0 means DefaultSize; below 0 or above MaxSize is
// out of bounds.
func checkSize(n int) (int, error) {
	switch {
	case n == 0:
		return DefaultSize, nil
	case n < 0 || n > MaxSize:
		return 0, &QueryError{Param: "size", Msg: fmt.Sprintf("size is %d; it must be between 1 and %d (0 or absent means %d)",
			n, MaxSize, DefaultSize), Limit: true}
	}
	return n, nil
}

// checkFilter bounds the values of one facet filter.
func checkFilter(name string, vals []string) error {
	for _, v := range vals {
		if len(v) > MaxFilterLen || !utf8.ValidString(v) {
			return &QueryError{Param: name, Msg: fmt.Sprintf("%s value is too long or not UTF-8", name), Limit: true}
		}
	}
	if len(vals) > MaxFilterValues {
		return &QueryError{Param: name, Msg: fmt.Sprintf("at most %d %s values", MaxFilterValues, name), Limit: true}
	}
	return nil
}

// isYear reports whether s is four ASCII digits.
func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// queryFilter is one facet filter of a Query.
type queryFilter struct {
	name, field string
	vals        *[]string
}

// queryFilters returns q's facet filters in facetOrder, with the field each
// filters on.
func queryFilters(q *Query) []queryFilter {
	return []queryFilter{
		{FacetCategory, fCategory, &q.Categories},
		{FacetCompany, fCompanyKey, &q.Companies},
		{FacetTechnology, fTechKey, &q.Technologies},
		{FacetYear, fYear, &q.Years},
		{FacetSource, fSourceKey, &q.Sources},
		{FacetLanguage, fLanguage, &q.Languages},
		{FacetCollection, fCollection, &q.Collections},
	}
}
