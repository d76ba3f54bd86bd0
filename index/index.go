// Package index is pmkb's search index and store of records.
//
// It offers Open, Put, Get, Each, Search with facets, Similar, Random,
// Stats, dedupe and zero-downtime Reindex over one bleve index, whose
// mapping it owns. Each record's full JSON is kept in the index, so Get
// and Each return exactly what was Put. Searches are validated and planned
// here and scored by index/engine, which reads the index's segments
// through index/segment.
package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/document"
	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/segment"
)

// DefaultBatchSize is the BatchSize of Options that leave it at 0.
const DefaultBatchSize = 1250

// Options configure an Index.
type Options struct {
	// Path is the directory the index lives in; it is created when missing.
	// "" keeps the index in memory (tests, evaluation).
	Path string
	// Logger receives the index's logs; nil means slog.Default().
	Logger *slog.Logger
	// Glossary is the query vocabulary (see glossaryLeaves); nil means
	// data.DefaultGlossary(). Set NoGlossary to search without any.
	Glossary   *data.Glossary
	NoGlossary bool
	// QueryTagger, when set, tags pasted text and long queries with the
	// taxonomy's categories, which "like mine" counts as the text's
	// categories. (A short query's categories come from the glossary
	// alone: the rules are written for sentences, and cost milliseconds
	// a call.)
	QueryTagger QueryTagger
	// Companies normalises company names (facet values, filters, dedupe);
	// the zero value means data.DefaultCompanies().
	Companies data.Companies
	// Scoring is ScoringBM25 (the default) or ScoringTFIDF: how searches
	// weigh the terms they find (see ScoringBM25). It applies to every
	// search, whatever model the index was built with.
	Scoring string
	// ReadOnly opens an existing on-disk index without writing anything
	// under Path: writes, Reindex and Compact fail with ErrReadOnly, and an
	// index built by another mapping version is an error instead of being
	// rebuilt.
	ReadOnly bool
	// BatchSize is the most records PutBatch and Reindex send to bleve at
	// once (each batch becomes a segment); 0 means DefaultBatchSize. It
	// bounds the memory a bulk load holds (the analysed records of one
	// batch per core): 1,250 indexed faster than 2,500 and 800 in new
	// processes with cmd/pmkb's GOGC=200, as a smaller heap means fewer
	// pages to fault in, and it spreads evenly over the cores.
	BatchSize int
}

// QueryTagger tags text with taxonomy slugs, as the extractor's rules tag
// a sentence of a post (cmd/pmkb wires crawler/extract, which index does
// not import). lang is "en" or "fr".
type QueryTagger interface {
	Tag(text, lang string) []string
}

// Index is a searchable store of post-mortems. It is safe for concurrent
// use. Searches go through a bleve IndexAlias, so Reindex can swap in a new
// index while searches run.
type Index struct {
	opts Options
	log  *slog.Logger
	gl   *data.Glossary // nil: none
	// companies is the company alias table; techs maps every lower-cased
	// spelling of a gazetteer technology to its lower-cased name.
	companies data.Companies
	techs     map[string]string
	spot      *data.TechSpotter // finds the gazetteer's technologies in pasted text
	sigs      *data.TechSpotter // finds them by their signatures (error messages)
	slugs     []string          // the category slugs filters accept (taxonomySlugs)
	docs      *document.Builder // turns records into bleve documents
	eng       *engine.Engine    // scores searches; keeps the live snapshot's columns
	alias     bleve.IndexAlias

	mu      sync.Mutex   // serialises writes, Reindex and Close
	swapMu  sync.RWMutex // held for writing while the live index is swapped
	live    bleve.Index
	store   *diskStore // nil for an in-memory index
	pending pendingSet // ids written during a reindex, replayed before the swap
	cache   browseCache
	memo    tokenMemo // tokens of the glossary's terms, analysed once
	// afterCopy, when set (tests only), runs between a reindex's copy and
	// its swap, where writes must be replayed.
	afterCopy func()
	closed    bool
	// failed is the first write the storage engine failed; it refuses
	// every later write (noteFailure).
	failed error
}

