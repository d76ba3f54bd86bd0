package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type parser struct {
	s       string
	pos     int
	phrases Phrases
}

func (p *parser) skipSpace() {
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

func isSpaceAt(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// clause reads one clause at p.pos. ok is false when the text there means
// nothing (a lone dash or star) and was skipped.
func (p *parser) clause() (c Clause, ok bool, err error) {
	start := p.pos
	if p.s[p.pos] == '-' {
		dashes := len(p.s[p.pos:]) - len(strings.TrimLeft(p.s[p.pos:], "-"))
		if isSpaceAt(p.s, p.pos+dashes) {
			// A dash standing alone ("mysql - failover") or a run of
			// dashes is punctuation, not a negation.
			p.pos = p.wordEnd(p.pos)
			return Clause{}, false, nil
		}
		c.Negated = true
		for p.pos < len(p.s) && p.s[p.pos] == '-' {
			p.pos++ // "--dns" negates like "-dns"
		}
	}
	// Parentheses never group (Parse refuses a group holding an
	// operator): they are punctuation, as in pasted lines
	// ("(ECONNREFUSED)", "curl: (6) Could not resolve host"), and so is
	// a dash after one ("(-1)"). What follows is read as if they were not
	// there, so that the query reads back as itself.
	if p.s[p.pos] == '(' {
		end := p.wordEnd(p.pos)
		p.pos = end - len(strings.TrimLeft(p.s[p.pos:end], "(-"))
		start = p.pos
		if p.pos == end {
			return Clause{}, false, nil
		}
	}
	if n := p.protectedPhrase(); n > 0 {
		// A synonym phrase typed without quotes is the user's words (the
		// index boosts the phrase and its synonyms); negated, it excludes
		// the phrase.
		c.Kind, c.Text = Word, strings.Join(strings.Fields(p.s[p.pos:p.pos+n]), " ")
		if c.Negated {
			c.Kind = Phrase
		}
		p.pos += n
		return c, true, nil
	}
	if p.s[p.pos] == '"' {
		text, err := p.quoted()
		if err != nil {
			// An unterminated quote is punctuation of pasted text
			// (msg="dial tcp ...): the words after it are words.
			p.pos++
			return Clause{}, false, nil
		}
		if strings.TrimSpace(text) == "" {
			return Clause{}, false, nil
		}
		c.Kind, c.Text = Phrase, strings.Join(strings.Fields(text), " ")
		return c, true, nil
	}
	end := p.wordEnd(p.pos)
	word := strings.TrimRight(p.s[p.pos:end], ")")
	if word == "" {
		p.pos = end
		return Clause{}, false, nil
	}
	if i := strings.IndexByte(word, ':'); i > 0 {
		// A known field filters; any other prefix (host:api.example.com,
		// FATAL:, a URL, a time) is text.
		field, known := fieldAliases[strings.ToLower(word[:i])]
		quotedValue := p.pos+i+1 < len(p.s) && p.s[p.pos+i+1] == '"'
		if known && (i < len(word)-1 || quotedValue) {
			p.pos += i + 1
			return p.field(c, field, start)
		}
		// A known field followed by a space is a label of pasted text
		// ("Source: kubelet"), not a filter.
	}
	p.pos = end
	return wordClause(c, word, start)
}

// groupOperator returns where a parenthesised group holding an operator
// (OR, AND, NOT) starts, or -1: parentheses used to group, which the
// language does not do. Other parentheses are punctuation.
func groupOperator(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '(' || !startsWord(s, i) {
			continue // "f(x OR y" is a word, not a group
		}
		end := strings.IndexByte(s[i+1:], ')')
		if end < 0 {
			end = len(s) - i - 1
		}
		for _, w := range strings.Fields(s[i+1 : i+1+end]) {
			switch strings.Trim(w, "()") {
			case "OR", "AND", "NOT":
				return i
			}
		}
	}
	return -1
}

// startsWord reports whether s[i] is at the start of a word, after only
// parentheses and dashes ("-(dns").
func startsWord(s string, i int) bool {
	j := len(strings.TrimRight(s[:i], "(-"))
	if j == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:j])
	return unicode.IsSpace(r)
}

