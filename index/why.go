package index

import (
	"slices"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// maxWhyTerms is how many shared words Why lists.
const maxWhyTerms = 8

// why lists what a hit shares with the source: its categories and
// technologies, and the words of the source whose clauses it holds (held:
// bit i for clause i, labels[i] its words), each once. Only the salient
// terms and glossary concepts the search used can be listed: never a stop
// word, never a piece of a word the hit happens to start with.
func why(src similarSource, labels []string, held uint64, pm data.Postmortem) *Why {
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
	for i, l := range labels {
		if held&(1<<i) != 0 && l != "" && !slices.Contains(w.Terms, l) && len(w.Terms) < maxWhyTerms {
			w.Terms = append(w.Terms, l)
		}
	}
	return w
}

func rootCauseOf(pm data.Postmortem) string {
	if pm.RootCause != "" {
		return pm.RootCause
	}
	return pm.Sections.RootCause
}
