// Package engine scores pmkb's searches term at a time over one index snapshot.
//
// Each leaf of a query adds its share of the score to an array indexed by
// record number; filters are bitsets and facet values columns, both built
// once per snapshot; the best matches are kept in a heap. It reads postings
// through index/segment and runs bleve's own searchers only for the leaves
// and filters that are not a single term.
package engine

import (
	"context"
	"errors"

	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/index/segment"
)

// MaxClauses is how many text clauses a search may have: each is a bit of
// a uint64 mask whose top bit marks the records touched.
const MaxClauses = 63

// ErrTooManyTerms is returned when a leaf bleve runs (a prefix or fuzzy
// word) expands to more terms than the context's
// search.MaxTermSearchersKey allows.
var ErrTooManyTerms = errors.New("engine: a leaf expands to too many terms")

// Facet is a field whose values searches count.
type Facet struct {
	Name  string
	Field string // a keyword field: one term per value
	Size  int    // how many values a search lists
}

// Schema is what the engine reads from every snapshot into columns.
type Schema struct {
	Facets   []Facet  // in the order Collection.Facets lists them
	DayField string   // keyword field of each record's sort day, YYYY-MM-DD
	Hidden   bq.Query // records no search returns (duplicates)
	// Lengths is a keyword field holding, for each text field a record
	// has, "field:length" (its length in tokens): what BM25 normalises
	// by. "" reads no lengths.
	Lengths string
}

// Filter is a set of records as a bleve query, with the key its set is
// cached under for a snapshot.
type Filter struct {
	Key   string
	Query bq.Query
}

// Match is a record number and its score; from Similar, also the clauses
// the record holds (bit i for clause i).
type Match struct {
	Doc   uint32
	Score float64
	Held  uint64
}

// FacetValue is one value of a facet and how many matches carry it.
type FacetValue struct {
	Value string
	Count int
}

// Engine runs searches over snapshots of one index. It keeps the columns
// and filters of the latest snapshot it saw, and reuses the score arrays
// of finished searches. It is safe for concurrent use.
type Engine struct {
	schema Schema
	model  Model
	snaps  snapshotCache
	accs   accumulatorPool
}

// New returns an engine reading schema's fields and scoring with model,
// keeping up to pool score arrays between searches (one per core is
// enough).
func New(schema Schema, model Model, pool int) *Engine {
	return &Engine{schema: schema, model: model, accs: newAccumulatorPool(pool)}
}

// columnsFor returns the columns of snap.
func (e *Engine) columnsFor(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping) (*columns, error) {
	return e.snaps.columnsFor(ctx, snap, m, e.schema)
}

// Warm builds the columns of snap, so that the next search on it does not
// wait for them: about half a second at 100k records.
func (e *Engine) Warm(ctx context.Context, snap *segment.Snapshot, m mapping.IndexMapping) error {
	_, err := e.columnsFor(ctx, snap, m)
	return err
}

// Release drops the cached columns and the snapshot they came from; a
// reindex calls it before closing the index the snapshot belongs to.
func (e *Engine) Release() { e.snaps.release() }
