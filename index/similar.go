package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/segment"
)

// Limits of similar-incident searches.
const (
	MaxSimilarText = 20000 // bytes of pasted text SimilarText accepts
	salientTerms   = 16    // terms a more-like-this query uses
	candidateTerms = 32    // most frequent terms whose rarity is looked up
	sharedTagBoost = 2.5   // weight of a shared category or technology
	conceptBoost   = 0.5   // weight of a glossary concept pasted text names, against its most salient term
	// maxSalientShare drops terms held by more than this share of the
	// records of their language (and by more than minShareDF records, for
	// shares to mean something): they say little about an incident and
	// cost the most to match.
	maxSalientShare = 0.1
	minShareDF      = 20
	// pastedShare is maxSalientShare for pasted text: a symptom
	// description is short, so its few words must all count ("power lost"
	// has no rarer word for a power cut); on the tuning half of the blind
	// queries "like mine" hit@5 is 0.92 at 0.1 and 0.95 from 0.2 to 1.0.
	// A record's salient terms are many and keep the stricter cut.
	pastedShare = 0.25
)

// Similar returns the records most like the one with the given id: sharing
// its rarest salient terms, its categories and its technologies. Each hit
// says why in Hit.Why. The record itself and duplicates are left out.
func (ix *Index) Similar(ctx context.Context, id string, size int) (Results, error) {
	size, err := checkSize(size)
	if err != nil {
		return Results{}, err
	}
	pm, err := ix.Get(ctx, id)
	if err != nil {
		return Results{}, err
	}
	weighted := []weightedText{
		{pm.Title, 3}, {rootCauseOf(pm), 3}, {pm.Summary, 2}, {bodyText(pm), 1},
	}
	src := similarSource{
		id:           pm.ID,
		lang:         pm.Language,
		categories:   pm.Categories,
		technologies: pm.Technologies,
		texts:        weighted,
	}
	return ix.similar(ctx, src, size)
}

// SimilarText returns the records most like a pasted alert, log excerpt or
// symptom description. Technologies and categories named in the text count
// like shared tags.
func (ix *Index) SimilarText(ctx context.Context, text string, size int) (Results, error) {
	if strings.TrimSpace(text) == "" {
		return Results{}, &QueryError{Param: "text", Msg: "text is empty; paste an alert or describe the symptom", Limit: true}
	}
	if len(text) > MaxSimilarText {
		return Results{}, &QueryError{Param: "text", Msg: fmt.Sprintf("text is %d bytes long; the limit is %d", len(text), MaxSimilarText), Limit: true}
	}
	size, err := checkSize(size)
	if err != nil {
		return Results{}, err
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, " ")
	}
	src, err := ix.textSource(ctx, text)
	if err != nil {
		return Results{}, err
	}
	return ix.similar(ctx, src, size)
}

// textSource is what a similar-incident search for pasted text starts
// from: the text, its language, and the categories and technologies it
// names.
func (ix *Index) textSource(ctx context.Context, text string) (similarSource, error) {
	src := similarSource{lang: data.GuessLanguage(text), texts: []weightedText{{text, 1}}}
	var err error
	if src.categories, src.technologies, err = ix.namedTags(ctx, text); err != nil {
		return similarSource{}, fmt.Errorf("index: similar: %w", err)
	}
	for _, m := range ix.gl.Find(text) {
		if !slices.ContainsFunc(src.concepts, func(c concept) bool { return c.entry == m.Entry }) {
			src.concepts = append(src.concepts, concept{entry: m.Entry, words: strings.ToLower(text[m.Start:m.End])})
		}
	}
	return src, nil
}

// likeClauses are the clauses of a more-like-this search for text, as
// SimilarText runs it: what a long query blends in (see plan.like).
func (ix *Index) likeClauses(ctx context.Context, text string) ([][]engine.Leaf, error) {
	src, err := ix.textSource(ctx, text)
	if err != nil {
		return nil, err
	}
	terms, err := ix.salientTerms(ctx, src, maxSalientShare)
	if err != nil {
		return nil, err
	}
	clauses, _ := ix.similarClauses(src, terms)
	return clauses, nil
}

