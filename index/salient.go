package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/index/segment"
)

// salient is one term of a more-like-this query.
type salient struct {
	term    string  // as indexed (a stem)
	sfx     string  // the suffix of the fields it is looked up in ("" or frSuffix)
	surface string  // a word of the text it came from, for Why
	weight  float64 // tf-idf weight
}

// salientLangs are the languages whose fields a source's words are looked
// up in: a record's own; for pasted text its language, and English too
// for French text, whose jargon is English words ("pods en
// CrashLoopBackOff", "kernel panic").
func (src similarSource) salientLangs() []string {
	if src.id != "" || !isFrench(src.lang) {
		return []string{src.lang}
	}
	return []string{langFR, "en"}
}

// salientTerms picks the terms that best characterise the source: frequent
// in it (weighted by where they appear), rare in the index.
func (ix *Index) salientTerms(ctx context.Context, src similarSource, maxShare float64) ([]salient, error) {
	langs := src.salientLangs()
	tf := map[[2]string]float64{}
	surface := map[[2]string]string{}
	for _, lang := range langs {
		an := ix.analyzerFor(lang)
		if an == nil {
			continue
		}
		stop := ix.stopWords(src, lang)
		sfx := suffixFor(lang)
		for _, wt := range src.texts {
			for _, tok := range an.Analyze([]byte(wt.text)) {
				term := string(tok.Term)
				word := strings.ToLower(wt.text[tok.Start:tok.End])
				word = unElide(word)
				if !usefulTerm(term) || !usefulTerm(word) || stop(word) || functionWords[word] {
					continue
				}
				k := [2]string{sfx, term}
				tf[k] += wt.weight
				if _, ok := surface[k]; !ok {
					surface[k] = word
				}
			}
		}
	}
	cands := make([]salient, 0, len(tf))
	for k, w := range tf {
		cands = append(cands, salient{term: k[1], sfx: k[0], surface: surface[k], weight: w})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].weight != cands[j].weight {
			return cands[i].weight > cands[j].weight
		}
		if cands[i].term != cands[j].term {
			return cands[i].term < cands[j].term
		}
		return cands[i].sfx < cands[j].sfx
	})
	cands = cands[:min(len(cands), candidateTerms*len(langs))]
	if err := ix.weighSalient(ctx, src, cands, maxShare); err != nil {
		return nil, fmt.Errorf("index: similar: %w", err)
	}
	cands = slices.DeleteFunc(cands, func(s salient) bool { return s.weight <= 0 })
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].weight > cands[j].weight })
	return cands[:min(len(cands), salientTerms)], nil
}

// weighSalient turns each candidate's frequency in the source into its
// tf-idf weight, or 0 for a term no other record has (it cannot connect
// two incidents) or one most records have (it says nothing). A term's
// rarity is among the records of its fields' language: "tous" is rare
// among all records and common among French ones.
func (ix *Index) weighSalient(ctx context.Context, src similarSource, cands []salient, maxShare float64) error {
	return ix.withReader(ctx, func(snap *segment.Snapshot) error {
		r := snap.Reader()
		all, err := r.DocCount()
		if err != nil {
			return err
		}
		french, err := docCount(ctx, r, fLanguage, []byte(langFR))
		if err != nil {
			return err
		}
		for i := range cands {
			n := all - french
			if cands[i].sfx == frSuffix {
				n = french
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			df, err := docFreq(ctx, r, cands[i].term, cands[i].sfx)
			if err != nil {
				return err
			}
			if df < 1 || (src.id != "" && df < 2) || (df > minShareDF && float64(df) > maxShare*float64(n)) {
				cands[i].weight = 0
				continue
			}
			idf := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
			cands[i].weight = (1 + math.Log(cands[i].weight)) * idf
		}
		return nil
	})
}

// stopWords returns the test of the words of src that lang's fields
// should not look up: in pasted text, the stop words of the other
// language, which lang's analyzer keeps ("les" is no English stop word,
// "the" no French one) and which would look rare in lang's fields. A
// record's words are looked up in its own language only.
func (ix *Index) stopWords(src similarSource, lang string) func(word string) bool {
	other := langFR
	if isFrench(lang) {
		other = "en"
	}
	an := ix.analyzerFor(other)
	if src.id != "" || an == nil {
		return func(string) bool { return false }
	}
	seen := map[string]bool{}
	return func(word string) bool {
		stop, ok := seen[word]
		if !ok {
			stop = isStopWord(an, word)
			seen[word] = stop
		}
		return stop
	}
}

// functionWords are frequent words of English and French that the
// analyzers keep (their stop lists are short) and that say nothing of an
// incident: adverbs, auxiliaries, quantifiers. In a large index their
// rarity shows it; among a handful of French records it does not.
var functionWords = setOf(
	"also", "still", "just", "even", "already", "never", "ever", "really", "very", "right", "since", "yet",
	"can't", "cannot", "doesn't", "don't", "didn't", "won't", "isn't", "wasn't", "aren't", "couldn't", "could", "would", "should",
	"every", "each", "some", "many", "much", "more", "most", "less", "other", "another", "same", "such", "any", "all", "both",
	"after", "before", "again", "about", "while", "during", "until", "within", "without", "across", "over", "under",
	"tout", "tous", "toute", "toutes", "peut", "peuvent", "pouvait", "encore", "jamais", "toujours", "depuis", "déjà", "aussi",
	"très", "plus", "moins", "avoir", "être", "fait", "faire", "chaque", "après", "avant", "quelques", "quelque", "comme",
	"alors", "donc", "ainsi", "sans", "sous", "entre", "vers", "puis", "lors", "pendant", "aucun", "aucune", "rien",
	"personne", "même", "mêmes", "autre", "autres", "bien", "tant", "trop", "leurs", "elles", "cela", "ceci", "dont",
	"juste", "seulement", "plutôt", "car", "lorsque", "quand", "selon", "chez", "partir",
)

// unElide drops a French elided article or pronoun from a word as shown
// ("d'équipe" is "équipe", "qu'une" is "une").
func unElide(word string) string {
	for _, apo := range []string{"'", "’"} {
		if i := strings.Index(word, apo); i > 0 && elided[word[:i]] {
			return word[i+len(apo):]
		}
	}
	return word
}

var elided = setOf("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu")

// isStopWord reports whether an drops word: it is a stop word of an's
// language.
func isStopWord(an analysis.Analyzer, word string) bool {
	return len(an.Analyze([]byte(word))) == 0
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
