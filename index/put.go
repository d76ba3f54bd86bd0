package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/dedupe"
	"github.com/pmkb/pmkb/index/internal/parallel"
	"github.com/pmkb/pmkb/index/segment"
)

// pendingSet holds the ids written while a reindex runs; nil when none runs.
type pendingSet map[string]struct{}

// Put stores pm, replacing any record with the same id. Callers that want
// to keep what an older version knew merge first (data.Merge). A record
// whose company, date and title match another record's is kept but marked as
// its duplicate, so searches show the incident once.
func (ix *Index) Put(ctx context.Context, pm data.Postmortem) error {
	return ix.PutBatch(ctx, []data.Postmortem{pm})
}

// PutBatch stores many records at once, much faster than one Put each.
// Either every record is valid and all are written, or none is: a record
// without an id fails the whole call before anything is written.
func (ix *Index) PutBatch(ctx context.Context, pms []data.Postmortem) error {
	for i, pm := range pms {
		if pm.ID == "" {
			return fmt.Errorf("index: put: record %d (%q) has no id", i, pm.URL)
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return fmt.Errorf("index: put: %w", bleve.ErrorIndexClosed)
	}
	if ix.opts.ReadOnly {
		return fmt.Errorf("index: put: %w", ErrReadOnly)
	}
	if ix.failed != nil {
		return ix.failedError("put")
	}
	if len(pms) >= bulkRelease && ix.store != nil {
		defer segment.Releasing(releaseEvery)()
	}
	for start := 0; start < len(pms); start += planChunk {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index: put: %w", err)
		}
		end := min(start+planChunk, len(pms))
		err := ix.writeBatch(ctx, ix.live, pms[start:end])
		ix.cache.bump()
		if err != nil {
			ix.noteFailure(err)
			return err
		}
		if ix.pending != nil {
			for _, pm := range pms[start:end] {
				ix.pending[pm.ID] = struct{}{}
			}
		}
	}
	return nil
}

// bulkRelease is the size from which a PutBatch is a bulk write, which
// drops its mappings of segment pages as it goes (segment.Releasing) so
// that the pages it reads back do not pile up in resident memory; smaller
// writes (a crawl's) leave them to the searches that share them.
const bulkRelease = 1000

// releaseEvery is how often a bulk write or a merge releases them.
const releaseEvery = 500 * time.Millisecond

// planChunk is how many records PutBatch and Reindex plan duplicates for
// at once; they are then written as several bleve batches, some at once.
const planChunk = 20_000

// writeBatch indexes records into b: duplicates are planned over all of
// them, then the records are cut into bleve batches of at most BatchSize,
// as few as that allows but at least one per core, written GOMAXPROCS at
// a time (scorch builds a batch's segment in the caller, so batches written
// together use every core). Few large batches cost less than many small
// ones: each becomes a segment, and segments are merged again later. The
// caller holds ix.mu.
func (ix *Index) writeBatch(ctx context.Context, b bleve.Index, pms []data.Postmortem) error {
	plan, err := ix.planDuplicates(ctx, b, pms)
	if err != nil {
		return err
	}
	var chunks [][]string
	size := chunkSize(len(plan.Order), ix.opts.BatchSize, runtime.GOMAXPROCS(0))
	for start := 0; start < len(plan.Order); start += size {
		chunks = append(chunks, plan.Order[start:min(start+size, len(plan.Order))])
	}
	return parallel.OnAllCores(len(chunks), func(i int) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index: put: %w", err)
		}
		return ix.writeChunk(b, plan, chunks[i])
	})
}

// chunkSize is the size of the batches n records are cut into: at most most,
// and small enough that each of procs cores gets one.
func chunkSize(n, most, procs int) int {
	batches := (n + most - 1) / most
	batches = (batches + procs - 1) / procs * procs // a multiple of procs: no core idles at the end
	return max(1, (n+batches-1)/max(batches, 1))
}

// writeChunk writes the planned records ids as one bleve batch.
func (ix *Index) writeChunk(b bleve.Index, plan dedupe.Plan, ids []string) error {
	batch := b.NewBatch()
	for _, id := range ids {
		r := plan.Roles[id]
		// One name per company everywhere: the record shows the name its
		// facet counts it under (data/companies.yaml), not "Amazon" on a
		// card under an "AWS" facet.
		r.Rec.Company = ix.companies.Canonical(r.Rec.Company)
		raw, err := json.Marshal(r.Rec)
		if err != nil {
			return fmt.Errorf("index: put %s: encode: %w", id, err)
		}
		doc, err := ix.docs.Build(id, buildDoc(ix.companies, r.Rec, raw, r.DupOf, r.Dups))
		if err != nil {
			return fmt.Errorf("index: put %s: %w", id, err)
		}
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index: put %s: %w", id, err)
		}
	}
	if err := segment.Batch(b, batch); err != nil {
		return fmt.Errorf("index: put batch of %d: %w", len(ids), err)
	}
	return nil
}

// noteFailure remembers a write the storage engine failed (a full disk):
// every later write fails at once, with that cause, instead of reaching a
// scorch index that may hold a closed segment. The caller holds ix.mu.
func (ix *Index) noteFailure(err error) {
	if ix.failed == nil && errors.Is(err, segment.ErrWriteFailed) {
		ix.failed = err
	}
}

// failedError is the error of a write refused after noteFailure.
func (ix *Index) failedError(op string) error {
	return fmt.Errorf("index: %s: refused after a failed write (reopen the index): %w", op, ix.failed)
}

// Each calls fn for every record, duplicates included, in order of id. It
// stops at the first error fn returns and returns it. Records written after
// Each started may be left out.
func (ix *Index) Each(ctx context.Context, fn func(data.Postmortem) error) error {
	ids, err := ix.allIDs(ctx)
	if err != nil {
		return fmt.Errorf("index: each: %w", err)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		pm, err := ix.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(pm); err != nil {
			return err
		}
	}
	return nil
}

// allIDs returns the id of every record of the live index, sorted. Walking
// ids and loading each record costs time linear in the index size, where
// paging a search sorted by id would cost quadratic time.
func (ix *Index) allIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := ix.withReader(ctx, func(snap *segment.Snapshot) error {
		r := snap.Reader()
		dr, err := r.DocIDReaderAll()
		if err != nil {
			return err
		}
		defer dr.Close()
		for {
			iid, err := dr.Next()
			if err != nil {
				return err
			}
			if iid == nil {
				return nil
			}
			id, err := r.ExternalID(iid)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
	})
	sort.Strings(ids)
	return ids, err
}

// sortedIDs returns the keys of a set in order.
func sortedIDs(s pendingSet) []string {
	out := make([]string, 0, len(s))
	for id := range s {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
