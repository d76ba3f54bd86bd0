package classify

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// isNegated reports whether the match m of u does not vote: a negation cue
// stands before it, a "no" answers it, or it sits inside a quotation in a
// sentence (a title or heading that quotes an error names the incident by
// it).
func (c *Classifier) isNegated(u *unit, m []int, lang string) bool {
	return c.negated(u.text[:m[0]], lang) || answersNo(u.text[m[1]:]) || (!u.heading && inQuote(u.text, m))
}

// silenced reports whether the match m of p in u does not vote: a verdict
// clears it, it is negated, or p names no negation itself and one sits
// inside the match.
func (c *Classifier) silenced(p *pattern, u *unit, m []int, lang string) bool {
	if u.cleared(m[0]) {
		return true
	}
	if c.isNegated(u, m, lang) {
		return true
	}
	if !p.innerNeg {
		return false
	}
	span := u.text[m[0]:m[1]]
	if len(u.lower) == len(u.text) {
		span = u.lower[m[0]:m[1]]
		if !innerNegationWords.Contains(span) {
			return false
		}
	}
	return innerNegation.MatchString(span)
}

// innerNegationWords are the words one of which any innerNegation match
// holds, in lower case.
var innerNegationWords = ahocorasick.New([]string{"not", "no", "n't", "without", "pas", "jamais", "aucun", "sans"})

// innerNegation finds a negation word inside a match; negatesItself finds
// one in a pattern's own expression.
var (
	innerNegation = regexp.MustCompile(`(?i)\b(not|never|no|nothing|none|without)\b|n't\b|\b(pas|jamais|aucune?|sans)\b`)
	negatesItself = regexp.MustCompile(`\b(not|never|no|nothing|none|without|nobody|fail\w*|pas|jamais|aucune?|sans|n)\b|n''?t\b|\bun\w*|\bmis`)
)

// inQuote reports whether match m sits inside a quotation of three words or
// more: an error message ("no space left on device"), a log line or someone's
// words, which show a symptom or a thought rather than state what happened.
// Shorter quotes are names ("the "cleanup" job") and still vote.
func inQuote(text string, m []int) bool {
	// Two plain searches: ContainsAny decodes every rune of text.
	if strings.IndexByte(text, '"') < 0 && !strings.Contains(text, "“") {
		return false
	}
	open, close := -1, -1
	if i := strings.LastIndex(text[:m[0]], "“"); i >= 0 && !strings.Contains(text[i:m[0]], "”") {
		open = i + len("“")
		if j := strings.Index(text[m[1]:], "”"); j >= 0 {
			close = m[1] + j
		}
	} else if strings.Count(text[:m[0]], "\"")%2 == 1 {
		open = strings.LastIndex(text[:m[0]], "\"") + 1
		if j := strings.IndexByte(text[m[1]:], '"'); j >= 0 {
			close = m[1] + j
		}
	}
	if open < 0 || close < 0 {
		return false
	}
	return len(strings.Fields(text[open:close])) >= 3
}

// withoutQuotes is text without its quotations of three words or more
// (see inQuote): what it states in its own words.
func withoutQuotes(text string) string {
	if strings.IndexByte(text, '"') < 0 && !strings.Contains(text, "“") {
		return text
	}
	var b strings.Builder
	rest := text
	for {
		i, open, close := strings.IndexByte(rest, '"'), "\"", "\""
		if j := strings.Index(rest, "“"); j >= 0 && (i < 0 || j < i) {
			i, open, close = j, "“", "”"
		}
		if i < 0 {
			break
		}
		end := strings.Index(rest[i+len(open):], close)
		if end < 0 {
			break
		}
		quote := rest[i+len(open) : i+len(open)+end]
		b.WriteString(rest[:i])
		if len(strings.Fields(quote)) < 3 {
			b.WriteString(quote)
		}
		b.WriteByte(' ')
		rest = rest[i+len(open)+end+len(close):]
	}
	b.WriteString(rest)
	return b.String()
}

// answersNo reports whether text starts with a "no" answer ("Customer Data
// Loss: None", "Security related - No"), punctuation aside.
func answersNo(after string) bool {
	i := 0
	for i < len(after) && i < 4 && (after[i] == ' ' || after[i] == ':' || after[i] == '-' || after[i] == '*' || after[i] == '|' || after[i] == ';') {
		i++
	}
	if i == len(after) || !strings.ContainsRune("nNaAfF0", rune(after[i])) {
		return false
	}
	return answeredNo.MatchString(after)
}

// answeredNo is a "no" right after a match: "Customer Data Loss: None",
// "Security related - No".
// A 0 answers only when a number does not go on ("0.0.0.0/0", "100").
var answeredNo = regexp.MustCompile(`(?i)^\W{0,3}\s*(?:(?:none|no|n/a|non|aucune?|nope|false|nil)\b|0(?:$|[\s;,)]))`)

// clauseWords end the clause a negation may reach across, as do , ; : ( ).
var clauseWords = []string{" but ", " however ", " although ", " though ", " and then ", " mais ", " cependant "}

var clauseWordSet = ahocorasick.New(clauseWords)

// afterClauseBreak returns the part of before that follows its last
// clause break.
func afterClauseBreak(before string) string {
	cut := strings.LastIndexAny(before, ",;:()") + 1
	end := 0 // the last byte of the last clause word
	clauseWordSet.ScanFold(before[cut:], func(_ int32, last int) { end = max(end, last) })
	return before[cut+end:]
}