// similarSource is what a similar-incident search starts from.
type similarSource struct {
	id           string // the record itself, left out of the results
	lang         string
	categories   []string
	technologies []string
	concepts     []concept // glossary entries pasted text names
	texts        []weightedText
}

// concept is a glossary entry pasted text names, and the words that name
// it there.
type concept struct {
	entry int
	words string
}

type weightedText struct {
	text   string
	weight float64
}

// similar runs a more-like-this search for src, returning size hits (a
// validated size).
func (ix *Index) similar(ctx context.Context, src similarSource, size int) (Results, error) {
	start := time.Now()
	share := maxSalientShare
	if src.id == "" {
		share = pastedShare
	}
	terms, err := ix.salientTerms(ctx, src, share)
	if err != nil {
		return Results{}, err
	}
	clauses, labels := ix.similarClauses(src, terms)
	if len(clauses) == 0 {
		return Results{Hits: []Hit{}, Facets: map[string][]FacetValue{}}, nil
	}
	words := make([]string, 0, len(terms))
	for _, t := range terms {
		words = append(words, t.surface)
	}
	p := &plan{terms: words}
	var res Results
	err = ix.withReader(ctx, func(snap *segment.Snapshot) error {
		res, err = ix.similarIn(ctx, snap, src, labels, clauses, size, p)
		return err
	})
	if err != nil {
		return Results{}, searchError(err)
	}
	res.Took = time.Since(start)
	return res, nil
}

// similarClauses are the clauses of a more-like-this search, each
// optional: every salient term over the text fields of its language,
// every glossary concept the text names (any of its terms, in English or
// French), every shared category, every shared technology. labels are
// the words of the source each clause stands for, "" for the tags: what a
// hit holding the clause shares (Why.Terms).
func (ix *Index) similarClauses(src similarSource, terms []salient) (clauses [][]engine.Leaf, labels []string) {
	top := 1.0
	if len(terms) > 0 {
		top = terms[0].weight
	}
	for _, t := range terms {
		var leaves []engine.Leaf
		for _, f := range textFields {
			leaves = append(leaves, engine.Leaf{Field: f.name + t.sfx, Term: []byte(t.term), Boost: t.weight / top})
		}
		clauses, labels = append(clauses, leaves), append(labels, t.surface)
	}
	for _, c := range src.concepts {
		if leaves := ix.conceptLeaves(ix.gl.Entries[c.entry], conceptBoost); len(leaves) > 0 {
			clauses, labels = append(clauses, leaves), append(labels, c.words)
		}
	}
	for _, c := range src.categories {
		clauses = append(clauses, []engine.Leaf{{Field: fCategory, Term: []byte(c), Boost: sharedTagBoost}})
	}
	for _, t := range src.technologies {
		clauses = append(clauses, []engine.Leaf{{Field: fTechKey, Term: []byte(strings.ToLower(t)), Boost: sharedTagBoost}})
	}
	for len(labels) < len(clauses) {
		labels = append(labels, "")
	}
	n := min(len(clauses), engine.MaxClauses)
	return clauses[:n], labels[:n]
}

// similarIn scores the clauses on one snapshot (engine.Similar) and
// builds the hits, each with what it shares with the source.
func (ix *Index) similarIn(ctx context.Context, snap *segment.Snapshot, src similarSource, labels []string, clauses [][]engine.Leaf, size int, p *plan) (Results, error) {
	total, best, err := ix.eng.Similar(ctx, snap, ix.live.Mapping(), clauses, src.id, size)
	if err != nil {
		return Results{}, err
	}
	res := Results{Total: total, Hits: []Hit{}, Facets: map[string][]FacetValue{}}
	for _, m := range best {
		rec, err := loadRecord(snap, m.Doc)
		if err != nil {
			return Results{}, err
		}
		pm, err := decodeRecord(rec.id, rec.raw)
		if err != nil {
			return Results{}, err
		}
		hit := ix.hitOfRecord(pm, m.Score, p)
		hit.Why = why(src, labels, m.Held, pm)
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}
