package engine

import "math/bits"

// bitset is a dense set of record numbers: a search tests tens of
// thousands of records against its filters, and a bit test costs a
// nanosecond where a compressed bitmap lookup costs tens.
type bitset []uint64

// newBitset returns an empty set of record numbers below n.
func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

// add puts d in b when b has room for it.
func (b bitset) add(d uint32) {
	if w := int(d >> 6); w < len(b) {
		b[w] |= 1 << (d & 63)
	}
}

// has reports whether d is in b.
func (b bitset) has(d uint32) bool {
	w := int(d >> 6)
	return w < len(b) && b[w]&(1<<(d&63)) != 0
}

// and keeps in b only what o holds.
func (b bitset) and(o bitset) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}

// andNot removes from b what o holds.
func (b bitset) andNot(o bitset) {
	for i := range min(len(b), len(o)) {
		b[i] &^= o[i]
	}
}

// top returns one more than the highest record number in b, 0 when b is
// empty.
func (b bitset) top() int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != 0 {
			return i<<6 + 64 - bits.LeadingZeros64(b[i])
		}
	}
	return 0
}

// each calls fn with every record in b, in order.
func (b bitset) each(fn func(d uint32)) {
	for i, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			fn(uint32(i<<6 + t))
			w &= w - 1
		}
	}
}