// lastField returns the last white-space separated field of s and what
// comes before it.
func lastField(s string) (field, rest string) {
	end := len(s)
	for end > 0 && isSpaceByte(s[end-1]) {
		end--
	}
	start := end
	for start > 0 && !isSpaceByte(s[start-1]) {
		start--
	}
	return s[start:end], s[:start]
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

// fillers may stand between a negation and what it negates: "no customer
// data", "not a DDoS", "aucune perte", "no orders were lost".
var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "any": true, "of": true, "customer": true, "user": true,
	"real": true, "actual": true, "such": true, "permanent": true, "significant": true,
	"major": true, "further": true, "other": true, "personal": true, "sensitive": true,
	"production": true, "data": true, "messages": true, "records": true, "orders": true,
	"files": true, "events": true, "writes": true, "transactions": true, "code": true,
	"config": true, "configuration": true, "changes": true, "une": true, "un": true, "de": true, "la": true, "le": true, "des": true,
}

// negated reports whether the text before a match ends in a negation: a
// "words" cue as the last word, fillers aside, or a "clause" cue anywhere in
// the same clause.
func (c *Classifier) negated(before, lang string) bool {
	if len(before) > 200 {
		before = before[len(before)-200:]
	}
	if opensNoList(before) {
		return true
	}
	before = afterClauseBreak(before)
	if len(before) > 120 {
		before = before[len(before)-120:]
	}
	last := ""
	rest := before
	for skipped := 0; ; {
		var w string
		w, rest = lastField(rest)
		if w == "" {
			break
		}
		w = strings.ToLower(strings.Trim(w, `"'*_`))
		if fillers[w] && skipped < 2 {
			skipped++
			continue
		}
		last = w
		break
	}
	if opensNo(before) {
		return true
	}
	lowBefore := ""
	for _, n := range c.negations {
		if n.lang != "" && n.lang != lang {
			continue
		}
		if !n.clause {
			if last != "" && n.isWord(last) {
				return true
			}
			continue
		}
		if n.lits != nil {
			if lowBefore == "" {
				lowBefore = strings.ToLower(before)
			}
			if !n.lits.Contains(lowBefore) {
				continue
			}
		}
		if n.re.MatchString(before) {
			return true
		}
	}
	return false
}

// isWord reports whether w, lower-cased, is one of the words of a "words"
// negation: its regexp, ignoring case, matches w whole.
func (n *negation) isWord(w string) bool {
	if n.words != nil && isASCII(w) {
		return n.words[w]
	}
	return n.re.MatchString(w)
}

// wordList returns the words expr, ignoring case, matches, when it
// matches whole ASCII words of a short list (^(no|not|...)$), in lower
// case; nil otherwise. Looked up, an ASCII word gets the regexp's answer:
// ASCII letters fold only to each other, and to "K" and "ſ", which an
// ASCII word does not hold.
func wordList(expr string) map[string]bool {
	if strings.HasPrefix(expr, "(?") {
		return nil
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) != 3 || re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return nil
	}
	set, ok := exactSet(re.Sub[1])
	if !ok {
		return nil
	}
	out := make(map[string]bool, len(set))
	for _, w := range set {
		if w == "" || !isASCII(w) {
			return nil
		}
		out[strings.ToLower(w)] = true
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// opensNo reports whether the clause before a match is a subject that opens
// with "No" and has no verb of its own: "No quotas or service limits were
// reached", "Aucune donnée client n'a été perdue". A verb between them
// ("No one noticed the disk filling up") ends the negation's reach.
func opensNo(before string) bool {
	return opensNoWithin(before, 6)
}

// opensNoList reports whether the text before a match is a list, joined by
// commas, that opens with "No" and has no verb of its own: "No CPU, memory
// or disk exhaustion", "Aucune perte, corruption ou fuite". The commas of a
// list do not end the negation's reach, as a clause's would.
func opensNoList(before string) bool {
	return strings.IndexByte(before, ',') >= 0 && !strings.ContainsAny(before, ";:()") && opensNoWithin(before, 10)
}

// opensNoWithin is opensNo for a subject of at most n words.
func opensNoWithin(before string, n int) bool {
	switch firstWord(strings.ToLower(before[:min(len(before), 12)])) {
	case "no", "neither", "aucun", "aucune", "nul", "nulle":
	default:
		return false // most sentences: no need to split them
	}
	fields := strings.Fields(before)
	if len(fields) < 2 || len(fields) > n {
		return false
	}
	switch strings.ToLower(strings.Trim(fields[0], `"'*_(`)) {
	case "no", "neither", "aucun", "aucune", "nul", "nulle":
	default:
		return false
	}
	for _, f := range fields[1:] {
		w := strings.ToLower(strings.Trim(f, `"'*_,`))
		if subjectEnds[w] || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "n't") {
			return false
		}
	}
	return true
}

// subjectEnds are the verbs and words that end the subject an opening "No"
// negates.
var subjectEnds = map[string]bool{"was": true, "were": true, "is": true, "are": true, "had": true, "has": true, "have": true,
	"did": true, "do": true, "does": true, "could": true, "would": true, "can": true, "will": true, "should": true, "might": true,
	"because": true, "since": true, "when": true, "while": true, "so": true, "until": true, "after": true, "before": true,
	"a": true, "ont": true, "était": true, "étaient": true, "avait": true, "avaient": true, "est": true, "sont": true,
	"car": true, "quand": true, "lorsque": true, "donc": true}
