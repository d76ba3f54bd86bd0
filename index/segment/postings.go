package segment

import (
	"context"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Postings are one term's postings in a field, segment by segment,
// deleted records left out.
type Postings struct {
	lists []segment.PostingsList
	offs  []uint64 // record number of each list's segment's first record
	ends  []uint64 // one past each list's segment's last record number
	df    uint64
}

// DocFreq is how many live records hold the term.
func (p Postings) DocFreq() uint64 { return p.df }

// Postings looks term up in field, opening each segment's dictionary.
func (s *Snapshot) Postings(field string, term []byte) (Postings, error) {
	return s.lookup(nil, field, term)
}

// Dicts keeps a snapshot's term dictionaries open by field, for one
// goroutine: opening a dictionary (its FST) costs more than a lookup in it,
// and dedupe looks every record's keys up in every segment.
type Dicts struct {
	s      *Snapshot
	fields map[string][]openedDict
}

type openedDict struct {
	dict segment.TermDictionary // nil when the segment lacks the field
	ok   bool                   // dict was opened
}

// Dicts returns an empty dictionary cache of s.
func (s *Snapshot) Dicts() *Dicts { return &Dicts{s: s, fields: map[string][]openedDict{}} }

// Postings is Snapshot.Postings through the cache.
func (d *Dicts) Postings(field string, term []byte) (Postings, error) {
	return d.s.lookup(d, field, term)
}

// lookup finds term's postings in field, with the dictionaries kept in c
// (nil: none kept).
func (s *Snapshot) lookup(c *Dicts, field string, term []byte) (Postings, error) {
	var p Postings
	var opened []openedDict
	if c != nil {
		if opened = c.fields[field]; opened == nil {
			opened = make([]openedDict, len(s.segs))
			c.fields[field] = opened
		}
	}
	for i, ss := range s.segs {
		var dict segment.TermDictionary
		if opened != nil && opened[i].ok {
			dict = opened[i].dict
		} else {
			d, err := ss.Segment().Dictionary(field)
			if err != nil {
				return Postings{}, err
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
			return Postings{}, err
		}
		if pl == nil || pl.Count() == 0 {
			continue
		}
		p.lists = append(p.lists, pl)
		p.offs = append(p.offs, s.offs[i])
		p.ends = append(p.ends, s.offs[i]+ss.Segment().Count())
		p.df += pl.Count()
	}
	return p, nil
}

// ctxEvery is how many postings Each reads between two looks at its
// context.
const ctxEvery = 8192

// Each calls fn with every posting in record number order: the record
// number, the term's frequency in the field and the field's length in the
// record (its number of tokens), until fn returns false.
func (p Postings) Each(ctx context.Context, fn func(d uint32, freq, length uint64) bool) error {
	for i, pl := range p.lists {
		it := pl.Iterator(true, true, false, nil)
		for n := 0; ; n++ {
			if n%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			po, err := it.Next()
			if err != nil {
				return err
			}
			if po == nil {
				break
			}
			if !fn(uint32(p.offs[i]+po.Number()), po.Frequency(), lengthOf(po)) {
				return nil
			}
		}
	}
	return nil
}

// DocsFrom calls fn with the record numbers from from on, in ascending
// blocks, without frequencies or lengths: read from the postings' bitmaps,
// several times faster than Each.
func (p Postings) DocsFrom(ctx context.Context, from uint32, fn func(ds []uint32)) error {
	for i, pl := range p.lists {
		if p.ends[i] <= uint64(from) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		local := uint64(0)
		if uint64(from) > p.offs[i] {
			local = uint64(from) - p.offs[i]
		}
		if err := docsFrom(pl, local, uint32(p.offs[i]), fn); err != nil {
			return err
		}
	}
	return nil
}

// docsFrom calls fn with pl's record numbers not below from, each plus
// off, in ascending blocks.
func docsFrom(pl segment.PostingsList, from uint64, off uint32, fn func([]uint32)) error {
	var buf [256]uint32
	it := pl.Iterator(false, false, false, nil)
	if bm := bitmapOf(it); bm != nil {
		mi := bm.ManyIterator()
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
		po, err := it.Next()
		if err != nil {
			return err
		}
		if po == nil || n == len(buf) {
			if n > 0 {
				fn(buf[:n])
			}
			if po == nil {
				return nil
			}
			n = 0
		}
		if po.Number() >= from {
			buf[n] = uint32(po.Number()) + off
			n++
		}
	}
}

// bitmapOf returns the record numbers of a postings iterator as a bitmap,
// or nil when the segment format keeps none: zap stores a term held by one
// record without a bitmap.
func bitmapOf(it segment.PostingsIterator) *roaring.Bitmap {
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		return o.ActualBitmap()
	}
	return nil
}

// At calls fn with the postings of the sorted candidates cands that hold
// the term, advancing each segment's iterator from one candidate to the
// next instead of reading every posting.
func (p Postings) At(ctx context.Context, cands []uint32, fn func(d uint32, freq, length uint64)) error {
	for i, pl := range p.lists {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.advance(i, pl.Iterator(true, true, false, nil), cands, true, fn); err != nil {
			return err
		}
	}
	return nil
}

// Holding calls fn with the sorted candidates cands that hold the term,
// testing them against the postings' bitmaps where the format keeps them.
func (p Postings) Holding(ctx context.Context, cands []uint32, fn func(d uint32)) error {
	for i, pl := range p.lists {
		if err := ctx.Err(); err != nil {
			return err
		}
		it := pl.Iterator(false, false, false, nil)
		if bm := bitmapOf(it); bm != nil {
			off := uint32(p.offs[i])
			for _, d := range p.within(i, cands) {
				if bm.Contains(d - off) {
					fn(d)
				}
			}
			continue
		}
		if err := p.advance(i, it, cands, false, func(d uint32, _, _ uint64) { fn(d) }); err != nil {
			return err
		}
	}
	return nil
}

// within returns the candidates in list i's segment.
func (p Postings) within(i int, cands []uint32) []uint32 {
	lo, _ := slices.BinarySearch(cands, uint32(p.offs[i]))
	hi, _ := slices.BinarySearch(cands, uint32(min(p.ends[i], math.MaxUint32)))
	return cands[lo:hi]
}

// advance walks list i's iterator to each of the candidates in its
// segment, calling fn with those it holds; with exact, with the term's
// frequency and the field's length (else 0).
func (p Postings) advance(i int, it segment.PostingsIterator, cands []uint32, exact bool, fn func(d uint32, freq, length uint64)) error {
	var (
		cur, freq, length uint64
		have              bool
	)
	for _, d := range p.within(i, cands) {
		n := uint64(d) - p.offs[i]
		if !have || cur < n {
			po, err := it.Advance(n)
			if err != nil {
				return err
			}
			if po == nil {
				return nil
			}
			cur, have = po.Number(), true
			if exact {
				freq, length = po.Frequency(), lengthOf(po)
			}
		}
		// The iterator may have landed on this candidate while
		// advancing to an earlier one.
		if cur == n {
			fn(d, freq, length)
		}
	}
	return nil
}

// Intersect calls fn with the record numbers every one of ps holds, in
// ascending blocks: segment by segment, the AND of their bitmaps, which
// costs a fraction of testing one list's records against the others.
func Intersect(ctx context.Context, ps []Postings, fn func(ds []uint32)) error {
	if len(ps) == 0 {
		return nil
	}
	var buf [256]uint32
	for i, pl := range ps[0].lists {
		if err := ctx.Err(); err != nil {
			return err
		}
		all, err := docsBitmap(pl)
		if err != nil {
			return err
		}
		for _, q := range ps[1:] {
			j := slices.Index(q.offs, ps[0].offs[i])
			if j < 0 {
				all = nil
				break
			}
			bm, err := docsBitmap(q.lists[j])
			if err != nil {
				return err
			}
			all = roaring.And(all, bm)
			if all.IsEmpty() {
				break
			}
		}
		if all == nil {
			continue
		}
		off := uint32(ps[0].offs[i])
		it := all.ManyIterator()
		for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
			for k := range buf[:n] {
				buf[k] += off
			}
			fn(buf[:n])
		}
	}
	return nil
}

// docsBitmap returns the record numbers of a postings list as a bitmap not
// to be modified: the list's own, or one built from its records when the
// format keeps none (a term held by one record).
func docsBitmap(pl segment.PostingsList) (*roaring.Bitmap, error) {
	it := pl.Iterator(false, false, false, nil)
	if bm := bitmapOf(it); bm != nil {
		return bm, nil
	}
	bm := roaring.New()
	for {
		po, err := it.Next()
		if err != nil {
			return nil, err
		}
		if po == nil {
			return bm, nil
		}
		bm.Add(uint32(po.Number()))
	}
}
