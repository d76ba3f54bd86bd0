package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/pmkb/pmkb/index/segment"
)

// vagueSlugs are category slugs too common as plain words ("at the time")
// to count as a category named in pasted text.
var vagueSlugs = map[string]bool{"time": true}

// namedTags finds the categories and indexed technologies that a pasted
// text names, looking at single words and runs of two or three words.
func (ix *Index) namedTags(ctx context.Context, text string) (cats, techs []string, err error) {
	known := map[string]bool{}
	err = ix.withReader(ctx, func(snap *segment.Snapshot) error {
		d, err := snap.Reader().FieldDict(fTechKey)
		if err != nil {
			return err
		}
		defer d.Close()
		for {
			e, err := d.Next()
			if e == nil || err != nil {
				return err
			}
			known[e.Term] = true
		}
	})
	if err != nil {
		return nil, nil, fmt.Errorf("technologies of the index: %w", err)
	}
	words := tagWords(text)
	seenCat, seenTech := map[string]bool{}, map[string]bool{}
	for i := range words {
		for n := 1; n <= 3 && i+n <= len(words); n++ {
			gram := strings.Join(words[i:i+n], " ")
			if known[gram] && !seenTech[gram] {
				seenTech[gram] = true
				techs = append(techs, gram)
			}
			for _, c := range ix.slugsFor(gram) {
				if !seenCat[c] {
					seenCat[c] = true
					cats = append(cats, c)
				}
			}
		}
	}
	return cats, techs, nil
}

// slugsFor returns the category slugs a word or phrase names, directly
// ("dns", "data loss") or through a synonym ("cert" names certificate).
func (ix *Index) slugsFor(gram string) []string {
	var out []string
	for _, v := range append([]string{gram}, ix.syn.Lookup(gram)...) {
		slug := strings.ReplaceAll(v, " ", "-")
		if slices.Contains(ix.slugs, slug) && !vagueSlugs[slug] && !slices.Contains(out, slug) {
			out = append(out, slug)
		}
	}
	return out
}

// tagWords splits text into lower-case words, keeping the characters that
// technology names use (c++, node.js, c#).
func tagWords(text string) []string {
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("+#.-_", r)
	})
	out := f[:0]
	for _, w := range f {
		if w = strings.Trim(w, ".-_"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// guessLanguage tells French from English pasted text by counting common
// function words; anything else is treated as English.
func guessLanguage(text string) string {
	fr, en := 0, 0
	for _, w := range tagWords(text) {
		if frWords[w] {
			fr++
		}
		if enWords[w] {
			en++
		}
	}
	if fr > en {
		return langFR
	}
	return "en"
}

var frWords = setOf("le", "la", "les", "des", "une", "est", "pas", "pour", "dans", "sur", "avec", "que", "qui", "du", "au", "aux", "été", "nous", "panne", "ce", "cette", "sont")

var enWords = setOf("the", "and", "was", "were", "is", "of", "to", "in", "for", "with", "that", "on", "we", "our", "this", "are", "by", "from")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