// KnownFields lists the field names a query may filter on, for messages.
const KnownFields = "company, category (cat), tech (technology), year, source (list), lang (language)"

// wordEnd returns where the word starting at i ends: at white space or a
// double quote.
func (p *parser) wordEnd(i int) int {
	for i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[i:])
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		i += n
	}
	return i
}

// quoted reads a double-quoted string at p.pos and returns its contents.
func (p *parser) quoted() (string, error) {
	start := p.pos
	end := strings.IndexByte(p.s[start+1:], '"')
	if end < 0 {
		return "", &Error{Pos: start, Msg: `unterminated phrase: add the closing quote (")`}
	}
	p.pos = start + 1 + end + 1
	return p.s[start+1 : start+1+end], nil
}

// protectedPhrase returns the length of the longest configured phrase that
// starts at p.pos, or 0.
func (p *parser) protectedPhrase() int {
	if p.phrases == nil {
		return 0
	}
	return p.phrases.Longest(p.s[p.pos:])
}

// field reads the value of a field filter whose name was already consumed.
func (p *parser) field(c Clause, field string, start int) (Clause, bool, error) {
	c.Kind, c.Field = Field, field
	var value string
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		v, err := p.quoted()
		if err != nil {
			return Clause{}, false, err
		}
		value = strings.TrimSpace(v)
	} else {
		end := p.wordEnd(p.pos)
		value = p.s[p.pos:end]
		p.pos = end
	}
	if value == "" {
		return Clause{}, false, &Error{Pos: start, Msg: fmt.Sprintf("%s: needs a value, for example %s", field, fieldExample[field])}
	}
	if field != FieldYear {
		c.Value = value
		return c, true, nil
	}
	from, to, err := parseYears(value)
	if err != nil {
		return Clause{}, false, &Error{Pos: start, Msg: err.Error()}
	}
	c.YearFrom, c.YearTo = from, to
	return c, true, nil
}

var fieldExample = map[string]string{
	FieldCompany:    "company:github",
	FieldCategory:   "category:dns",
	FieldTechnology: "tech:mysql",
	FieldYear:       "year:2017 or year:2015..2019",
	FieldSource:     "source:danluu",
	FieldLanguage:   "lang:fr",
}

// parseYears reads "2017" or "2015..2019".
func parseYears(v string) (from, to int, err error) {
	a, b, isRange := strings.Cut(v, "..")
	if from, err = parseYear(a); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return from, from, nil
	}
	if to, err = parseYear(b); err != nil {
		return 0, 0, err
	}
	if from > to {
		return 0, 0, fmt.Errorf("year range %s runs backwards; write year:%d..%d", v, to, from)
	}
	return from, to, nil
}

func parseYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 {
		return 0, fmt.Errorf("year %q is not a year; write year:2017 or year:2015..2019", s)
	}
	if y < MinYear || y > MaxYear {
		return 0, fmt.Errorf("year %d is out of range %d..%d", y, MinYear, MaxYear)
	}
	return y, nil
}

// wordClause turns a plain word into a Word, Prefix or Fuzzy clause.
func wordClause(c Clause, word string, start int) (Clause, bool, error) {
	if strings.Trim(word, "*") == "" {
		return Clause{}, false, nil // a lone star: no constraint
	}
	if i := strings.IndexByte(word, '*'); i >= 0 {
		stem := word[:len(word)-1]
		if i != len(word)-1 {
			// A star inside or before a word is pasted text's (a
			// glob, **bold**), not a wildcard. The word without its
			// stars, and without the query language's marks around
			// them, is read as it would be typed ("abc*~2" is
			// "abc~2"), so that a query reads back as itself; what
			// cannot be is a word.
			plain := strings.Trim(withoutSpace(strings.ReplaceAll(word, "*", "")), queryMarks)
			if plain == "" {
				return Clause{}, false, nil
			}
			sub := parser{s: plain}
			if pc, ok, err := sub.clause(); err == nil && sub.pos == len(plain) {
				pc.Negated = c.Negated
				return pc, ok, nil
			}
			c.Kind, c.Text = Word, asWord(notField(strings.ReplaceAll(plain, "~", "")))
			return c, true, nil
		}
		if utf8.RuneCountInString(stem) < MinPrefixLen {
			return Clause{}, false, &Error{Pos: start, Msg: fmt.Sprintf("%q: put at least %d characters before the *", word, MinPrefixLen)}
		}
		c.Kind, c.Text = Prefix, stem
		return c, true, nil
	}
	if i := strings.LastIndexByte(word, '~'); i > 0 {
		return fuzzyClause(c, word, i, start)
	}
	c.Kind, c.Text = Word, asWord(word)
	return c, true, nil
}

