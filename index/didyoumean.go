package index

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/index/query"
	"github.com/pmkb/pmkb/index/segment"
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
	p2, err := ix.plan(ctx, q)
	if err != nil {
		return nil, nil // the correction is only a suggestion; never an error
	}
	return p2, nil
}

// correct replaces each unknown plain word of q by its closest known word.
func (ix *Index) correct(ctx context.Context, q query.Query) (query.Query, bool, error) {
	out := query.Query{Clauses: append([]query.Clause(nil), q.Clauses...)}
	changed := false
	err := ix.withReader(ctx, func(snap *segment.Snapshot) error {
		r := snap.Reader()
		fr, ok := r.(bindex.IndexReaderFuzzy)
		if !ok {
			return nil
		}
		for i, c := range out.Clauses {
			if c.Kind != query.Word || c.Negated || !correctable(c.Text) {
				continue
			}
			w := strings.ToLower(c.Text)
			if _, ok := ix.gl.Lookup(w); ok {
				continue
			}
			known, err := ix.knownWord(ctx, r, w)
			if err != nil {
				return err
			}
			if known {
				continue
			}
			best, err := ix.closestTerm(ctx, snap, fr, w)
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

// knownWord reports whether any record holds w, as analysed for either
// language, in its title, root cause, company, summary, tags or body.
func (ix *Index) knownWord(ctx context.Context, r bindex.IndexReader, w string) (bool, error) {
	for _, lang := range []string{"en", langFR} {
		an := ix.analyzerFor(lang)
		if an == nil {
			continue
		}
		for _, tok := range an.Analyze([]byte(w)) {
			n, err := docFreq(ctx, r, string(tok.Term), suffixFor(lang))
			if err != nil || n > 0 {
				return n > 0, err
			}
		}
	}
	return false, nil
}

// docCount is how many records hold term in field.
func docCount(ctx context.Context, r bindex.IndexReader, field string, term []byte) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, term, field, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

// suggestFields are the fields whose words did-you-mean suggests: the short
// texts (title, root cause, company, summary, tags), not the bodies.
var suggestFields = []string{fHead, fMid}

// closestTerm returns the word nearest to w among the words of the records'
// short texts. Candidates are found and ordered (suggestion.better) by the
// edits between terms, w's and the vocabulary's (both stemmed:
// "certficate" meets "certif"); the best few are spelt out as records spell
// them, and the word nearest to w wins if it is within the edits allowed.
// The first letter must match, which keeps the automaton small and the
// suggestions plausible.
func (ix *Index) closestTerm(ctx context.Context, snap *segment.Snapshot, fr bindex.IndexReaderFuzzy, w string) (string, error) {
	r := snap.Reader()
	fuzz := 1
	if utf8.RuneCountInString(w) > 5 {
		fuzz = 2
	}
	var cands []suggestion
	for _, lang := range []string{"en", langFR} {
		an := ix.analyzerFor(lang)
		if an == nil {
			continue
		}
		toks := an.Analyze([]byte(w))
		if len(toks) != 1 {
			continue
		}
		term := string(toks[0].Term)
		first, _ := utf8.DecodeRuneInString(term)
		for _, f := range suggestFields {
			field := f + suffixFor(lang)
			d, auto, err := fr.FieldDictFuzzyAutomaton(field, term, fuzz, string(first))
			if err != nil {
				return "", err
			}
			seen := 0
			for e, err := d.Next(); e != nil && err == nil && seen < maxSuggestCandidates; e, err = d.Next() {
				if utf8.RuneCountInString(e.Term) < 3 {
					continue
				}
				seen++
				c := suggestion{field: field, term: e.Term, dist: uint8(fuzz)}
				if auto != nil {
					_, c.dist = auto.MatchAndDistance(e.Term)
				}
				if c.count, err = docCount(ctx, r, field, []byte(e.Term)); err != nil {
					_ = d.Close()
					return "", err
				}
				cands = append(cands, c)
			}
			_ = d.Close()
		}
	}
	slices.SortFunc(cands, func(a, b suggestion) int {
		if a.better(b) {
			return -1
		}
		if b.better(a) {
			return 1
		}
		return 0
	})
	best, bestDist := "", fuzz+1
	for _, c := range cands[:min(len(cands), surfaceChecks)] {
		word, err := ix.surfaceOf(ctx, snap, c.field, c.term, w)
		if err != nil {
			return "", err
		}
		if d := editDistance(w, word); d < bestDist {
			best, bestDist = word, d
		}
	}
	return best, nil
}

// surfaceChecks is how many of the best suggestions closestTerm spells out
// to check them against the typed word, keeping the nearest word: terms are stems, and a stem close
// to the typed word's may come from a word far from it ("overh", the term
// of "overheating", is two edits from "overal", the term of "overall").
const surfaceChecks = 5

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// suggestion is a vocabulary term that may replace a misspelt word.
type suggestion struct {
	field, term string
	dist        uint8  // edits from the misspelt word's term
	count       uint64 // records holding it
}

// better orders suggestions: fewest edits, then most records, then the
// longer (a letter left out is the most common typo: "metl" is "metal"
// before "meta"), then alphabetical.
func (c suggestion) better(o suggestion) bool {
	switch {
	case c.dist != o.dist:
		return c.dist < o.dist
	case c.count != o.count:
		return c.count > o.count
	case len(c.term) != len(o.term):
		return len(c.term) > len(o.term)
	}
	return c.term < o.term
}

// surfaceOf returns the word field's term comes from, lower-cased, as the
// first records holding it spell it, nearest to the typed word w
// ("certificate" before "certificates" for "certficate"); the term itself
// when none does (the term was a duplicate record's, indexed on its
// primary).
func (ix *Index) surfaceOf(ctx context.Context, snap *segment.Snapshot, field, term, w string) (string, error) {
	tfr, err := snap.Reader().TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return "", err
	}
	defer tfr.Close()
	an := ix.analyzerFor("en")
	if strings.HasSuffix(field, frSuffix) {
		an = ix.analyzerFor(langFR)
	}
	best, bestDist := term, -1
	for range 5 {
		p, err := tfr.Next(nil)
		if err != nil {
			return "", err
		}
		if p == nil {
			break
		}
		raw, err := loadRecord(snap, segment.Num(p.ID))
		if err != nil {
			return "", err
		}
		pm, err := decodeRecord(raw.id, raw.raw)
		if err != nil {
			return "", err
		}
		texts, _ := buildDoc(ix.companies, pm, nil, "", nil)[field].([]string)
		for _, t := range texts {
			for _, tok := range an.Analyze([]byte(t)) {
				if string(tok.Term) != term {
					continue
				}
				word := bareWord(strings.ToLower(t[tok.Start:tok.End]))
				if d := editDistance(w, word); bestDist < 0 || d < bestDist || d == bestDist && word < best {
					best, bestDist = word, d
				}
			}
		}
	}
	return best, nil
}

// maxSuggestCandidates bounds how many vocabulary words one misspelt word
// is compared with.
const maxSuggestCandidates = 200

// bareWord drops what the analyzers drop around a word: an English
// possessive ("company's") and a French elision ("l'hyperviseur").
func bareWord(w string) string {
	w = strings.ReplaceAll(w, "’", "'")
	if b, ok := strings.CutSuffix(w, "'s"); ok {
		return b
	}
	if i := strings.LastIndexByte(w, '\''); i >= 0 {
		return w[i+1:]
	}
	return w
}
