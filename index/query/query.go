// Package query parses pmkb's search language into a small syntax tree. It is
// a leaf package: it knows nothing of bleve or of the records, so the index
// decides what each clause means.
//
// The language:
//
//	mysql failover          plain words (the index prefers records holding all of them)
//	"split brain"           a phrase
//	company:github          a field filter; fields are company, category (cat),
//	                        tech (technology), year, source, lang (language)
//	company:"Google Cloud"  a quoted field value
//	year:2017  year:2015..2019
//	-dns  --dns  NOT dns    negation
//	dns AND bgp             AND is the default and may be written
//	mysql OR postgres       either word (OR joins words and phrases)
//	mysq*                   a prefix (at least 2 characters before the star)
//	mysql~  mysql~2         a fuzzy word (edit distance 1 or 2)
//
// Text that is not clearly the language is plain words, so that pasted
// log lines just work: an unknown field ("host:api.example.com",
// "FATAL:"), parentheses, an unterminated quote, a star inside a word,
// URLs, IPs and ports, paths, key=value, times ("10:30"). What is the
// language used wrongly is an error that says what it accepts: a known
// field without a value or with a bad one (year:17, year:2019..2015),
// parentheses that try to group (dns OR bgp), OR without a word on each
// side, a short prefix (m*), a fuzziness above 2. Past MaxClauses, the
// rest of the text is left out.
package query

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Limits on what a query may ask for, so that no query can stall a search.
const (
	MaxLength    = 1000 // bytes of query text
	MaxClauses   = 64   // clauses after parsing
	MinPrefixLen = 2    // characters before a trailing '*'
	MaxFuzziness = 2    // edit distance of a fuzzy word
	MinFuzzyLen  = 3    // characters of a fuzzy word
	MinYear      = 1970
	MaxYear      = 2100
)

// Kind says what a clause matches.
type Kind int

// Clause kinds.
const (
	Word   Kind = iota // one plain word (may hold punctuation the analyzer splits)
	Phrase             // words that must appear together, in order
	Prefix             // words starting with Text
	Fuzzy              // words within Fuzziness edits of Text
	Field              // a field filter: Field and Value (or a year range)
)

// Field names a clause may filter on, in their canonical spelling.
const (
	FieldCompany    = "company"
	FieldCategory   = "category"
	FieldTechnology = "tech"
	FieldYear       = "year"
	FieldSource     = "source"
	FieldLanguage   = "lang"
)

// fieldAliases maps every accepted field spelling to its canonical name.
var fieldAliases = map[string]string{
	"company": FieldCompany, "org": FieldCompany,
	"category": FieldCategory, "cat": FieldCategory,
	"tech": FieldTechnology, "technology": FieldTechnology,
	"year":   FieldYear,
	"source": FieldSource, "list": FieldSource,
	"lang": FieldLanguage, "language": FieldLanguage,
}

// Clause is one part of a query.
type Clause struct {
	Kind      Kind
	Text      string // the word, phrase or prefix (without '*', '~' or quotes)
	Fuzziness int    // for Fuzzy: 1 or 2
	Field     string // for Field: a Field* constant
	Value     string // for Field: the value as typed (not for a year range)
	YearFrom  int    // for a year filter: first year
	YearTo    int    // for a year filter: last year (== YearFrom for one year)
	Negated   bool   // the clause must not match
	// Or holds the alternatives typed after this clause with OR
	// ("mysql OR postgres"): the clause matches when it or any of them does.
	Or []Clause
}

// Query is a parsed query: its clauses in the order typed.
type Query struct {
	Clauses []Clause

	phrases Phrases // the protected phrases Parse read it with, for String
}

// Error is a query the user got wrong; its message says how to fix it.
type Error struct {
	Pos int // byte offset in the query where the problem is
	Msg string
}

// Error says where the problem is and what it is.
func (e *Error) Error() string {
	return fmt.Sprintf("at character %d: %s", e.Pos+1, e.Msg)
}

// Options tune parsing.
type Options struct {
	// Phrases finds the multi-word terms (the glossary's) that are kept
	// together as one clause when typed without quotes, so "split brain"
	// or "rm -rf" is not split into words, and "-rf" is not read as a
	// negation. nil keeps none.
	Phrases Phrases
}

// Phrases finds multi-word terms: Longest returns how many bytes of s,
// from its start, the longest such term takes (0 for none), ending where a
// word ends.
type Phrases interface {
	Longest(s string) int
}

// Parse parses s. It returns an *Error for a mistake the user can fix.
func Parse(s string, opts Options) (Query, error) {
	if len(s) > MaxLength {
		return Query{}, &Error{Pos: MaxLength, Msg: fmt.Sprintf("query is %d characters long; the limit is %d", len(s), MaxLength)}
	}
	return parse(s, opts)
}