// withoutSpace drops the white space of w, which bytes kept apart by a
// star may form ("\xc2*\x85" is U+0085 without it), and again for what
// dropping forms.
func withoutSpace(w string) string {
	for strings.ContainsFunc(w, unicode.IsSpace) {
		w = strings.Join(strings.Fields(w), "")
	}
	return w
}

// notField drops the colons after a known field's name ("year:0" reads
// "year0"), so that a word which is not a valid filter never reads back as
// one.
func notField(w string) string {
	if i := strings.IndexByte(w, ':'); i > 0 {
		if _, known := fieldAliases[strings.ToLower(w[:i])]; known {
			return w[:i] + strings.TrimLeft(w[i+1:], ":")
		}
	}
	return w
}

// asWord keeps an operator's spelling that reached a word through
// punctuation ("*NOT", "OR)", "0(*NOT") a word: in lower case, as words
// are searched, so that the query reads back as itself and not as the
// operator, alone or inside parentheses (which Parse refuses).
func asWord(w string) string {
	var b strings.Builder
	for len(w) > 0 {
		i := strings.IndexAny(w, "()")
		if i < 0 {
			i = len(w)
		}
		switch piece := w[:i]; piece {
		case "AND", "OR", "NOT":
			b.WriteString(strings.ToLower(piece))
		default:
			b.WriteString(piece)
		}
		if i < len(w) {
			b.WriteByte(w[i])
			i++
		}
		w = w[i:]
	}
	return b.String()
}

// queryMarks are the characters that mean something at either end of a
// word: negation, grouping, quotes, fuzziness.
const queryMarks = `-()"~`

func fuzzyClause(c Clause, word string, i, start int) (Clause, bool, error) {
	stem, dist := word[:i], word[i+1:]
	n := 1
	if dist != "" {
		var err error
		n, err = strconv.Atoi(dist)
		if err != nil {
			// "a~b" is not fuzzy syntax; keep it as text.
			c.Kind, c.Text = Word, asWord(word)
			return c, true, nil
		}
	}
	if n < 1 || n > MaxFuzziness {
		return Clause{}, false, &Error{Pos: start + i, Msg: fmt.Sprintf("%q: fuzziness must be 1 or %d", word, MaxFuzziness)}
	}
	if utf8.RuneCountInString(stem) < MinFuzzyLen {
		return Clause{}, false, &Error{Pos: start, Msg: fmt.Sprintf("%q: a fuzzy word needs at least %d characters", word, MinFuzzyLen)}
	}
	c.Kind, c.Text, c.Fuzziness = Fuzzy, stem, n
	return c, true, nil
}

// PhraseList is a fixed list of phrases as Phrases: each phrase's words,
// separated by white space in the text, compared without case.
type PhraseList []string

// Longest returns how many bytes of s the longest phrase of l at its start
// takes, or 0.
func (l PhraseList) Longest(s string) int {
	best := 0
	for _, ph := range l {
		if n := matchWords(s, strings.Fields(ph)); n > best {
			best = n
		}
	}
	return best
}

// matchWords reports how many bytes of s the words take when s starts with
// them separated by white space and followed by a word boundary, or 0.
func matchWords(s string, words []string) int {
	i := 0
	for k, w := range words {
		if k > 0 {
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += n
			}
			if j == i {
				return 0
			}
			i = j
		}
		if len(s)-i < len(w) || !strings.EqualFold(s[i:i+len(w)], w) {
			return 0
		}
		i += len(w)
	}
	if len(words) == 0 {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); i < len(s) && !unicode.IsSpace(r) && !unicode.IsPunct(r) {
		return 0
	}
	return i
}
