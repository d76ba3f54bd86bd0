package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"

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
	// maxSalientShare drops terms held by more than this share of the
	// records (in an index large enough for shares to mean something): they
	// say little about an incident and cost the most to match.
	maxSalientShare = 0.1
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
	src := similarSource{lang: guessLanguage(text), texts: []weightedText{{text, 1}}}
	if src.categories, src.technologies, err = ix.namedTags(ctx, text); err != nil {
		return Results{}, fmt.Errorf("index: similar: %w", err)
	}
	return ix.similar(ctx, src, size)
}

// similarSource is what a similar-incident search starts from.
type similarSource struct {
	id           string // the record itself, left out of the results
	lang         string
	categories   []string
	technologies []string
	texts        []weightedText
}

type weightedText struct {
	text   string
	weight float64
}

// salient is one term of a more-like-this query.
type salient struct {
	term    string  // as indexed (a stem)
	surface string  // a word of the text it came from, for Why
	weight  float64 // tf-idf weight
}

// similar runs a more-like-this search for src, returning size hits (a
// validated size).
func (ix *Index) similar(ctx context.Context, src similarSource, size int) (Results, error) {
	start := time.Now()
	an := ix.analyzerFor(src.lang)
	terms, err := ix.salientTerms(ctx, an, src)
	if err != nil {
		return Results{}, err
	}
	clauses := ix.similarClauses(src, terms)
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
		res, err = ix.similarIn(ctx, snap, src, terms, clauses, size, p)
		return err
	})
	if err != nil {
		return Results{}, searchError(err)
	}
	res.Took = time.Since(start)
	return res, nil
}

// salientTerms picks the terms that best characterise the source: frequent
// in it (weighted by where they appear), rare in the index.
func (ix *Index) salientTerms(ctx context.Context, an analysis.Analyzer, src similarSource) ([]salient, error) {
	if an == nil {
		return nil, nil
	}
	tf := map[string]float64{}
	surface := map[string]string{}
	for _, wt := range src.texts {
		for _, tok := range an.Analyze([]byte(wt.text)) {
			term := string(tok.Term)
			if !usefulTerm(term) {
				continue
			}
			tf[term] += wt.weight
			if _, ok := surface[term]; !ok {
				surface[term] = strings.ToLower(wt.text[tok.Start:tok.End])
			}
		}
	}
	cands := make([]salient, 0, len(tf))
	for t, w := range tf {
		cands = append(cands, salient{term: t, surface: surface[t], weight: w})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].weight != cands[j].weight {
			return cands[i].weight > cands[j].weight
		}
		return cands[i].term < cands[j].term
	})
	cands = cands[:min(len(cands), candidateTerms)]
	sfx := suffixFor(src.lang)
	err := ix.withReader(ctx, func(snap *segment.Snapshot) error {
		r := snap.Reader()
		n, err := r.DocCount()
		if err != nil {
			return err
		}
		for i := range cands {
			if err := ctx.Err(); err != nil {
				return err
			}
			df, err := docFreq(ctx, r, cands[i].term, sfx)
			if err != nil {
				return err
			}
			// A term no other record has cannot connect two incidents,
			// and one most records have says nothing.
			if df < 1 || (src.id != "" && df < 2) || (df > 20 && float64(df) > maxSalientShare*float64(n)) {
				cands[i].weight = 0
				continue
			}
			idf := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
			cands[i].weight = (1 + math.Log(cands[i].weight)) * idf
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: similar: %w", err)
	}
	cands = slices.DeleteFunc(cands, func(s salient) bool { return s.weight <= 0 })
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].weight > cands[j].weight })
	return cands[:min(len(cands), salientTerms)], nil
}

// usefulTerm drops terms too short or too numeric to mean anything.
func usefulTerm(t string) bool {
	if utf8.RuneCountInString(t) < 3 {
		return false
	}
	digits := 0
	for _, r := range t {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits*2 < len(t)
}

// docFreq is how many records hold term in their body, their short texts
// or their summary.
func docFreq(ctx context.Context, r bindex.IndexReader, term, sfx string) (uint64, error) {
	var best uint64
	for _, f := range []string{fBody, fMid, fHead} {
		n, err := docCount(ctx, r, f+sfx, []byte(term))
		if err != nil {
			return 0, err
		}
		best = max(best, n)
	}
	return best, nil
}

// similarClauses are the clauses of a more-like-this search, each
// optional: every salient term over the text fields of the source's
// language, every shared category, every shared technology.
func (ix *Index) similarClauses(src similarSource, terms []salient) [][]engine.Leaf {
	sfx := suffixFor(src.lang)
	var clauses [][]engine.Leaf
	top := 1.0
	if len(terms) > 0 {
		top = terms[0].weight
	}
	for _, t := range terms {
		var leaves []engine.Leaf
		for _, f := range textFields {
			leaves = append(leaves, engine.Leaf{Field: f.name + sfx, Term: []byte(t.term), Boost: t.weight / top})
		}
		clauses = append(clauses, leaves)
	}
	for _, c := range src.categories {
		clauses = append(clauses, []engine.Leaf{{Field: fCategory, Term: []byte(c), Boost: sharedTagBoost}})
	}
	for _, t := range src.technologies {
		clauses = append(clauses, []engine.Leaf{{Field: fTechKey, Term: []byte(strings.ToLower(t)), Boost: sharedTagBoost}})
	}
	return clauses[:min(len(clauses), engine.MaxClauses)]
}

// similarIn scores the clauses on one snapshot (engine.Similar) and
// builds the hits, each with what it shares with the source.
func (ix *Index) similarIn(ctx context.Context, snap *segment.Snapshot, src similarSource, terms []salient, clauses [][]engine.Leaf, size int, p *plan) (Results, error) {
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
		hit.Why = ix.why(src, terms, pm)
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

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
