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
// a single letter (an initial). In text written all in lower case (see
// lowerCaseProse) a lower-case letter after the stop ends a sentence too,
// unless the stop is an ellipsis or the word before it is an abbreviation,
// an initial, a number or holds a dot of its own (a version, a file or host
// name, "e.g").
func SplitSentences(text string) []string {
	var out []string
	start := 0
	lowerMode := 0 // 0: not looked yet, 1: lower-case prose, -1: not
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
			if !unicode.IsLower(r) {
				continue
			}
			if lowerMode == 0 {
				lowerMode = -1
				if lowerCaseProse(text) {
					lowerMode = 1
				}
			}
			if lowerMode < 0 || !endsLowerSentence(text[start:i], text[i:j]) {
				continue
			}
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

// lowerCaseProse reports whether text is written in lower case: more of its
// stops that could end a sentence are followed by a lower-case letter than by
// a capital, and there are two such or the text itself starts in lower case.
// Capitalised prose with an abbreviation the table does not know ("Corp. and")
// thus keeps its sentences whole.
func lowerCaseProse(text string) bool {
	lower, upper := 0, 0
	for i := 0; i+2 < len(text); i++ {
		c := text[i]
		if (c != '.' && c != '?' && c != '!') || (text[i+1] != ' ' && text[i+1] != '\t') {
			continue
		}
		k := i + 1
		for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		if k >= len(text) {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r) && endsLowerSentence(text[:i], text[i:i+1]):
			lower++
		}
	}
	if lower <= upper {
		return false
	}
	if lower >= 2 {
		return true
	}
	for _, r := range text {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
	}
	return false
}

// endsLowerSentence reports whether stop, the marks after before, ends a
// sentence of lower-case prose: not an ellipsis, and the word before it is
// not an abbreviation, an initial, a number or a word with a dot inside it
// ("v1.2", "config.yaml", "e.g").
func endsLowerSentence(before, stop string) bool {
	if strings.HasPrefix(stop, "..") || strings.HasSuffix(before, "…") {
		return false
	}
	w := before[strings.LastIndexAny(before, " (\t\n")+1:]
	if w == "" || strings.ContainsRune(w, '.') || isAbbreviation(before) || lowerAbbreviations[strings.ToLower(w)] {
		return false
	}
	digits := true
	for i := 0; i < len(w); i++ {
		if (w[i] < '0' || w[i] > '9') && w[i] != ',' {
			digits = false
			break
		}
	}
	return !digits
}

// lowerAbbreviations end with a period that is usually followed by a
// lower-case word, so they only matter in lower-case prose.
var lowerAbbreviations = map[string]bool{
	"ex": true, "resp": true, "incl": true, "esp": true, "al": true, "ref": true, "vol": true,
	"pp": true, "sq": true, "viz": true, "cca": true,
}
