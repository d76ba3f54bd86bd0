package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
)

// dupReader finds, in one snapshot of an index, the records that share a
// dedupe key with a record or are marked as its duplicates. It reads the
// dup_key and dup_of postings directly, a term lookup per key: a bleve
// search per record cost a bulk load a sixth of its time and grew with the
// index. A dupReader is safe for concurrent use.
type dupReader struct {
	r bindex.IndexReader
	v *segmentView
	n uint64 // records in the snapshot
}

// openDupReader opens a reader of b's current snapshot; close releases it.
func openDupReader(b bleve.Index) (*dupReader, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	v, ok := segmentsOf(r)
	if !ok {
		_ = r.Close()
		return nil, fmt.Errorf("index: dedupe: %T is not a scorch snapshot", r)
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	return &dupReader{r: r, v: v, n: n}, nil
}

func (dr *dupReader) empty() bool { return dr.n == 0 }

func (dr *dupReader) close() { _ = dr.r.Close() }

// dupCandidates returns the primaries in dr that pm could duplicate (those
// sharing one of its dedupe keys) and the records already marked as
// duplicates of pm. It compares at most maxDupCandidates records, the
// first by id, so that the outcome does not depend on record numbering.
func (ix *Index) dupCandidates(ctx context.Context, dr *dupReader, pm data.Postmortem) (cands, ownDups []data.Postmortem, err error) {
	if dr.empty() {
		return nil, nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
	}
	found, err := dr.sharing(pm.ID, dedupeKeys(ix.companies, pm))
	if err != nil {
		return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
	}
	for _, f := range found {
		stored, err := loadRecord(dr.r, f.num)
		if err != nil {
			return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
		}
		rec, err := decodeRecord(stored.id, stored.raw)
		if err != nil {
			return nil, nil, err
		}
		switch stored.dupOf {
		case pm.ID:
			ownDups = append(ownDups, rec)
		case "":
			cands = append(cands, rec)
		}
	}
	return cands, ownDups, nil
}

// sharedRecord is a record number with its id.
type sharedRecord struct {
	num uint32
	id  string
}

// sharing returns the records, other than id itself, whose dup_of is id
// or that hold one of keys as a dup_key: the first maxDupCandidates by id.
func (dr *dupReader) sharing(id string, keys []string) ([]sharedRecord, error) {
	var nums []uint64
	add := func(field, term string) error {
		tp, err := dr.v.lookup(field, []byte(term))
		if err != nil {
			return err
		}
		for i, pl := range tp.lists {
			it := pl.Iterator(false, false, false, nil)
			for {
				p, err := it.Next()
				if err != nil {
					return err
				}
				if p == nil {
					break
				}
				nums = append(nums, tp.offs[i]+p.Number())
			}
		}
		return nil
	}
	if err := add(fDupOf, id); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if err := add(fDupKey, k); err != nil {
			return nil, err
		}
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	out := make([]sharedRecord, 0, len(nums))
	for _, n := range nums {
		other, err := dr.r.ExternalID(bindex.NewIndexInternalID(nil, n))
		if err != nil {
			return nil, err
		}
		if other != id {
			out = append(out, sharedRecord{num: uint32(n), id: other})
		}
	}
	slices.SortFunc(out, func(a, b sharedRecord) int { return strings.Compare(a.id, b.id) })
	return out[:min(len(out), maxDupCandidates)], nil
}
