package index

import (
	"math/bits"

	"github.com/RoaringBitmap/roaring/v2"
)

// bitset is a dense set of record numbers: a search tests tens of
// thousands of records against its filters, and a bit test costs a
// nanosecond where a compressed bitmap lookup costs tens.
type bitset []uint64

// bitsetOf returns bm as a bitset of n bits.
func bitsetOf(bm *roaring.Bitmap, n int) bitset {
	b := make(bitset, (n+63)/64)
	it := bm.Iterator()
	for it.HasNext() {
		d := it.Next()
		if int(d) < n {
			b[d>>6] |= 1 << (d & 63)
		}
	}
	return b
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
