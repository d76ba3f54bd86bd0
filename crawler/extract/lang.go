package extract

import "strings"

// stopwords are frequent function words of each language we detect. They
// are chosen not to overlap: "a", "on", "est" would blur the count.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "was", "were", "is", "that", "this", "with", "for", "we", "our",
		"it", "had", "have", "from", "which", "be", "by", "not", "at", "an", "as", "been", "when"},
	"fr": {"le", "la", "les", "des", "du", "et", "est", "une", "un", "pour", "dans", "qui", "que",
		"nous", "sur", "pas", "au", "aux", "avec", "été", "ont", "sont", "cette", "ce", "leur", "il"},
}

var stopwordLang = func() map[string]string {
	m := map[string]string{}
	for lang, ws := range stopwords {
		for _, w := range ws {
			m[w] = lang
		}
	}
	return m
}()

// detectLanguage returns "en" or "fr" by which language's stopwords make up
// more of the text, or "" for text too short to tell. The declared language
// (html lang) only breaks a tie.
func detectLanguage(text, declared string) string {
	counts := map[string]int{}
	total := 0
	if len(text) > 6_000 {
		text = text[:6_000] // plenty to tell two languages apart
	}
	for _, w := range words(text) {
		total++
		if l, ok := stopwordLang[w]; ok {
			counts[l]++
		}
		if total > 3000 {
			break
		}
	}
	declared = strings.ToLower(declared)
	if len(declared) > 2 {
		declared = declared[:2]
	}
	switch {
	case counts["en"]+counts["fr"] < 5:
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
