package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
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
	for start := 0; start < len(pms); start += planChunk {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index: put: %w", err)
		}
		end := min(start+planChunk, len(pms))
		err := ix.writeBatch(ctx, ix.live, pms[start:end])
		ix.cache.bump()
		if err != nil {
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

// planChunk is how many records PutBatch plans duplicates for at once; it
// then writes them as several bleve batches of BatchSize, some at once.
const planChunk = 20_000

// writeBatch indexes records into b: duplicates are planned over all of
// them, then bleve batches of BatchSize are built and written by up to
// GOMAXPROCS goroutines (scorch builds each batch's segment in the caller,
// so batches written together use every core). The caller holds ix.mu.
func (ix *Index) writeBatch(ctx context.Context, b bleve.Index, pms []data.Postmortem) error {
	plan, err := ix.planDuplicates(ctx, b, pms)
	if err != nil {
		return err
	}
	var chunks [][]string
	for start := 0; start < len(plan.order); start += ix.opts.BatchSize {
		chunks = append(chunks, plan.order[start:min(start+ix.opts.BatchSize, len(plan.order))])
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, ids := range chunks {
		slots <- struct{}{}
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			<-slots
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			err := ctx.Err()
			if err == nil {
				err = ix.writeChunk(b, plan, ids)
			} else {
				err = fmt.Errorf("index: put: %w", err)
			}
			if err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

// writeChunk writes the planned records ids as one bleve batch.
func (ix *Index) writeChunk(b bleve.Index, plan dupPlan, ids []string) error {
	batch := b.NewBatch()
	for _, id := range ids {
		r := plan.roles[id]
		raw, err := json.Marshal(r.rec)
		if err != nil {
			return fmt.Errorf("index: put %s: encode: %w", id, err)
		}
		if err := batch.Index(id, buildDoc(ix.companies, r.rec, raw, r.dupOf, r.dups)); err != nil {
			return fmt.Errorf("index: put %s: %w", id, err)
		}
	}
	if err := b.Batch(batch); err != nil {
		return fmt.Errorf("index: put batch of %d: %w", len(ids), err)
	}
	return nil
}

// Each calls fn for every record, duplicates included, in order of id. It
// stops at the first error fn returns and returns it. Records written after
// Each started may be left out.
func (ix *Index) Each(ctx context.Context, fn func(data.Postmortem) error) error {
	ids, err := ix.allIDs()
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
func (ix *Index) allIDs() ([]string, error) {
	var ids []string
	err := ix.withReader(func(r bindex.IndexReader) error {
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

// recordOf decodes the stored record of a search hit.
func recordOf(h *search.DocumentMatch) (data.Postmortem, error) {
	raw, ok := h.Fields[fRecord].(string)
	if !ok {
		return data.Postmortem{}, fmt.Errorf("index: record %s: %w", h.ID, errNoRecord)
	}
	return decodeRecord(h.ID, []byte(raw))
}

var errNoRecord = errors.New("stored record missing")

// sortedIDs returns the keys of a set in order.
func sortedIDs(s pendingSet) []string {
	out := make([]string, 0, len(s))
	for id := range s {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
