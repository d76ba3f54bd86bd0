package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/dedupe"
	"github.com/pmkb/pmkb/index/segment"
)

// dupReader finds, in one snapshot of an index, the records that share a
// dedupe key with a record or are marked as its duplicates. It reads the
// dup_key and dup_of postings directly, a term lookup per key: a bleve
// search per record cost a bulk load a sixth of its time and grew with the
// index. A dupReader is safe for concurrent use.
type dupReader struct {
	r    bindex.IndexReader
	snap *segment.Snapshot
	n    uint64         // records in the snapshot
	co   data.Companies // for the dedupe keys

	mu    sync.Mutex
	recs  map[uint32]storedRecord   // decoded records by number, at most maxCachedRecords
	keys  map[string][]sharedRecord // holding's answers by field and term, at most maxCachedKeys
	dicts sync.Pool                 // of *segment.Dicts, one per looking-up goroutine
}

// storedRecord is a record of the snapshot and the id of the record it
// duplicates ("" for a primary).
type storedRecord struct {
	rec   data.Postmortem
	dupOf string
}

// maxCachedRecords bounds the records a dupReader keeps decoded. Records
// sharing a key (one company's posts on one day, one host's posts under a
// common slug) are looked up again for each of them; decoding them once
// cut a 100k-record load's dedupe time by half.
const maxCachedRecords = 20_000

// maxCachedKeys bounds the dedupe keys a dupReader keeps the answer of
// (at most dedupe.MaxCandidates+1 records each, most hold one or none).
const maxCachedKeys = 100_000

// openDupReader opens a reader of b's current snapshot; close releases it.
func openDupReader(b bleve.Index, co data.Companies) (*dupReader, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	snap, err := segment.Of(r)
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("index: dedupe: %w", err)
	}
	dr := &dupReader{r: r, snap: snap, n: n, co: co, recs: map[uint32]storedRecord{}, keys: map[string][]sharedRecord{}}
	dr.dicts.New = func() any { return snap.Dicts() }
	return dr, nil
}

// Empty reports whether the snapshot holds no record.
func (dr *dupReader) Empty() bool { return dr.n == 0 }

func (dr *dupReader) close() { _ = dr.r.Close() }

// Candidates returns the primaries in dr that pm could duplicate (those
// sharing one of its dedupe keys) and the records already marked as
// duplicates of pm: at most dedupe.MaxCandidates records, the first by id,
// so that the outcome does not depend on record numbering.
func (dr *dupReader) Candidates(ctx context.Context, pm data.Postmortem) (cands, ownDups []data.Postmortem, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
	}
	found, err := dr.sharing(ctx, pm.ID, dedupe.Keys(dr.co, pm))
	if err != nil {
		return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
	}
	for _, f := range found {
		stored, err := dr.record(f.num)
		if err != nil {
			return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
		}
		switch stored.dupOf {
		case pm.ID:
			ownDups = append(ownDups, stored.rec)
		case "":
			cands = append(cands, stored.rec)
		}
	}
	return cands, ownDups, nil
}

// record returns record number num, decoded. Callers share what it
// returns and must not change it.
func (dr *dupReader) record(num uint32) (storedRecord, error) {
	dr.mu.Lock()
	s, ok := dr.recs[num]
	dr.mu.Unlock()
	if ok {
		return s, nil
	}
	raw, err := loadRecord(dr.snap, num)
	if err != nil {
		return storedRecord{}, err
	}
	rec, err := decodeRecord(raw.id, raw.raw)
	if err != nil {
		return storedRecord{}, err
	}
	s = storedRecord{rec: rec, dupOf: raw.dupOf}
	dr.mu.Lock()
	if len(dr.recs) < maxCachedRecords {
		dr.recs[num] = s
	}
	dr.mu.Unlock()
	return s, nil
}

// sharedRecord is a record number with its id.
type sharedRecord struct {
	num uint32
	id  string
}

// sharing returns the records, other than id itself, whose dup_of is id
// or that hold one of keys as a dup_key: the first dedupe.MaxCandidates by id.
func (dr *dupReader) sharing(ctx context.Context, id string, keys []string) ([]sharedRecord, error) {
	all, err := dr.holding(ctx, fDupOf, id, false)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		recs, err := dr.holding(ctx, fDupKey, k, true)
		if err != nil {
			return nil, err
		}
		all = append(all, recs...)
	}
	all = slices.DeleteFunc(all, func(r sharedRecord) bool { return r.id == id })
	slices.SortFunc(all, func(a, b sharedRecord) int { return strings.Compare(a.id, b.id) })
	all = slices.CompactFunc(all, func(a, b sharedRecord) bool { return a.num == b.num })
	return all[:min(len(all), dedupe.MaxCandidates)], nil
}

// holding returns the records holding term in field: the first
// dedupe.MaxCandidates+1 by id, one more than sharing keeps since the record
// asking may be one of them, so that sharing's union of such lists starts
// with the same records as the union of the whole lists. Records sharing a
// key (one company's posts of a day) ask for it again and again; with
// cache set, the answer is kept for them.
func (dr *dupReader) holding(ctx context.Context, field, term string, cache bool) ([]sharedRecord, error) {
	key := field + "\x00" + term
	if cache {
		dr.mu.Lock()
		recs, ok := dr.keys[key]
		dr.mu.Unlock()
		if ok {
			return slices.Clone(recs), nil
		}
	}
	dicts := dr.dicts.Get().(*segment.Dicts)
	tp, err := dicts.Postings(field, []byte(term))
	dr.dicts.Put(dicts)
	if err != nil {
		return nil, err
	}
	var out []sharedRecord
	err = tp.DocsFrom(ctx, 0, func(ds []uint32) {
		for _, d := range ds {
			out = append(out, sharedRecord{num: d})
		}
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].id, err = dr.snap.ID(out[i].num); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b sharedRecord) int { return strings.Compare(a.id, b.id) })
	out = out[:min(len(out), dedupe.MaxCandidates+1)]
	if !cache {
		return out, nil
	}
	dr.mu.Lock()
	if len(dr.keys) < maxCachedKeys {
		dr.keys[key] = out
	}
	dr.mu.Unlock()
	return slices.Clone(out), nil // sharing changes what it gets
}

// planDuplicates groups each record of pms with the incident it belongs
// to, among the primaries of b and of the batch, and picks each group's
// primary (index/dedupe).
func (ix *Index) planDuplicates(ctx context.Context, b bleve.Index, pms []data.Postmortem) (dedupe.Plan, error) {
	dr, err := openDupReader(b, ix.companies)
	if err != nil {
		return dedupe.Plan{}, err
	}
	defer dr.close()
	return dedupe.NewPlan(ctx, ix.companies, dr, pms)
}
