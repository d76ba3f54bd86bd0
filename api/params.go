package api

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pmkb/pmkb/index"
)

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
	{"collection", func(q *index.Query) *[]string { return &q.Collections }},
}

// parseSearch turns the query string of GET /api/v1/search into an index
// query. It only reads the parameters (and caps q's length, which Options
// sets); the index validates the query and answers a *index.QueryError
// that says what to fix.
func parseSearch(v url.Values, maxQueryLen int) (index.Query, error) {
	q := index.Query{Text: strings.TrimSpace(v.Get("q"))}
	if n := utf8.RuneCountInString(q.Text); n > maxQueryLen {
		return q, badRequest(fmt.Sprintf("q is %d characters long; the limit is %d", n, maxQueryLen))
	}
	for _, f := range filterParams {
		*f.dst(&q) = filterValues(v, f.name)
	}
	q.Sort = v.Get("sort")
	var err error
	if q.From, err = intParam(v, "from"); err != nil {
		return q, err
	}
	if q.Size, err = intParam(v, "size"); err != nil {
		return q, err
	}
	return q, nil
}

// filterValues returns the non-empty values of a repeatable parameter.
func filterValues(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// intParam parses an optional integer parameter (0 when absent), such as
// size: the index checks its range.
func intParam(v url.Values, name string) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("%s %q is not a whole number", name, s))
	}
	return n, nil
}