// Open opens the index at opts.Path, creating it when it does not exist,
// or an in-memory index when opts.Path is "". An on-disk index built by an
// older mapping is rebuilt from its stored records before Open returns.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	m, err := newMapping(opts.Scoring)
	if err != nil {
		return nil, err
	}
	docs, err := newDocBuilder(m)
	if err != nil {
		return nil, err
	}
	ix := &Index{opts: opts, log: opts.Logger, docs: docs, eng: engine.New(schema(), scoringModel(opts.Scoring), runtime.GOMAXPROCS(0))}
	if err := ix.loadGlossary(); err != nil {
		return nil, fmt.Errorf("index: open: %w", err)
	}
	if err := ix.loadNames(); err != nil {
		return nil, fmt.Errorf("index: open: %w", err)
	}
	ix.slugs = taxonomySlugs(ix.log)
	if opts.Path == "" {
		if opts.ReadOnly {
			return nil, errors.New("index: open: a read-only index must be on disk")
		}
		b, err := ix.newBleve("")
		if err != nil {
			return nil, err
		}
		ix.live = b
		ix.alias = bleve.NewIndexAlias(b)
		return ix, nil
	}
	if opts.ReadOnly {
		st, b, err := openDiskReadOnly(opts.Path)
		if err != nil {
			return nil, err
		}
		ix.store, ix.live, ix.alias = st, b, bleve.NewIndexAlias(b)
		return ix, nil
	}
	st, b, stale, err := openDisk(opts.Path, ix.newBleve, ix.log)
	if err != nil {
		return nil, err
	}
	ix.store, ix.live, ix.alias = st, b, bleve.NewIndexAlias(b)
	if stale {
		ix.log.Info("index built by another mapping version; rebuilding", slog.String("path", opts.Path))
		if err := ix.Reindex(ctx); err != nil {
			_ = ix.Close()
			return nil, fmt.Errorf("index: open: rebuild: %w", err)
		}
	}
	return ix, nil
}

// newBleve creates an empty bleve index with the current mapping, in memory
// when dir is "".
func (ix *Index) newBleve(dir string) (bleve.Index, error) {
	m, err := newMapping(ix.opts.Scoring)
	if err != nil {
		return nil, err
	}
	b, err := segment.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("index: create %q: %w", dir, err)
	}
	if err := b.SetInternal([]byte(internalVersionKey), []byte(mappingVersion)); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("index: create %q: %w", dir, err)
	}
	return b, nil
}

// Close closes the index. Searches after Close fail.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	ix.swapMu.Lock()
	ix.eng.Release()
	ix.swapMu.Unlock()
	err := ix.alias.Close()
	if cerr := ix.live.Close(); cerr != nil && !errors.Is(cerr, bleve.ErrorIndexClosed) {
		err = errors.Join(err, cerr)
	}
	if err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// Count returns how many records the index holds, duplicates included.
func (ix *Index) Count(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := ix.alias.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}

// Get returns the record with the given id, or ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (data.Postmortem, error) {
	if err := ctx.Err(); err != nil {
		return data.Postmortem{}, err
	}
	if id == "" {
		return data.Postmortem{}, ErrNotFound
	}
	doc, err := ix.alias.Document(id)
	if err != nil {
		return data.Postmortem{}, fmt.Errorf("index: get %s: %w", id, err)
	}
	if doc == nil {
		return data.Postmortem{}, fmt.Errorf("index: get %s: %w", id, ErrNotFound)
	}
	var raw []byte
	doc.VisitFields(func(f bleveField) {
		if f.Name() == fRecord {
			raw = f.Value()
		}
	})
	if raw == nil {
		return data.Postmortem{}, fmt.Errorf("index: get %s: %w", id, ErrNotFound)
	}
	return decodeRecord(id, raw)
}

// taxonomySlugs returns the category slugs filters accept: the contract's
// (data.Slugs) and any the embedded taxonomy adds, or the contract's alone
// when the taxonomy cannot be read.
func taxonomySlugs(log *slog.Logger) []string {
	t, err := data.DefaultTaxonomy()
	if err != nil {
		log.Warn("cannot read the taxonomy; using the contract's category slugs", slog.Any("error", err))
		return data.Slugs
	}
	out := append([]string(nil), data.Slugs...)
	for _, c := range t.Categories {
		if !slices.Contains(out, c.Slug) {
			out = append(out, c.Slug)
		}
	}
	return out
}
