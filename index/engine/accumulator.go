package engine

// accumulator holds the scores and clause marks of one search, by record
// number. touched lists the records marked or scored, to walk and to reset.
type accumulator struct {
	score   []float64
	mask    []uint64
	touched []uint32
	// Buffers a search reuses: candidates, matches, facet counts.
	cands, hits []uint32
	counts      [][]uint64
	seen        bitset // scratch for narrow, always left clear
	// BM25: the current term's pseudo-frequency by record, and the
	// records it is set for; left clear between terms.
	tf  []float64
	tfd []uint32
}

// tfFor returns the clear term array for records below n.
func (a *accumulator) tfFor(n int) []float64 {
	if len(a.tf) < n {
		a.tf = make([]float64, n)
	}
	return a.tf
}

// addTF adds x to record d's pseudo-frequency of the current term.
func (a *accumulator) addTF(d uint32, x float64) {
	if int(d) >= len(a.tf) || x <= 0 {
		return // not in the snapshot's columns (a record written since), or nothing to add
	}
	if a.tf[d] == 0 {
		a.tfd = append(a.tfd, d)
	}
	a.tf[d] += x
}

// seenFor returns the clear scratch bitset for records below n.
func (a *accumulator) seenFor(n int) bitset {
	words := (n + 63) / 64
	if len(a.seen) < words {
		a.seen = make(bitset, words)
	}
	return a.seen[:words]
}

// accumulatorPool keeps cleared accumulators between searches. A
// sync.Pool would be emptied by every garbage collection, and a search at
// 100k records would then allocate and zero two 800 KB arrays.
type accumulatorPool struct {
	free chan *accumulator
}

func newAccumulatorPool(n int) accumulatorPool {
	return accumulatorPool{free: make(chan *accumulator, n)}
}

// get returns a cleared accumulator for records below n.
func (p accumulatorPool) get(n int) *accumulator {
	var a *accumulator
	select {
	case a = <-p.free:
	default:
		a = &accumulator{}
	}
	if len(a.score) < n {
		a.score, a.mask = make([]float64, n), make([]uint64, n)
	}
	return a
}

// put clears the records a touched and keeps it for a later search.
func (p accumulatorPool) put(a *accumulator) {
	for _, d := range a.touched {
		a.score[d], a.mask[d] = 0, 0
	}
	a.touched = a.touched[:0]
	for _, d := range a.tfd { // left set by a search cut short
		a.tf[d] = 0
	}
	a.tfd = a.tfd[:0]
	select {
	case p.free <- a:
	default:
	}
}

// add scores record d and marks it with bits.
func (a *accumulator) add(d uint32, s float64, bits uint64) {
	if int(d) >= len(a.score) {
		return // not in the snapshot's columns: a record written since
	}
	if a.mask[d] == 0 {
		a.touched = append(a.touched, d)
	}
	a.score[d] += s
	a.mask[d] |= bits | touchedBit
}
