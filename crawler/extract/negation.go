package extract

import (
	"regexp"
	"strings"
)

func (c *classifier) isNegated(text string, m []int, lang string) bool {
	return c.negated(text[:m[0]], lang) || answersNo(text[m[1]:])
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
var answeredNo = regexp.MustCompile(`(?i)^\W{0,3}\s*(none|no|n/a|non|aucune?|nope|false|0|nil)\b`)

// clauseWords end the clause a negation may reach across, as do , ; : ( ).
var clauseWords = []string{" but ", " however ", " although ", " though ", " and then ", " mais ", " cependant "}

func containsAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// afterClauseBreak returns the part of before that follows its last
// clause break.
func afterClauseBreak(before string) string {
	cut := strings.LastIndexAny(before, ",;:()") + 1
	low := asciiLower(before[cut:])
	end := 0
	for _, w := range clauseWords {
		if i := strings.LastIndex(low, w); i >= 0 {
			end = max(end, i+len(w)-1)
		}
	}
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
// data", "not a DDoS", "aucune perte".
var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "any": true, "of": true, "customer": true, "user": true,
	"real": true, "actual": true, "such": true, "permanent": true, "significant": true,
	"major": true, "further": true, "other": true, "personal": true, "sensitive": true,
	"production": true, "une": true, "un": true, "de": true, "la": true, "le": true, "des": true,
}

// negated reports whether the text before a match ends in a negation: a
// "words" cue as the last word, fillers aside, or a "clause" cue anywhere in
// the same clause.
func (c *classifier) negated(before, lang string) bool {
	if len(before) > 200 {
		before = before[len(before)-200:]
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
	lowBefore := ""
	for _, n := range c.negations {
		if n.lang != "" && n.lang != lang {
			continue
		}
		if !n.clause {
			if last != "" && n.re.MatchString(last) {
				return true
			}
			continue
		}
		if n.lits != nil {
			if lowBefore == "" {
				lowBefore = strings.ToLower(before)
			}
			if !containsAny(lowBefore, n.lits) {
				continue
			}
		}
		if n.re.MatchString(before) {
			return true
		}
	}
	return false
}
