package api

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pmkb/pmkb/index"
)

// Limits on filters, so a crafted URL cannot make a huge query.
const (
	maxFilterValues = 20
	maxFilterLen    = 100
)

// defaultSize is how many hits a search or a similar-incident call
// answers when size is 0 or absent.
const defaultSize = 10

var yearRE = regexp.MustCompile(`^[0-9]{4}$`)

// filterParams maps each repeatable filter parameter to its place in the
// query.
var filterParams = []struct {
	name string
	dst  func(q *index.Query) *[]string
}{
	{"category", func(q *index.Query) *[]string { return &q.Categories }},
	{"company", func(q *index.Query) *[]string { return &q.Companies }},
	{"technology", func(q *index.Query) *[]string { return &q.Technologies }},
	{"year", func(q *index.Query) *[]string { return &q.Years }},
	{"source", func(q *index.Query) *[]string { return &q.Sources }},
	{"language", func(q *index.Query) *[]string { return &q.Languages }},
}

// parseSearch turns the query string of GET /api/v1/search into an index
// query, rejecting anything out of range with a message that says what to
// fix.
func parseSearch(v url.Values, maxQueryLen int) (index.Query, error) {
	q := index.Query{Text: strings.TrimSpace(v.Get("q"))}
	if n := utf8.RuneCountInString(q.Text); n > maxQueryLen {
		return q, badRequest(fmt.Sprintf("q is %d characters long; the limit is %d", n, maxQueryLen))
	}
	if !utf8.ValidString(q.Text) {
		return q, badRequest("q is not valid UTF-8")
	}
	for _, f := range filterParams {
		vals, err := filterValues(v, f.name)
		if err != nil {
			return q, err
		}
		*f.dst(&q) = vals
	}
	for _, y := range q.Years {
		if !yearRE.MatchString(y) {
			return q, badRequest(fmt.Sprintf("year %q is not a four-digit year", y))
		}
	}
	var err error
	if q.Sort, err = parseSort(v.Get("sort")); err != nil {
		return q, err
	}
	if q.From, err = intParam(v, "from", 0, 0, index.MaxWindow); err != nil {
		return q, err
	}
	if q.Size, err = sizeParam(v); err != nil {
		return q, err
	}
	if q.From+q.Size > index.MaxWindow {
		return q, badRequest(fmt.Sprintf("from+size is %d; results stop at %d", q.From+q.Size, index.MaxWindow))
	}
	return q, nil
}

// filterValues returns the non-empty values of a repeatable parameter.
func filterValues(v url.Values, name string) ([]string, error) {
	var out []string
	for _, s := range v[name] {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if len(s) > maxFilterLen || !utf8.ValidString(s) {
			return nil, badRequest(fmt.Sprintf("%s value is too long or not UTF-8", name))
		}
		out = append(out, s)
	}
	if len(out) > maxFilterValues {
		return nil, badRequest(fmt.Sprintf("at most %d %s values", maxFilterValues, name))
	}
	return out, nil
}

func parseSort(s string) (string, error) {
	switch s {
	case "":
		return index.SortRelevance, nil
	case index.SortRelevance, index.SortNewest, index.SortOldest:
		return s, nil
	}
	return "", badRequest(fmt.Sprintf("sort %q is not one of relevance, newest, oldest", s))
}

// sizeParam reads the size parameter of the search and similar endpoints.
func sizeParam(v url.Values) (int, error) {
	n, err := intParam(v, "size", 0, math.MinInt, math.MaxInt)
	if err != nil {
		return 0, err
	}
	return checkSize(n)
}

// checkSize applies one rule to every size, in a query string or a JSON
// body: 0 (or absent) means defaultSize; below 0 or above index.MaxSize is
// bad input.
func checkSize(n int) (int, error) {
	switch {
	case n == 0:
		return defaultSize, nil
	case n < 0 || n > index.MaxSize:
		return 0, badRequest(fmt.Sprintf("size is %d; it must be between 1 and %d (0 or absent means %d)",
			n, index.MaxSize, defaultSize))
	}
	return n, nil
}

// intParam parses an optional integer parameter within [lo, hi].
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("%s %q is not a whole number", name, s))
	}
	if n < lo || n > hi {
		return 0, badRequest(fmt.Sprintf("%s is %d; it must be between %d and %d", name, n, lo, hi))
	}
	return n, nil
}
