package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/index/segment"
)

// Searches count facets and apply filters on columns built once per index
// snapshot, the way search engines use doc values and filter caches: a
// search walks the records its words match once, and every facet count and
// filter is an array or bitset lookup on the record's number in the
// snapshot, instead of one more bleve search per filtered facet.

// column holds one facet's values per record: the values of record d are
// values[ords[offs[d]:offs[d+1]]].
type column struct {
	values []string
	offs   []uint32
	ords   []uint32
}

// of returns the value ordinals of record d.
func (c *column) of(d uint32) []uint32 {
	if int(d)+1 >= len(c.offs) {
		return nil
	}
	return c.ords[c.offs[d]:c.offs[d+1]]
}

// columns is what one snapshot's searches share.
type columns struct {
	facets  []*column           // in the schema's order
	days    []int32             // sort date of record d as days since 1970 plus one; 0 when undated
	primary bitset              // records shown in results: not hidden, not deleted
	size    int                 // one more than the highest primary record number
	lengths map[string]*lengths // each text field's length per record, by field (Schema.Lengths)
}

// day returns the sort date of record d (0 when undated).
func (c *columns) day(d uint32) int32 {
	if int(d) >= len(c.days) {
		return 0
	}
	return c.days[d]
}

// buildColumns reads the facet fields, the sort day and the hidden records
// of every record of snap from the terms' postings.
func buildColumns(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping, schema Schema) (*columns, error) {
	cols := &columns{}
	var maxDoc uint32
	for _, f := range schema.Facets {
		col, top, err := buildColumn(ctx, snap, f.Field)
		if err != nil {
			return nil, fmt.Errorf("engine: facet column %s: %w", f.Name, err)
		}
		cols.facets = append(cols.facets, col)
		maxDoc = max(maxDoc, top)
	}
	days, top, err := buildColumn(ctx, snap, schema.DayField)
	if err != nil {
		return nil, fmt.Errorf("engine: date column: %w", err)
	}
	maxDoc = max(maxDoc, top)
	cols.days = make([]int32, maxDoc+1)
	dayOf := make([]int32, len(days.values))
	for i, v := range days.values {
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			dayOf[i] = int32(t.Unix()/86400) + 1
		}
	}
	for d := range cols.days {
		if o := days.of(uint32(d)); len(o) > 0 {
			cols.days[d] = dayOf[o[0]]
		}
	}
	if schema.Lengths != "" {
		if cols.lengths, err = buildLengths(ctx, snap, schema.Lengths); err != nil {
			return nil, fmt.Errorf("engine: length column: %w", err)
		}
	}
	all, err := matchSet(ctx, snap, m, bq.NewMatchAllQuery(), snap.Size())
	if err != nil {
		return nil, fmt.Errorf("engine: record list: %w", err)
	}
	hidden, err := matchSet(ctx, snap, m, schema.Hidden, snap.Size())
	if err != nil {
		return nil, fmt.Errorf("engine: hidden records: %w", err)
	}
	all.andNot(hidden)
	cols.size = all.top()
	cols.primary = all[:(cols.size+63)/64]
	return cols, nil
}

// buildColumn reads one keyword field into a column, returning the highest
// record number seen.
func buildColumn(ctx context.Context, snap *segment.Snapshot, field string) (*column, uint32, error) {
	r := snap.Reader()
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, 0, err
	}
	defer dict.Close()
	type pair struct{ doc, ord uint32 }
	var pairs []pair
	col := &column{}
	var maxDoc uint32
	var tfd bindex.TermFieldDoc
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, 0, err
		}
		if e == nil {
			break
		}
		ord := uint32(len(col.values))
		col.values = append(col.values, e.Term)
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), field, false, false, false)
		if err != nil {
			return nil, 0, err
		}
		for {
			p, err := tfr.Next(&tfd)
			if err != nil {
				_ = tfr.Close()
				return nil, 0, err
			}
			if p == nil {
				break
			}
			d := segment.Num(p.ID)
			maxDoc = max(maxDoc, d)
			pairs = append(pairs, pair{d, ord})
		}
		if err := tfr.Close(); err != nil {
			return nil, 0, err
		}
	}
	// Counting sort by record number into the offsets/ordinals layout.
	col.offs = make([]uint32, maxDoc+2)
	for _, p := range pairs {
		col.offs[p.doc+1]++
	}
	for i := 1; i < len(col.offs); i++ {
		col.offs[i] += col.offs[i-1]
	}
	col.ords = make([]uint32, len(pairs))
	next := append([]uint32(nil), col.offs[:len(col.offs)-1]...)
	for _, p := range pairs {
		col.ords[next[p.doc]] = p.ord
		next[p.doc]++
	}
	return col, maxDoc, nil
}
