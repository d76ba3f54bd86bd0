package extract

import "slices"

// patternSet is a list of patterns with a shared literal index: for a given
// text it returns only the patterns that may match (one of their required
// literals occurs), so most regular expressions never run.
type patternSet struct {
	pats    []pattern
	lits    *litMatcher
	litPats [][]int32 // literal id -> patterns that require it
	litStr  []string  // literal id -> literal
	always  []int32   // patterns without a required literal
}

func newPatternSet(pats []pattern) *patternSet {
	s := &patternSet{pats: pats}
	ids := map[string]int32{}
	var lits []string
	for i, p := range pats {
		if p.lits == nil {
			s.always = append(s.always, int32(i))
			continue
		}
		for _, l := range p.lits {
			id, ok := ids[l]
			if !ok {
				id = int32(len(lits))
				ids[l] = id
				lits = append(lits, l)
				s.litPats = append(s.litPats, nil)
			}
			s.litPats[id] = append(s.litPats[id], int32(i))
		}
	}
	s.lits = newLitMatcher(lits)
	s.litStr = lits
	return s
}

// scratch is per-call working space for candidates, so that a patternSet
// can serve concurrent extractions.
type scratch struct {
	mark   []uint32  // stamp of the last text each pattern was a candidate for
	starts [][]int32 // where each candidate's literals start in that text
}

func (s *patternSet) newScratch() *scratch {
	return &scratch{mark: make([]uint32, len(s.pats)), starts: make([][]int32, len(s.pats))}
}

// candidates appends to buf the patterns that may match lower (the
// lower-cased text), each once, and records in sc.starts where their
// literals begin. stamp must differ from every stamp used before with sc.
func (s *patternSet) candidates(lower string, sc *scratch, stamp uint32, buf []int32) []int32 {
	buf = append(buf, s.always...)
	s.lits.scan(lower, func(id int32, end int) {
		start := int32(end + 1 - len(s.litStr[id]))
		for _, p := range s.litPats[id] {
			if sc.mark[p] != stamp {
				sc.mark[p] = stamp
				sc.starts[p] = sc.starts[p][:0]
				buf = append(buf, p)
			}
			if s.pats[p].anchored != nil && !slices.Contains(sc.starts[p], start) {
				sc.starts[p] = append(sc.starts[p], start)
			}
		}
	})
	return buf
}
