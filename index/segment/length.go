package segment

import (
	"context"
	"fmt"
	"math"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// lengthPosting is a posting that knows the length of its field in the
// record: zapx v15 to v17 (bleve's default format is v17) keep the length
// and expose it as NormUint64. scorch_segment_api has no interface for it;
// segment.Posting.Norm gives only 1/sqrt(length), rounded to a float32.
type lengthPosting interface {
	NormUint64() uint64
}

// lengthOf is the field's length in the posting's record, in tokens. A
// format without NormUint64 (zapx v11 to v14) gives it back from its norm.
func lengthOf(po segment.Posting) uint64 {
	if lp, ok := po.(lengthPosting); ok {
		return lp.NormUint64()
	}
	if n := po.Norm(); n > 0 {
		return uint64(math.Round(1 / (n * n)))
	}
	return 0
}

// FieldStats are a field's length statistics over a snapshot's live
// records: what BM25 normalises a field's length by.
type FieldStats struct {
	Docs   uint64 // records holding at least one token in the field
	Length uint64 // the field's length summed over those records, in tokens
}

// AvgLength is the mean length of the field in the records holding it.
func (f FieldStats) AvgLength() float64 {
	if f.Docs == 0 {
		return 0
	}
	return float64(f.Length) / float64(f.Docs)
}

// FieldStats walks every posting of field: a cost linear in the field's
// size, to be paid once per snapshot and kept.
func (s *Snapshot) FieldStats(ctx context.Context, field string) (FieldStats, error) {
	dict, err := s.r.FieldDict(field)
	if err != nil {
		return FieldStats{}, fmt.Errorf("segment: field stats of %s: %w", field, err)
	}
	defer dict.Close()
	seen := make([]uint64, (s.size+63)/64)
	var st FieldStats
	for {
		e, err := dict.Next()
		if err != nil {
			return FieldStats{}, fmt.Errorf("segment: field stats of %s: %w", field, err)
		}
		if e == nil {
			return st, nil
		}
		p, err := s.Postings(field, []byte(e.Term))
		if err != nil {
			return FieldStats{}, fmt.Errorf("segment: field stats of %s: %w", field, err)
		}
		err = p.Each(ctx, func(d uint32, _, length uint64) bool {
			if seen[d>>6]&(1<<(d&63)) == 0 {
				seen[d>>6] |= 1 << (d & 63)
				st.Docs++
				st.Length += length
			}
			return true
		})
		if err != nil {
			return FieldStats{}, err
		}
	}
}
