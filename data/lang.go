package data

import (
	"strings"
	"unicode"
)

// stopwords are frequent function words of each language DetectLanguage
// tells apart. They are chosen not to overlap: "a", "on", "est" would blur
// the count.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "was", "were", "is", "that", "this", "with", "for", "we", "our",
		"it", "had", "have", "from", "which", "be", "by", "not", "at", "an", "as", "been", "when"},
	"fr": {"le", "la", "les", "des", "du", "et", "est", "une", "un", "pour", "dans", "qui", "que",
		"nous", "sur", "pas", "au", "aux", "avec", "été", "ont", "sont", "cette", "ce", "leur", "il"},
}

// stopwordLang maps each stop word to its language; built once, read only.
var stopwordLang = func() map[string]string {
	m := map[string]string{}
	for lang, ws := range stopwords {
		for _, w := range ws {
			m[w] = lang
		}
	}
	return m
}()

// forEachWord calls f with each run of letters and digits of s, until f
// returns false.
func forEachWord(s string, f func(w string) bool) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !f(s[start:i]) {
				return
			}
			start = -1
		}
	}
	if start >= 0 {
		f(s[start:])
	}
}

// DetectLanguage returns "en" or "fr" by which language's stop words make up
// more of text, or "" for a text too short to tell. declared (an HTML lang
// attribute, "" when there is none) decides a short text and breaks a tie.
// It reads at most the first 6,000 bytes and 3,000 words, and is safe for
// concurrent use: the one language detector of pmkb.
func DetectLanguage(text, declared string) string {
	return detectLanguage(text, declared, 5)
}

// GuessLanguage is DetectLanguage for short pasted text (a query, an alert,
// a symptom): two stop words are enough to tell, and a text that does not
// tell is read as English.
func GuessLanguage(text string) string {
	if l := detectLanguage(text, "", 2); l != "" {
		return l
	}
	return "en"
}

// detectLanguage counts stop words; fewer than least of them do not tell.
func detectLanguage(text, declared string, least int) string {
	counts := map[string]int{}
	total := 0
	if len(text) > 6_000 {
		text = text[:6_000] // plenty to tell two languages apart
	}
	forEachWord(strings.ToLower(text), func(w string) bool {
		total++
		if l, ok := stopwordLang[w]; ok {
			counts[l]++
		}
		return total <= 3000
	})
	declared = strings.ToLower(declared)
	if len(declared) > 2 {
		declared = declared[:2]
	}
	switch {
	case counts["en"]+counts["fr"] < least:
		if declared == "en" || declared == "fr" {
			return declared
		}
		return ""
	case counts["fr"] > counts["en"]:
		return "fr"
	case counts["en"] > counts["fr"]:
		return "en"
	}
	return declared
}
