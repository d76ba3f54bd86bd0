// Package segment is pmkb's one door to bleve's storage engine, scorch.
//
// It creates, opens and compacts scorch indexes with pmkb's merge policy,
// and reads a snapshot's segments (zapx formats) directly: the
// postings of a term in a field (each record's frequency and field length),
// record numbers and the ids they stand for, a field's length statistics,
// and the snapshot's lifetime. Nothing else in pmkb imports scorch, zapx,
// scorch_segment_api or roaring; TestEngineContract fails when a bleve
// upgrade changes what this package relies on.
//
// Record numbers: scorch numbers a snapshot's records from 0, segment after
// segment (a record's number is its segment's offset plus its number within
// the segment), deleted records included, and uses that number as the
// record's internal id. A number means a record for one snapshot only:
// Retain keeps a snapshot, and so its numbering, alive.
package segment

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
)

// ErrNotScorch is returned for an index reader that is not a scorch
// snapshot: an index pmkb did not create.
var ErrNotScorch = errors.New("segment: not a scorch snapshot")

// Snapshot is a read-only view of one scorch snapshot's segments. Reading
// postings from the segments skips what bleve's snapshot-wide term readers
// do per posting (merging segments, turning record numbers into byte ids,
// a square root), which cost a search at 100k records more than the
// postings themselves. A Snapshot is safe for concurrent use; Dicts are not.
type Snapshot struct {
	r    *scorch.IndexSnapshot
	segs []*scorch.SegmentSnapshot
	offs []uint64 // record number of each segment's first record
	size uint64   // one past the highest record number
}

// Of returns the snapshot r reads. It does not take over r: the caller
// still closes it, and the Snapshot is valid until then (or until Release
// after Retain).
func Of(r bindex.IndexReader) (*Snapshot, error) {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("%w: %T", ErrNotScorch, r)
	}
	s := &Snapshot{r: is, segs: is.Segments()}
	for _, ss := range s.segs {
		s.offs = append(s.offs, s.size)
		s.size += ss.Segment().Count()
	}
	return s, nil
}

// Reader returns the bleve reader of the snapshot, for bleve's own
// searchers, dictionaries and stored documents.
func (s *Snapshot) Reader() bindex.IndexReader { return s.r }

// Same reports whether s and o view the same snapshot: scorch hands out
// one snapshot object until the index changes.
func (s *Snapshot) Same(o *Snapshot) bool { return o != nil && s.r == o.r }

// Retain keeps the snapshot open after its reader is closed, until
// Release: a cache of what was read from it (record numbers above all)
// stays valid as long as the snapshot lives.
func (s *Snapshot) Retain() { s.r.AddRef() }

// Release undoes one Retain.
func (s *Snapshot) Release() error { return s.r.Close() }

// Size is one more than the highest record number of the snapshot:
// arrays indexed by record number need this many entries.
func (s *Snapshot) Size() int { return int(s.size) }

// Segments is how many segments the snapshot has.
func (s *Snapshot) Segments() int { return len(s.segs) }

// ID returns the id of record number d.
func (s *Snapshot) ID(d uint32) (string, error) {
	return s.r.ExternalID(bindex.NewIndexInternalID(nil, uint64(d)))
}

// Num returns the record number a scorch internal id stands for, as bleve's
// searchers and term readers hand them out.
func Num(id bindex.IndexInternalID) uint32 { return uint32(id.Value()) }
