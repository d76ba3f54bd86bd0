package extract

// patternSet is a list of patterns with a shared literal index: for a given
// text it returns only the patterns that may match (one of their required
// literals occurs), so most regular expressions never run.
type patternSet struct {
	pats    []pattern
	lits    *litMatcher
	litPats [][]int32 // literal id -> patterns that require it
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
	return s
}

// candidates appends to buf the patterns that may match lower (the
// lower-cased text), each once. mark is scratch space of len(s.pats) owned
// by the caller; stamp must differ from every stamp used before with it.
func (s *patternSet) candidates(lower string, mark []uint32, stamp uint32, buf []int32) []int32 {
	buf = append(buf, s.always...)
	s.lits.scan(lower, func(id int32) {
		for _, p := range s.litPats[id] {
			if mark[p] != stamp {
				mark[p] = stamp
				buf = append(buf, p)
			}
		}
	})
	return buf
}
