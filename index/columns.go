package index

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Searches count facets and apply filters on columns built once per index
// snapshot, the way search engines use doc values and filter caches: a
// search walks the records its words match once, and every facet count and
// filter is an array or bitmap lookup on the record's number in the
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
	facets  map[string]*column
	days    []int32 // sort date of record d as days since 1970 plus one; 0 when undated
	primary bitset  // records shown in results: not duplicates, not deleted
	size    int     // one more than the highest primary record number
}

// day returns the sort date of record d (0 when undated).
func (c *columns) day(d uint32) int32 {
	if int(d) >= len(c.days) {
		return 0
	}
	return c.days[d]
}

// maxFilters bounds the filter bitmaps kept for one snapshot.
const maxFilters = 512

// snapshotCache keeps the columns and filter bitmaps of the latest index
// snapshot. It holds a reference on that snapshot, so that a reader is the
// cached one exactly when it is the same object.
type snapshotCache struct {
	mu      sync.Mutex
	r       bindex.IndexReader
	cols    *columns
	filters map[string]bitset
}

// refCounted is the part of a scorch snapshot that lets the cache keep it.
type refCounted interface {
	AddRef()
}

// columnsFor returns the columns of r's snapshot, building them when r is
// not the cached snapshot.
func (c *snapshotCache) columnsFor(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping) (*columns, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.r == r && c.cols != nil {
		return c.cols, nil
	}
	cols, err := buildColumns(ctx, r, m)
	if err != nil {
		return nil, err
	}
	rc, ok := r.(refCounted)
	if !ok {
		return cols, nil // cannot keep the snapshot alive: no caching
	}
	c.releaseLocked()
	rc.AddRef()
	c.r, c.cols, c.filters = r, cols, map[string]bitset{}
	return cols, nil
}

// filter returns the records of r matching q, below size, cached under key
// for the snapshot.
func (c *snapshotCache) filter(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, key string, q bq.Query, size int) (bitset, error) {
	c.mu.Lock()
	if c.r == r {
		if bm, ok := c.filters[key]; ok {
			c.mu.Unlock()
			return bm, nil
		}
	}
	c.mu.Unlock()
	rbm, err := bitmapOf(ctx, r, m, q)
	if err != nil {
		return nil, err
	}
	bm := bitsetOf(rbm, size)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.r == r {
		if len(c.filters) >= maxFilters {
			clear(c.filters)
		}
		c.filters[key] = bm
	}
	return bm, nil
}

// release drops the cached snapshot.
func (c *snapshotCache) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.releaseLocked()
}

func (c *snapshotCache) releaseLocked() {
	if c.r != nil {
		_ = c.r.Close()
	}
	c.r, c.cols, c.filters = nil, nil, nil
}

// bitmapOf returns the numbers of the records matching q, unscored.
func bitmapOf(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, q bq.Query) (*roaring.Bitmap, error) {
	bm := roaring.New()
	err := eachMatch(ctx, r, m, q, false, func(d uint32, _ float64) { bm.Add(d) })
	return bm, err
}

// eachMatch runs q on r with bleve's searchers and calls fn with each
// match's record number and, when scored, its score.
func eachMatch(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, q bq.Query, scored bool, fn func(d uint32, score float64)) error {
	opts := search.SearcherOptions{}
	if !scored {
		opts.Score = "none"
	}
	s, err := q.Searcher(ctx, r, m, opts)
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		fn(uint32(dm.IndexInternalID.Value()), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
	}
}

// buildColumns reads the facet fields, the sort day and the duplicate
// marks of every record of r from the terms' postings.
func buildColumns(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping) (*columns, error) {
	cols := &columns{facets: map[string]*column{}}
	var maxDoc uint32
	for _, name := range facetOrder {
		col, top, err := buildColumn(ctx, r, facetFields[name].field)
		if err != nil {
			return nil, fmt.Errorf("index: facet column %s: %w", name, err)
		}
		cols.facets[name] = col
		maxDoc = max(maxDoc, top)
	}
	days, top, err := buildColumn(ctx, r, fSortDay)
	if err != nil {
		return nil, fmt.Errorf("index: date column: %w", err)
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
	all, err := bitmapOf(ctx, r, m, bq.NewMatchAllQuery())
	if err != nil {
		return nil, fmt.Errorf("index: record list: %w", err)
	}
	dups, err := bitmapOf(ctx, r, m, termQ(fIsDup, "1"))
	if err != nil {
		return nil, fmt.Errorf("index: duplicate list: %w", err)
	}
	all.AndNot(dups)
	if !all.IsEmpty() {
		cols.size = int(all.Maximum()) + 1
	}
	cols.primary = bitsetOf(all, cols.size)
	return cols, nil
}

// buildColumn reads one keyword field into a column, returning the highest
// record number seen.
func buildColumn(ctx context.Context, r bindex.IndexReader, field string) (*column, uint32, error) {
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
			d := uint32(p.ID.Value())
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
