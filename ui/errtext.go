package ui

import (
	"regexp"
	"strings"
)

// The index and the export package say what is wrong with a query or a
// selection in English, for the API, the command line and the log. A page
// shows the same message in its reader's language: errorTexts holds each
// of their message formats, word for word, and the catalog its French.
// The page matches the message against the formats and rebuilds it from
// the French format with the same values. A message no format matches
// shows as it came. TestErrorTextsInFrench provokes each one through the
// pages, so a reworded message in index shows up there as English.
var errorTexts = []string{
	// index/query: the position, then what is wrong there
	msg("at character %d: %s"),
	msg("unterminated phrase: add the closing quote (\")"),
	msg("%s: needs a value, for example %s"),
	msg("year range %s runs backwards; write year:%d..%d"),
	msg("year %q is not a year; write year:2017 or year:2015..2019"),
	msg("year %d is out of range %d..%d"),
	msg("%q: put at least %d characters before the *"),
	msg("%q: fuzziness must be 1 or %d"),
	msg("%q: a fuzzy word needs at least %d characters"),
	msg("parentheses do not group: words are all preferred, a OR b matches either, -word or NOT word excludes; quote text that holds parentheses"),
	msg("OR needs a word on each side, as in mysql OR postgres"),
	msg("OR joins words and phrases, not filters or negations; for filters repeat the parameter (company=a&company=b)"),
	msg("query is %d characters long; the limit is %d"),
	// index: the query as a whole and the filters
	msg("the query has %d words; at most %d count"),
	msg("unknown field %q"),
	msg("unknown category %q; categories are %s"),
	msg("a wildcard or fuzzy word matches too many terms; make it longer"),
	msg("year %q is not a four-digit year"),
	msg("year %q is not a year (YYYY)"),
	msg("sort %q is not one of relevance, newest, oldest"),
	msg("%s value is too long or not UTF-8"),
	msg("at most %d %s values"),
	// api/httpx: the shared middleware's refusals (WriteError)
	msg("the request line and headers are %d bytes; the limit is %d"),
	msg("the server is busy; try again in %s s"),
	// data/export: a selection's ids
	msg("%q is not an incident id"),
	msg("%d incidents; a selection holds at most %d"),
}

// errorText is one format of errorTexts as a pattern.
type errorText struct {
	format string
	re     *regexp.Regexp
}

// errorVerb is a fmt verb of errorTexts, and what it matches in a message.
var errorVerb = regexp.MustCompile(`%[dqs]`)

var verbPatterns = map[string]string{
	"%d": `(-?[0-9]+)`,
	"%q": `("(?:[^"\\]|\\.)*")`,
	"%s": `(.+?)`,
}

// compiledErrorTexts are errorTexts as anchored patterns, each verb a
// group.
var compiledErrorTexts = compileErrorTexts(errorTexts)

func compileErrorTexts(formats []string) []errorText {
	out := make([]errorText, 0, len(formats))
	for _, f := range formats {
		var b strings.Builder
		b.WriteString("^")
		last := 0
		for _, loc := range errorVerb.FindAllStringIndex(f, -1) {
			b.WriteString(regexp.QuoteMeta(f[last:loc[0]]))
			b.WriteString(verbPatterns[f[loc[0]:loc[1]]])
			last = loc[1]
		}
		b.WriteString(regexp.QuoteMeta(f[last:]) + "$")
		out = append(out, errorText{format: f, re: regexp.MustCompile(b.String())})
	}
	return out
}

// errorText returns an index or export error message in l's language:
// the catalog's format with the message's own values, or the message as
// it came when no format matches it. A value that is itself a message
// ("at character 5: ...") is translated too.
func (l localizer) errorText(m string) string {
	if l.msgs == nil {
		return m
	}
	for _, et := range compiledErrorTexts {
		sub := et.re.FindStringSubmatch(m)
		if sub == nil {
			continue
		}
		tr := errorVerb.ReplaceAllString(l.T(et.format), "%s")
		args := make([]any, 0, len(sub)-1)
		for _, v := range sub[1:] {
			if v != m && strings.ContainsRune(v, ' ') {
				v = l.errorText(v)
			}
			args = append(args, v)
		}
		return l.T(tr, args...)
	}
	return m
}
