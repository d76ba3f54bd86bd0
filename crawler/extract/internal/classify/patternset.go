package classify

import (
	"slices"
	"strings"
	"sync"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
)

// patternSet is a list of patterns with a shared literal index: for a given
// text it returns only the patterns that may match (one of their required
// literals occurs), so most regular expressions never run.
type patternSet struct {
	pats []pattern
	lits *ahocorasick.Matcher
	// trig[trigAt[id]:trigAt[id+1]] are the patterns that require literal
	// id, flat: the scan reads them at every literal found, and most
	// literals found (the further ones of also) have none.
	trigAt, trig []int32
	// record[p] says pattern p runs anchored where its literals start,
	// which the scan records (see candidates).
	record []bool
	weight []float64 // pattern -> its weight, compact for sorting
	litStr []string  // literal id -> literal
	always []int32   // patterns without a required literal
	// also[p] are pattern p's further requirements, as literal ids: p may
	// match a text when, for one of its branches, one literal of each set
	// occurs in it (see alsoRequired).
	also [][][][]int32
	// scratches keeps working space between calls: a fresh one per
	// document cost more in allocation and collection than the matching.
	scratches sync.Pool
}

func newPatternSet(pats []pattern) *patternSet {
	s := &patternSet{pats: pats}
	ids := map[string]int32{}
	var lits []string
	var litPats [][]int32 // literal id -> patterns that require it
	idOf := func(l string) int32 {
		id, ok := ids[l]
		if !ok {
			id = int32(len(lits))
			ids[l] = id
			lits = append(lits, l)
			litPats = append(litPats, nil)
		}
		return id
	}
	s.also = make([][][][]int32, len(pats))
	for i, p := range pats {
		for _, branch := range p.also {
			var idBranch [][]int32
			for _, set := range branch {
				set = minimalLits(set, false)
				idSet := make([]int32, len(set))
				for j, l := range set {
					idSet[j] = idOf(l)
				}
				idBranch = append(idBranch, idSet)
			}
			s.also[i] = append(s.also[i], idBranch)
		}
		if p.lits == nil {
			s.always = append(s.always, int32(i))
			continue
		}
		// An anchored pattern records where its literals start, so only a
		// literal that begins another makes that one redundant.
		for _, l := range minimalLits(p.lits, p.anchored != nil && p.prefix == nil) {
			id := idOf(l)
			litPats[id] = append(litPats[id], int32(i))
		}
	}
	s.lits = ahocorasick.New(lits)
	s.litStr = lits
	s.trigAt = make([]int32, 1, len(lits)+1)
	for _, ps := range litPats {
		s.trig = append(s.trig, ps...)
		s.trigAt = append(s.trigAt, int32(len(s.trig)))
	}
	s.record, s.weight = make([]bool, len(pats)), make([]float64, len(pats))
	for i, p := range pats {
		s.record[i] = p.anchored != nil && p.prefix == nil
		s.weight[i] = p.weight
	}
	return s
}

// maxLitLen is how much of a literal the automaton looks for: a longer
// one is cut to its first bytes, which occur wherever it does. Past a
// dozen bytes a literal filters no better, and the automaton stays small
// enough to sit in cache.
const maxLitLen = 16

// minimalLits cuts every literal to maxLitLen bytes and drops every one
// that holds another of the set (begins with one, when prefix): whenever
// it occurs, the other does too, so it only costs the automaton states
// and matches.
func minimalLits(lits []string, prefix bool) []string {
	sorted := make([]string, len(lits))
	for i, l := range lits {
		sorted[i] = l[:min(len(l), maxLitLen)]
	}
	slices.SortStableFunc(sorted, func(a, b string) int { return len(a) - len(b) })
	var out []string
	for _, l := range sorted {
		redundant := false
		for _, k := range out {
			if (prefix && strings.HasPrefix(l, k)) || (!prefix && strings.Contains(l, k)) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, l)
		}
	}
	return out
}

// scratch is per-call working space for candidates, so that a patternSet
// can serve concurrent extractions.
type scratch struct {
	mark   []uint32  // stamp of the last text each pattern was a candidate for
	starts [][]int32 // where each candidate's literals start in that text
	seen   []uint32  // stamp of the last text each literal occurred in
	stamp  uint32    // the last stamp nextStamp handed out
	cand   []int32   // a candidates buffer for firstMatch
}

// getScratch returns working space for one call; putScratch returns it.
func (s *patternSet) getScratch() *scratch {
	if sc, ok := s.scratches.Get().(*scratch); ok {
		return sc
	}
	return s.newScratch()
}

func (s *patternSet) putScratch(sc *scratch) { s.scratches.Put(sc) }

// nextStamp returns a stamp never used before with sc.
func (sc *scratch) nextStamp() uint32 {
	if sc.stamp++; sc.stamp == 0 {
		clear(sc.mark)
		clear(sc.seen)
		sc.stamp = 1
	}
	return sc.stamp
}

func (s *patternSet) newScratch() *scratch {
	return &scratch{mark: make([]uint32, len(s.pats)), starts: make([][]int32, len(s.pats)), seen: make([]uint32, len(s.litStr))}
}

// mayMatch reports whether the text candidates last saw with stamp meets
// pattern p's further requirements: when it does not, p cannot match it.
func (s *patternSet) mayMatch(p int32, sc *scratch, stamp uint32) bool {
	if len(s.also[p]) == 0 {
		return true
	}
	for _, branch := range s.also[p] {
		if allSeen(branch, sc.seen, stamp) {
			return true
		}
	}
	return false
}

// allSeen reports whether one literal of each set was seen with stamp.
func allSeen(sets [][]int32, seen []uint32, stamp uint32) bool {
next:
	for _, set := range sets {
		for _, id := range set {
			if seen[id] == stamp {
				continue next
			}
		}
		return false
	}
	return true
}

// candidates appends to buf the patterns that may match lower (the
// lower-cased text), each once, and records in sc.starts where their
// literals begin. stamp must differ from every stamp used before with sc.
func (s *patternSet) candidates(lower string, sc *scratch, stamp uint32, buf []int32) []int32 {
	buf = append(buf, s.always...)
	s.lits.Scan(lower, func(id int32, end int) {
		sc.seen[id] = stamp
		from, to := s.trigAt[id], s.trigAt[id+1]
		if from == to {
			return
		}
		start := int32(end + 1 - len(s.litStr[id]))
		for _, p := range s.trig[from:to] {
			if sc.mark[p] != stamp {
				sc.mark[p] = stamp
				sc.starts[p] = sc.starts[p][:0]
				buf = append(buf, p)
			}
			if s.record[p] && !slices.Contains(sc.starts[p], start) {
				sc.starts[p] = append(sc.starts[p], start)
			}
		}
	})
	return buf
}
