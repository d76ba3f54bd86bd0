package ui

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pmkb/pmkb/index"
)

// limits are the limits from Options that the pages apply.
type limits struct {
	maxQueryLen int   // longest q, in characters
	pageSize    int   // results per search page
	maxTextLen  int   // longest pasted text, in characters
	maxBody     int64 // largest form body
}

// maxPage is the last page a search can show: the index stops at
// index.MaxWindow results.
func (l limits) maxPage() int { return index.MaxWindow / l.pageSize }

// filterNames are the repeatable filter parameters, named like the facets
// they filter, in the order the sidebar shows them.
var filterNames = []string{
	index.FacetCategory, index.FacetCompany, index.FacetTechnology,
	index.FacetYear, index.FacetSource, index.FacetLanguage, index.FacetCollection,
}

// inputError is a page URL the user got wrong; it renders as a 400. Its
// message is an English message of the catalog with its arguments.
type inputError struct {
	format string
	args   []any
}

func inputErr(format string, args ...any) *inputError { return &inputError{format: format, args: args} }

func (e *inputError) Error() string { return fmt.Sprintf(e.format, e.args...) }

// text is the message in l's language.
func (e *inputError) text(l localizer) string { return l.T(e.format, e.args...) }

// searchParams is a parsed search page URL: the index query plus the
// cleaned parameters that links on the page build on.
type searchParams struct {
	values url.Values
	query  index.Query
	page   int
}

// parseSearchParams reads q, the filters, sort and page from a search URL.
// The returned params are usable for links even when err is set, so a 400
// page can still show the form the user filled in.
func parseSearchParams(in url.Values, lim limits) (searchParams, error) {
	p := searchParams{values: url.Values{}, page: 1}
	q := strings.TrimSpace(in.Get("q"))
	if q != "" {
		p.values.Set("q", q)
	}
	p.query.Text = q
	for _, name := range filterNames {
		for _, s := range in[name] {
			if s = strings.TrimSpace(s); s != "" && !p.has(name, s) {
				p.values.Add(name, s)
			}
		}
	}
	p.query.Categories = p.values[index.FacetCategory]
	p.query.Companies = p.values[index.FacetCompany]
	p.query.Technologies = p.values[index.FacetTechnology]
	p.query.Years = p.values[index.FacetYear]
	p.query.Sources = p.values[index.FacetSource]
	p.query.Languages = p.values[index.FacetLanguage]
	p.query.Collections = p.values[index.FacetCollection]
	if s := in.Get("sort"); s != "" && s != index.SortRelevance {
		p.values.Set("sort", s)
	}
	p.query.Sort = in.Get("sort")
	if p.query.Sort == "" && q == "" {
		p.query.Sort = index.SortNewest // nothing to rank by: the newest incidents first
	}
	if s := strings.TrimSpace(in.Get("page")); s != "" && s != "1" {
		p.values.Set("page", s)
	}
	return p, p.validate(in.Get("page"), lim)
}

// validate checks what the page itself limits (the query's length, the
// page number) and turns the page into from and size; the index validates
// the rest of the query (filters, sort) and answers a *index.QueryError.
func (p *searchParams) validate(pageParam string, lim limits) error {
	if n := utf8.RuneCountInString(p.query.Text); n > lim.maxQueryLen {
		return inputErr("The query is %d characters long; the limit is %d.", n, lim.maxQueryLen)
	}
	if pageParam = strings.TrimSpace(pageParam); pageParam != "" {
		n, err := strconv.Atoi(pageParam)
		if err != nil || n < 1 || n > lim.maxPage() {
			return inputErr("Page %q does not exist: pages run from 1 to %d.", pageParam, lim.maxPage())
		}
		p.page = n
	}
	p.query.From = (p.page - 1) * lim.pageSize
	p.query.Size = lim.pageSize
	return nil
}

// has reports whether the filter name already holds value.
func (p searchParams) has(name, value string) bool {
	for _, v := range p.values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// link returns the search URL for these params changed by edit; any
// change goes back to the first page unless edit sets one.
func (p searchParams) link(edit func(v url.Values)) string {
	v := url.Values{}
	for k, vals := range p.values {
		if k != "page" {
			v[k] = append([]string(nil), vals...)
		}
	}
	edit(v)
	return pathWithQuery("/", v)
}

// toggle returns the link that adds value to filter name, or removes it
// when it is already set, keeping every other parameter.
func (p searchParams) toggle(name, value string) string {
	return p.link(func(v url.Values) {
		if !p.has(name, value) {
			v.Add(name, value)
			return
		}
		var keep []string
		for _, s := range v[name] {
			if s != value {
				keep = append(keep, s)
			}
		}
		if len(keep) == 0 {
			v.Del(name)
		} else {
			v[name] = keep
		}
	})
}

// pageLink returns the link to page n of the same search.
func (p searchParams) pageLink(n int) string {
	return p.link(func(v url.Values) {
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
	})
}

func pathWithQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
