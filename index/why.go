package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"
)

// why lists what a hit shares with the source.
func (ix *Index) why(src similarSource, terms []salient, pm data.Postmortem) *Why {
	w := &Why{}
	for _, c := range pm.Categories {
		if slices.Contains(src.categories, c) {
			w.Categories = append(w.Categories, c)
		}
	}
	for _, t := range pm.Technologies {
		if slices.ContainsFunc(src.technologies, func(s string) bool { return strings.EqualFold(s, t) }) {
			w.Technologies = append(w.Technologies, t)
		}
	}
	if len(terms) > 0 {
		text := strings.ToLower(strings.Join([]string{pm.Title, rootCauseOf(pm), pm.Summary, bodyText(pm),
			strings.Join(pm.Categories, " "), strings.Join(pm.Technologies, " ")}, "\n"))
		for _, t := range terms {
			if len(w.Terms) < 8 && (hasWordStarting(text, stemPrefix(t.term)) || hasWordStarting(text, t.surface)) {
				w.Terms = append(w.Terms, t.surface)
			}
		}
	}
	return w
}

// stemPrefix is the part of an index term that the words it came from
// start with: stemmers rewrite the last letter ("replic" -> "replica",
// "failur" -> "failure" but "polici" -> "policies").
func stemPrefix(term string) string {
	if len(term) > 4 {
		return term[:len(term)-1]
	}
	return term
}

// hasWordStarting reports whether some word of text starts with prefix.
// Substring search instead of analysing each hit keeps Why cheap.
func hasWordStarting(text, prefix string) bool {
	for i := 0; prefix != ""; {
		j := strings.Index(text[i:], prefix)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 {
			return true
		}
		if r, _ := utf8.DecodeLastRuneInString(text[:at]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		i = at + len(prefix)
	}
	return false
}

func rootCauseOf(pm data.Postmortem) string {
	if pm.RootCause != "" {
		return pm.RootCause
	}
	return pm.Sections.RootCause
}
