package index

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/index/query"
)

// corrected returns the plan with each word the index does not know
// replaced by the closest word it does (edit distance 1, or 2 for longer
// words), or nil when no word needed or found a correction.
func (ix *Index) corrected(ctx context.Context, p *plan) (*plan, error) {
	fixed, changed, err := ix.correct(ctx, p.parsed)
	if err != nil || !changed {
		return nil, err
	}
	q := p.q
	q.Text = fixed.String()
	p2, err := ix.plan(q)
	if err != nil {
		return nil, nil // the correction is only a suggestion; never an error
	}
	return p2, nil
}

// correct replaces each unknown plain word of q by its closest known word.
func (ix *Index) correct(ctx context.Context, q query.Query) (query.Query, bool, error) {
	out := query.Query{Clauses: append([]query.Clause(nil), q.Clauses...)}
	changed := false
	err := ix.withReader(func(r bindex.IndexReader) error {
		fr, ok := r.(bindex.IndexReaderFuzzy)
		if !ok {
			return nil
		}
		for i, c := range out.Clauses {
			if c.Kind != query.Word || c.Negated || !correctable(c.Text) {
				continue
			}
			w := strings.ToLower(c.Text)
			if ix.syn.Lookup(w) != nil {
				continue
			}
			known, err := ix.knownWord(ctx, r, w)
			if err != nil {
				return err
			}
			if known {
				continue
			}
			best, err := closestTerm(ctx, r, fr, w)
			if err != nil {
				return err
			}
			if best != "" {
				out.Clauses[i].Text = best
				changed = true
			}
		}
		return nil
	})
	return out, changed, err
}

// correctable is a word worth correcting: letters only, at least 3 of them.
func correctable(w string) bool {
	if utf8.RuneCountInString(w) < 3 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// knownWord reports whether any record holds w: in the vocabulary field,
// or, as analysed for either language, in a body.
func (ix *Index) knownWord(ctx context.Context, r bindex.IndexReader, w string) (bool, error) {
	if n, err := spellCount(ctx, r, w); err != nil || n > 0 {
		return n > 0, err
	}
	for _, lang := range []string{"en", langFR} {
		an := ix.analyzerFor(lang)
		if an == nil {
			continue
		}
		for _, tok := range an.Analyze([]byte(w)) {
			tfr, err := r.TermFieldReader(ctx, tok.Term, fBody+suffixFor(lang), false, false, false)
			if err != nil {
				return false, err
			}
			n := tfr.Count()
			_ = tfr.Close()
			if n > 0 {
				return true, nil
			}
		}
	}
	return false, nil
}

func spellCount(ctx context.Context, r bindex.IndexReader, w string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(w), fSpell, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

// closestTerm returns the vocabulary word nearest to w: fewest edits, then
// most records, then alphabetical. The first letter must match, which keeps
// the automaton small and the suggestions plausible.
func closestTerm(ctx context.Context, r bindex.IndexReader, fr bindex.IndexReaderFuzzy, w string) (string, error) {
	fuzz := 1
	if utf8.RuneCountInString(w) > 5 {
		fuzz = 2
	}
	first, _ := utf8.DecodeRuneInString(w)
	d, auto, err := fr.FieldDictFuzzyAutomaton(fSpell, w, fuzz, string(first))
	if err != nil {
		return "", err
	}
	defer d.Close()
	type cand struct {
		term  string
		dist  uint8
		count uint64
	}
	var best *cand
	seen := 0
	for e, err := d.Next(); e != nil && err == nil && seen < maxSuggestCandidates; e, err = d.Next() {
		if utf8.RuneCountInString(e.Term) < 3 {
			continue
		}
		seen++
		c := cand{term: e.Term, dist: uint8(fuzz)}
		if auto != nil {
			_, c.dist = auto.MatchAndDistance(e.Term)
		}
		if c.count, err = spellCount(ctx, r, e.Term); err != nil {
			return "", err
		}
		if best == nil || c.dist < best.dist || (c.dist == best.dist && c.count > best.count) {
			best = &c
		}
	}
	if best == nil {
		return "", nil
	}
	return best.term, nil
}

// maxSuggestCandidates bounds how many vocabulary words one misspelt word
// is compared with.
const maxSuggestCandidates = 200
