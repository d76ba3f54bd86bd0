package index

import (
	"context"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// segmentView reads postings from a scorch snapshot's segments directly:
// bleve's snapshot-wide term reader merges segments, converts record
// numbers to byte ids and takes a square root per posting, which cost a
// search at 100k records more than the postings themselves. A record's
// number in the snapshot is its segment's offset plus its number in the
// segment, as scorch numbers them.
type segmentView struct {
	segs []*scorch.SegmentSnapshot
	offs []uint64
}

// segmentsOf returns r's segments, or false when r is not a scorch
// snapshot (the scorer then reads postings through bleve's term readers).
func segmentsOf(r bindex.IndexReader) (*segmentView, bool) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false
	}
	v := &segmentView{segs: snap.Segments()}
	var running uint64
	for _, ss := range v.segs {
		v.offs = append(v.offs, running)
		running += ss.Segment().Count()
	}
	return v, true
}

// termPostings are one term's postings in a field, segment by segment.
type termPostings struct {
	lists []segment.PostingsList
	offs  []uint64 // record number of each list's segment's first record
	ends  []uint64 // one past each list's segment's last record number
	df    uint64   // live records holding the term
}

// lookup finds term's postings in field, deleted records left out.
func (v *segmentView) lookup(field string, term []byte) (termPostings, error) {
	return v.lookupIn(nil, field, term)
}

// dictCache keeps, for one goroutine, the term dictionaries of a view's
// segments by field: opening a dictionary (its FST) costs more than a
// lookup in it, and dedupe looks every record's keys up in every segment.
type dictCache map[string][]openedDict

type openedDict struct {
	dict segment.TermDictionary // nil when the segment lacks the field
	ok   bool                   // dict was opened
}

// lookupIn is lookup with the dictionaries kept in c (nil: none kept).
func (v *segmentView) lookupIn(c dictCache, field string, term []byte) (termPostings, error) {
	var tp termPostings
	var opened []openedDict
	if c != nil {
		if opened = c[field]; opened == nil {
			opened = make([]openedDict, len(v.segs))
			c[field] = opened
		}
	}
	for i, ss := range v.segs {
		var dict segment.TermDictionary
		if opened != nil && opened[i].ok {
			dict = opened[i].dict
		} else {
			d, err := ss.Segment().Dictionary(field)
			if err != nil {
				return termPostings{}, err
			}
			dict = d
			if opened != nil {
				opened[i] = openedDict{dict: d, ok: true}
			}
		}
		if dict == nil {
			continue
		}
		pl, err := dict.PostingsList(term, ss.Deleted(), nil)
		if err != nil {
			return termPostings{}, err
		}
		if pl == nil {
			continue
		}
		n := pl.Count()
		if n == 0 {
			continue
		}
		tp.lists = append(tp.lists, pl)
		tp.offs = append(tp.offs, v.offs[i])
		tp.ends = append(tp.ends, v.offs[i]+ss.Segment().Count())
		tp.df += n
	}
	return tp, nil
}

// each calls fn with every posting's record number, frequency and field
// length normalisation (1/sqrt(length)).
func (tp termPostings) each(ctx context.Context, fn func(d uint32, freq uint64, norm float64)) error {
	for i, pl := range tp.lists {
		it := pl.Iterator(true, true, false, nil)
		for n := 0; ; n++ {
			if n%8192 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			p, err := it.Next()
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			fn(uint32(tp.offs[i]+p.Number()), p.Frequency(), normOf(p))
		}
	}
	return nil
}

// approxSample is how many postings of a common term eachApprox reads in
// full before reading record numbers alone.
const approxSample = 512

// eachApprox is each for a term too common for its exact weight in each
// record to matter: it reads the first approxSample postings in full,
// passing each to fn, then only record numbers (from the postings' bitmap,
// several times faster), passed to many in blocks with the sample's mean
// sqrt(freq) * norm.
func (tp termPostings) eachApprox(ctx context.Context, fn func(d uint32, tfNorm float64), many func(ds []uint32, tfNorm float64)) error {
	sampled, sum := 0, 0.0
	var last uint64
	for i, pl := range tp.lists {
		it := pl.Iterator(true, true, false, nil)
		for sampled < approxSample {
			p, err := it.Next()
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			tfn := sqrtOf(p.Frequency()) * normOf(p)
			fn(uint32(tp.offs[i]+p.Number()), tfn)
			sampled++
			sum += tfn
			last = p.Number()
		}
		if sampled < approxSample {
			continue // this segment is done; sample the next
		}
		mean := sum / float64(sampled)
		for j := i; j < len(tp.lists); j++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			from := uint64(0)
			if j == i {
				from = last + 1
			}
			if err := docsFrom(tp.lists[j], from, uint32(tp.offs[j]), func(ds []uint32) { many(ds, mean) }); err != nil {
				return err
			}
		}
		return nil
	}
	return nil
}

