package engine

import (
	"context"
	"strconv"
	"strings"

	"github.com/pmkb/pmkb/index/segment"
)

// lengths are one text field's length in each record of a snapshot, and
// their statistics over the records holding the field: BM25's length
// normalisation. Each posting holds its record's length too; the column
// serves what has no posting to read it from (the mean, the records a
// phrase matches, whether a record has a body at all).
type lengths struct {
	of    []uint32 // by record number; 0 when the record lacks the field
	stats segment.FieldStats
}

// Of is the field's length in record d, 0 when d lacks it.
func (l *lengths) Of(d uint32) uint64 {
	if l == nil || int(d) >= len(l.of) {
		return 0
	}
	return uint64(l.of[d])
}

// buildLengths reads the lengths keyword field ("field:length" terms) of
// every record into one length column per text field. It reads one
// posting per record and text field: the cost of a facet column, where
// reading the lengths from the text fields' own postings would walk every
// posting of every term (two seconds at 100k records).
func buildLengths(ctx context.Context, snap *segment.Snapshot, field string) (map[string]*lengths, error) {
	col, top, err := buildColumn(ctx, snap, field)
	if err != nil {
		return nil, err
	}
	type value struct {
		l *lengths
		n uint32
	}
	out := map[string]*lengths{}
	values := make([]value, len(col.values))
	for i, v := range col.values {
		name, num, ok := strings.Cut(v, ":")
		n, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil || n == 0 {
			continue
		}
		l := out[name]
		if l == nil {
			l = &lengths{of: make([]uint32, top+1)}
			out[name] = l
		}
		values[i] = value{l, uint32(n)}
	}
	for d := range top + 1 {
		for _, o := range col.of(d) {
			if v := values[o]; v.l != nil {
				v.l.of[d] = v.n
				v.l.stats.Docs++
				v.l.stats.Length += uint64(v.n)
			}
		}
	}
	return out, nil
}
