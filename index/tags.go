package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/segment"
)

// vagueSlugs are category slugs too common as plain words ("at the time")
// to count as a category named in pasted text.
var vagueSlugs = map[string]bool{"time": true}

// namedTags finds the categories and the indexed technologies a pasted
// text names. Technologies: the gazetteer's names and aliases, spotted on
// token boundaries (data.TechSpotter), and its signatures ("remaining
// connection slots are reserved" is PostgreSQL), that some record carries.
// Categories: those of the glossary concepts the text names
// ("remaining connection slots are reserved" is capacity, "x509:
// certificate has expired" certificate), and a slug named outright ("dns",
// "data loss").
func (ix *Index) namedTags(ctx context.Context, text string) (cats, techs []string, err error) {
	err = ix.withReader(ctx, func(snap *segment.Snapshot) error {
		for _, name := range append(ix.spot.Find(text), ix.sigs.Find(text)...) {
			key := strings.ToLower(name)
			if slices.Contains(techs, key) {
				continue
			}
			n, err := docCount(ctx, snap.Reader(), fTechKey, []byte(key))
			if err != nil {
				return err
			}
			if n > 0 {
				techs = append(techs, key)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("technologies of the index: %w", err)
	}
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			cats = append(cats, c)
		}
	}
	for _, m := range ix.gl.Find(text) {
		for _, c := range ix.gl.Entries[m.Entry].Categories {
			add(c)
		}
	}
	if ix.opts.QueryTagger != nil {
		for _, slug := range ix.opts.QueryTagger.Tag(text, data.GuessLanguage(text)) {
			if slices.Contains(ix.slugs, slug) {
				add(slug)
			}
		}
	}
	words := tagWords(text)
	for i := range words {
		for n := 1; n <= 3 && i+n <= len(words); n++ {
			for _, c := range ix.slugsFor(strings.Join(words[i:i+n], " ")) {
				add(c)
			}
		}
	}
	return cats, techs, nil
}

// slugsFor returns the category slug a word or phrase names ("dns",
// "data loss"); the glossary names the others ("cert" names certificate).
func (ix *Index) slugsFor(gram string) []string {
	slug := strings.ReplaceAll(gram, " ", "-")
	if slices.Contains(ix.slugs, slug) && !vagueSlugs[slug] {
		return []string{slug}
	}
	return nil
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

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
