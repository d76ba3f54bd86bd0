package main

import (
	"slices"
	"sync"

	"github.com/pmkb/pmkb/crawler/extract"
)

// queryTagger tags pasted text with the taxonomy's rules, as extraction
// tags a sentence of a post: index.Options.QueryTagger, which index cannot
// import itself. The rules compile on first use (about a second), so that
// commands that never search do not pay for them.
type queryTagger struct {
	ex func() (*extract.Extractor, error)
}

// newQueryTagger returns a tagger of the embedded taxonomy's rules.
func newQueryTagger() queryTagger {
	return queryTagger{ex: sync.OnceValues(extract.Default)}
}

// Tag returns the categories whose patterns vote on text read as one
// sentence of language lang (a negation silences a pattern); none when
// the rules do not compile (Default's error is the crawler's to report).
func (t queryTagger) Tag(text, lang string) []string {
	ex, err := t.ex()
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range ex.MatchSentence(text, lang) {
		if m.Votes && !slices.Contains(out, m.Category) {
			out = append(out, m.Category)
		}
	}
	return out
}
