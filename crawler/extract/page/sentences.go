package page

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of the main text and where it sits.
type Sentence struct {
	Text    string
	lower   string // text lower-cased, once for every reader; see low
	Block   int    // index of its block
	Section string // data.Section* name, "" when outside any known section
	Heading bool   // the sentence is a heading
	Code    bool   // the sentence comes from preformatted text: a log, code, config
	Item    bool   // the sentence comes from a list item or a table row
	Aside   bool   // the sentence sits under a background heading ("Background", "How NTP works")
	Detect  bool   // the sentence sits under a detection heading: how the incident was noticed
}

// Low returns the sentence lower-cased.
func (s *Sentence) Low() string {
	if s.lower == "" && s.Text != "" {
		s.lower = strings.ToLower(s.Text)
	}
	return s.lower
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "vs": true, "approx": true, "mr": true, "mrs": true,
	"dr": true, "inc": true, "ltd": true, "co": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "no": true, "fig": true, "cf": true, "st": true, "u.s": true,
	"env": true, "approx.": true, "min": true, "max": true, "ca": true, "av": true, "p.ex": true,
	"janv": true, "févr": true, "fevr": true, "avr": true, "juil": true, "déc": true, // French months: "12 avr. 2024"
}

// SplitSentences cuts a block's text into sentences. A period, question or
// exclamation mark ends a sentence when white space and a capital, digit or
// opening quote follow, unless the word before it is a known abbreviation or
// a single letter (an initial).
func SplitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '?' && c != '!' && c != '\n' {
			continue
		}
		if c == '\n' {
			if s := strings.TrimSpace(text[start:i]); s != "" {
				out = append(out, s)
			}
			start = i + 1
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == '.' || text[j] == '?' || text[j] == '!' || text[j] == ')' || text[j] == '"') {
			j++
		}
		if j >= len(text) || (text[j] != ' ' && text[j] != '\t') {
			i = j - 1
			continue
		}
		k := j
		for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		if k >= len(text) {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '(' || r == '“' || r == '«' || r == '[') {
			continue
		}
		if c == '.' && isAbbreviation(text[start:i]) {
			continue
		}
		if s := strings.TrimSpace(text[start:j]); s != "" {
			out = append(out, s)
		}
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// isAbbreviation reports whether the text before a period ends with an
// abbreviation or an initial.
func isAbbreviation(before string) bool {
	i := strings.LastIndexAny(before, " (\t")
	w := strings.ToLower(before[i+1:])
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsLetter([]rune(w)[0]) {
		return true
	}
	return abbreviations[w]
}