// parse parses s of any length.
func parse(s string, opts Options) (Query, error) {
	if i := groupOperator(s); i >= 0 {
		return Query{}, &Error{Pos: i, Msg: "parentheses do not group: words are all preferred, a OR b matches either, -word or NOT word excludes; quote text that holds parentheses"}
	}
	p := parser{s: s, phrases: opts.Phrases}
	q := Query{phrases: opts.Phrases}
	negate, or := false, false
	for {
		p.skipSpace()
		if p.pos >= len(p.s) {
			break
		}
		switch op := p.s[p.pos:p.wordEnd(p.pos)]; op {
		case "AND": // the default
			p.pos += len(op)
			continue
		case "NOT":
			p.pos += len(op)
			negate = true
			continue
		case "OR":
			if len(q.Clauses) == 0 || or {
				return Query{}, &Error{Pos: p.pos, Msg: "OR needs a word on each side, as in mysql OR postgres"}
			}
			p.pos += len(op)
			or = true
			continue
		}
		c, ok, err := p.clause()
		if err != nil {
			return Query{}, err
		}
		if !ok {
			continue
		}
		if negate {
			c.Negated, negate = true, false
			if c.Kind == Word && strings.Contains(c.Text, " ") {
				c.Kind = Phrase
			}
		}
		if or {
			or = false
			last := &q.Clauses[len(q.Clauses)-1]
			if c.Negated || last.Negated || c.Kind == Field || last.Kind == Field {
				return Query{}, &Error{Pos: p.pos, Msg: "OR joins words and phrases, not filters or negations; for filters repeat the parameter (company=a&company=b)"}
			}
			last.Or = append(last.Or, c)
			continue
		}
		q.Clauses = append(q.Clauses, c)
		if len(q.Clauses) == MaxClauses {
			break // pasted text: the first words are plenty
		}
	}
	if or {
		return Query{}, &Error{Pos: len(s), Msg: "OR needs a word on each side, as in mysql OR postgres"}
	}
	return q, nil
}

// Positive returns the clauses that are not negated.
func (q Query) Positive() []Clause {
	var out []Clause
	for _, c := range q.Clauses {
		if !c.Negated {
			out = append(out, c)
		}
	}
	return out
}

// String renders q back into the query language; parsing the result with
// the options q was parsed with gives q again (when it is not longer than
// MaxLength: "a~" prints as "a~1").
func (q Query) String() string {
	parts := make([]string, 0, len(q.Clauses))
	for _, c := range q.Clauses {
		parts = append(parts, c.String())
	}
	s := strings.Join(parts, " ")
	if q.phrases == nil {
		return s
	}
	// Words that were apart where they were typed ("-*rm -rf", "r*m -rf")
	// may read as one protected phrase side by side; AND, the default,
	// keeps them apart.
	again, err := parse(s, Options{Phrases: q.phrases})
	if err == nil && slices.EqualFunc(again.Clauses, q.Clauses, Clause.equal) {
		return s
	}
	return strings.Join(parts, " AND ")
}

// equal reports whether c and d are the same clause with the same
// alternatives.
func (c Clause) equal(d Clause) bool {
	return c.Kind == d.Kind && c.Negated == d.Negated && c.Text == d.Text && c.Field == d.Field &&
		c.Value == d.Value && c.YearFrom == d.YearFrom && c.YearTo == d.YearTo &&
		c.Fuzziness == d.Fuzziness && slices.EqualFunc(c.Or, d.Or, Clause.equal)
}

// String renders one clause in the query language.
func (c Clause) String() string {
	var b strings.Builder
	c.writeTo(&b)
	for _, alt := range c.Or {
		b.WriteString(" OR ")
		alt.writeTo(&b)
	}
	return b.String()
}

// writeTo renders c without its alternatives.
func (c Clause) writeTo(b *strings.Builder) {
	if c.Negated {
		b.WriteByte('-')
	}
	switch c.Kind {
	case Word:
		b.WriteString(c.Text)
	case Phrase:
		b.WriteString(`"` + c.Text + `"`) // a phrase never holds a quote
	case Prefix:
		b.WriteString(c.Text + "*")
	case Fuzzy:
		b.WriteString(c.Text + "~" + strconv.Itoa(c.Fuzziness))
	case Field:
		b.WriteString(c.Field + ":")
		switch {
		case c.Field == FieldYear && c.YearFrom == c.YearTo:
			b.WriteString(strconv.Itoa(c.YearFrom))
		case c.Field == FieldYear:
			b.WriteString(strconv.Itoa(c.YearFrom) + ".." + strconv.Itoa(c.YearTo))
		case strings.ContainsFunc(c.Value, unicode.IsSpace) || strings.Trim(c.Value, ")") == "":
			// Bare, "company:)" would read as the word "company:".
			b.WriteString(`"` + c.Value + `"`)
		default:
			b.WriteString(c.Value)
		}
	}
}
