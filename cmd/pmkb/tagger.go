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
	ex    func() (*extract.Extractor, error)
	mu    *sync.Mutex
	known map[[2]string][]string // tags of recent texts: a query paged through is tagged once
}

// taggerMemory is how many texts' tags a tagger keeps; the rules cost
// milliseconds a call.
const taggerMemory = 512

// newQueryTagger returns a tagger of the embedded taxonomy's rules.
func newQueryTagger() queryTagger {
	return queryTagger{ex: sync.OnceValues(extract.Default), mu: &sync.Mutex{}, known: map[[2]string][]string{}}
}

// Tag returns the categories whose patterns vote on text read as one
// sentence of language lang (a negation silences a pattern); none when
// the rules do not compile (Default's error is the crawler's to report).
func (t queryTagger) Tag(text, lang string) []string {
	key := [2]string{text, lang}
	t.mu.Lock()
	tags, ok := t.known[key]
	t.mu.Unlock()
	if ok {
		return slices.Clone(tags)
	}
	ex, err := t.ex()
	if err != nil {
		return nil
	}
	for _, m := range ex.MatchSentence(text, lang) {
		if m.Votes && !slices.Contains(tags, m.Category) {
			tags = append(tags, m.Category)
		}
	}
	t.mu.Lock()
	if len(t.known) >= taggerMemory {
		clear(t.known)
	}
	t.known[key] = tags
	t.mu.Unlock()
	return slices.Clone(tags)
}