// docsFrom calls fn with pl's record numbers not below from, each plus
// off, in ascending blocks.
func docsFrom(pl segment.PostingsList, from uint64, off uint32, fn func([]uint32)) error {
	var buf [256]uint32
	it := pl.Iterator(false, false, false, nil)
	if bi, ok := it.(interface{ ActualBitmap() *roaring.Bitmap }); ok && bi.ActualBitmap() != nil {
		mi := bi.ActualBitmap().ManyIterator()
		for {
			n := mi.NextMany(buf[:])
			if n == 0 {
				return nil
			}
			ds := buf[:n]
			for len(ds) > 0 && uint64(ds[0]) < from {
				ds = ds[1:]
			}
			for k := range ds {
				ds[k] += off
			}
			if len(ds) > 0 {
				fn(ds)
			}
		}
	}
	n := 0
	for {
		p, err := it.Next()
		if err != nil {
			return err
		}
		if p == nil || n == len(buf) {
			if n > 0 {
				fn(buf[:n])
			}
			if p == nil {
				return nil
			}
			n = 0
		}
		if p.Number() >= from {
			buf[n] = uint32(p.Number()) + off
			n++
		}
	}
}

// normOf is a posting's field length normalisation, 1/sqrt(length).
func normOf(p segment.Posting) float64 {
	if nl, ok := p.(interface{ NormUint64() uint64 }); ok {
		return invSqrt(nl.NormUint64())
	}
	return p.Norm()
}

// at calls fn with the postings of the sorted candidates cands, advancing
// each segment's iterator from one candidate to the next instead of reading
// every posting. Without exact, frequencies and norms are not read: fn gets
// freq 1 and norm 0, and the caller scores with a mean.
func (tp termPostings) at(ctx context.Context, cands []uint32, exact bool, fn func(d uint32, freq uint64, norm float64)) error {
	for i, pl := range tp.lists {
		if err := ctx.Err(); err != nil {
			return err
		}
		lo := sortSearch(cands, uint32(tp.offs[i]))
		hi := sortSearch(cands, uint32(min(tp.ends[i], 1<<32-1)))
		it := pl.Iterator(exact, exact, false, nil)
		var bm *roaring.Bitmap
		if bi, ok := it.(interface{ ActualBitmap() *roaring.Bitmap }); ok && !exact {
			bm = bi.ActualBitmap()
		}
		if bm != nil {
			for _, d := range cands[lo:hi] {
				if bm.Contains(d - uint32(tp.offs[i])) {
					fn(d, 1, 0)
				}
			}
			continue
		}
		var (
			cur, freq uint64
			norm      float64
			have      bool
		)
		for _, d := range cands[lo:hi] {
			n := uint64(d) - tp.offs[i]
			if !have || cur < n {
				p, err := it.Advance(n)
				if err != nil {
					return err
				}
				if p == nil {
					break
				}
				cur, have = p.Number(), true
				if exact {
					freq, norm = p.Frequency(), normOf(p)
				}
			}
			// The reader may have landed on this candidate while
			// advancing to an earlier one.
			if cur == n {
				fn(d, freq, norm)
			}
		}
	}
	return nil
}

// sortSearch returns the index of the first element of sorted xs at or
// after d.
func sortSearch(xs []uint32, d uint32) int {
	i, _ := slices.BinarySearch(xs, d)
	return i
}

// sampleMean is the mean sqrt(freq) * norm of a term's first approxSample
// postings.
func (tp termPostings) sampleMean() (float64, error) {
	n, sum := 0, 0.0
	for _, pl := range tp.lists {
		it := pl.Iterator(true, true, false, nil)
		for n < approxSample {
			p, err := it.Next()
			if err != nil {
				return 0, err
			}
			if p == nil {
				break
			}
			sum += sqrtOf(p.Frequency()) * normOf(p)
			n++
		}
		if n >= approxSample {
			break
		}
	}
	if n == 0 {
		return 0, nil
	}
	return sum / float64(n), nil
}

// invSqrtTable holds 1/sqrt(n) for the field lengths most records have.
var invSqrtTable = func() []float64 {
	t := make([]float64, 4096)
	for n := range t {
		if n > 0 {
			t[n] = float64(float32(1 / math.Sqrt(float64(n))))
		}
	}
	return t
}()

// invSqrt is 1/sqrt(n) rounded to float32, as bleve stores norms; 0 for 0.
func invSqrt(n uint64) float64 {
	if n < uint64(len(invSqrtTable)) {
		return invSqrtTable[n]
	}
	return float64(float32(1 / math.Sqrt(float64(n))))
}
