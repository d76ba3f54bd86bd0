// Package document turns the index's field maps into bleve documents.
//
// Text fields are analysed by index/analyze, all the values of a field in
// one pass; keyword fields hold all their values in one field; the other
// fields go through bleve's mapping. The index it builds is the one bleve's
// mapping alone would build, term for term and position for position, at
// about half the cost (index's TestDocBuilder holds the two together).
package document

import (
	"fmt"
	"sync"
	"unsafe"

	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/index/analyze"
)

// Config names what a Builder analyses itself.
type Config struct {
	// Text are the text fields it analyses, each mapped to one field.
	Text []string
	// Keyword are the analyzers that keep a value whole (bleve's keyword
	// analyzer, a lower-casing one): the fields they analyse, indexed
	// and neither stored nor with term vectors or doc values, hold all
	// their values in one field.
	Keyword []string
	// Kinds says which analyzers have a fast path, by name; others are
	// analyze.Other.
	Kinds map[string]analyze.Kind
	// Lengths names a keyword field that receives, for each text field a
	// record holds, "field:length" (its length in tokens, as the postings
	// hold it), or "" for none: a search reads every record's lengths
	// from it at the cost of one posting each.
	Lengths string
}

// Builder turns field maps into bleve documents. It is safe for
// concurrent use.
type Builder struct {
	m         mapping.IndexMapping
	specs     []textSpec
	keywords  []keywordSpec
	kinds     map[string]analyze.Kind
	analyzers map[string]*analyze.Analyzer // by the mapping's analyzer name
	arenas    sync.Pool                    // of *arena, one per analysing goroutine
	lengths   *keywordSpec                 // Config.Lengths, nil for none
}

// textSpec is how one text field is analysed.
type textSpec struct {
	name string
	an   *analyze.Analyzer
	opts bindex.FieldIndexingOptions
}

// New reads from m the analyzer and options of each field cfg names.
func New(m *mapping.IndexMappingImpl, cfg Config) (*Builder, error) {
	db := &Builder{m: m, kinds: cfg.Kinds, analyzers: map[string]*analyze.Analyzer{}}
	db.arenas.New = func() any { return &arena{} }
	for _, name := range cfg.Text {
		dm := m.DefaultMapping.Properties[name]
		if dm == nil || len(dm.Fields) != 1 {
			return nil, fmt.Errorf("document: mapping has no single field %q", name)
		}
		fm := dm.Fields[0]
		an, err := db.analyzer(fm.Analyzer)
		if err != nil {
			return nil, fmt.Errorf("document: field %q: %w", name, err)
		}
		db.specs = append(db.specs, textSpec{name: name, an: an, opts: fm.Options()})
	}
	kws, err := keywordSpecs(m, cfg.Keyword)
	if err != nil {
		return nil, err
	}
	for _, k := range kws {
		if k.name == cfg.Lengths {
			db.lengths = &k
		} else {
			db.keywords = append(db.keywords, k)
		}
	}
	if cfg.Lengths != "" && db.lengths == nil {
		return nil, fmt.Errorf("document: mapping has no keyword field %q for lengths", cfg.Lengths)
	}
	return db, nil
}

// Analyzer returns the fast analyzer of the mapping's analyzer name, or
// nil when no text field uses it.
func (db *Builder) Analyzer(name string) *analyze.Analyzer { return db.analyzers[name] }

// analyzer returns the fast analyzer standing for the mapping's analyzer
// name, one per name.
func (db *Builder) analyzer(name string) (*analyze.Analyzer, error) {
	if an, ok := db.analyzers[name]; ok {
		return an, nil
	}
	slow := db.m.AnalyzerNamed(name)
	if slow == nil {
		return nil, fmt.Errorf("unknown analyzer %q", name)
	}
	an, err := analyze.New(slow, db.kinds[name])
	if err != nil {
		return nil, err
	}
	db.analyzers[name] = an
	return an, nil
}

// Build makes the bleve document of record id from its fields d (taken
// over: the text and keyword fields are removed from it).
func (db *Builder) Build(id string, d map[string]any) (*bdoc.Document, error) {
	var own []bdoc.Field
	var texts []*textValues
	for _, s := range db.specs {
		vs, array, ok, err := takeValues(d, id, s.name)
		if err != nil {
			return nil, err
		}
		if ok {
			tv := &textValues{fieldValues: fieldValues{name: s.name, values: vs, opts: s.opts}, arrays: array, an: s.an, arenas: &db.arenas}
			own = append(own, tv)
			texts = append(texts, tv)
		}
	}
	for _, s := range db.keywords {
		vs, _, ok, err := takeValues(d, id, s.name)
		if err != nil {
			return nil, err
		}
		if ok {
			own = append(own, &keywordValues{fieldValues: fieldValues{name: s.name, values: vs, opts: s.opts}, an: s.an})
		}
	}
	doc := bdoc.NewDocument(id)
	if err := db.m.MapDocument(doc, d); err != nil {
		return nil, fmt.Errorf("document: record %s: %w", id, err)
	}
	if db.lengths != nil && len(texts) > 0 {
		// Last: scorch analyses a document's fields in order, so the
		// text fields have their lengths when this one is analysed.
		own = append(own, &lengthValues{fieldValues: fieldValues{name: db.lengths.name, opts: db.lengths.opts}, texts: texts})
	}
	for _, f := range own {
		doc.AddField(f)
	}
	return doc, nil
}

// takeValues removes field name from d and returns its values, whether
// they were a list (array values), and whether d had the field.
func takeValues(d map[string]any, id, name string) (values []string, array, ok bool, err error) {
	switch v := d[name].(type) {
	case nil:
		return nil, false, false, nil
	case string:
		values = []string{v}
	case []string:
		values, array = v, true
	default:
		return nil, false, false, fmt.Errorf("document: record %s: field %s holds a %T", id, name, v)
	}
	delete(d, name)
	return values, array, true, nil
}

// fieldValues is what the fields a Builder makes share: all of a
// record's values for one field name, and once analysed, their tokens.
type fieldValues struct {
	name   string
	values []string
	opts   bindex.FieldIndexingOptions
	length int
	freqs  bindex.TokenFrequencies
}

func (f *fieldValues) Name() string                         { return f.name }
func (f *fieldValues) ArrayPositions() []uint64             { return nil }
func (f *fieldValues) Options() bindex.FieldIndexingOptions { return f.opts }
func (f *fieldValues) Value() []byte                        { return nil } // never stored
func (f *fieldValues) EncodedFieldType() byte               { return textFieldType }
func (f *fieldValues) AnalyzedLength() int                  { return f.length }
func (f *fieldValues) AnalyzedTokenFrequencies() bindex.TokenFrequencies {
	return f.freqs
}

// textFieldType is how scorch encodes a text field's type, taken from
// bleve's own text field rather than written here.
var textFieldType = bdoc.NewTextField("", nil, nil).EncodedFieldType()

func (f *fieldValues) NumPlainTextBytes() uint64 {
	n := 0
	for _, v := range f.values {
		n += len(v)
	}
	return uint64(n)
}

// textValues is a text field with all its values, analysed together: where
// bleve's mapping makes one field per value, each with its own token map
// that the segment builder merges again.
type textValues struct {
	fieldValues
	arrays bool // the values are array elements: each token records its index
	an     *analyze.Analyzer
	arenas *sync.Pool // of *arena
	size   int        // the memory freqs holds, as bleve's TokenFrequencies.Size counts it
}

// Size estimates the memory the field holds, as bleve's fields do. Scorch
// asks for it once per document; Analyze counts it, where walking every
// token's location again cost 3% of a bulk load.
func (f *textValues) Size() int {
	return 64 + len(f.name) + int(f.NumPlainTextBytes()) + f.size
}

// Sizes of what token frequencies hold, for Size: a map entry is a string
// header and a pointer.
const (
	sizeOfTokenFreq     = int(unsafe.Sizeof(bindex.TokenFreq{}))
	sizeOfTokenLocation = int(unsafe.Sizeof(bindex.TokenLocation{}))
	sizeOfMapEntry      = int(unsafe.Sizeof("") + unsafe.Sizeof(uintptr(0)))
	sizeOfMap           = 8
)

// Analyze builds the field's token frequencies, with each token's
// position, offsets and value index when the field keeps term vectors. A
// first pass counts each term's tokens into scratch space; the memory kept
// is then cut from an arena's large blocks, each term getting its share of
// one slice of location pointers.
func (f *textValues) Analyze() {
	vectors, counts := f.opts.IncludeTermVectors(), !f.opts.SkipFreqNorm()
	size := int(f.NumPlainTextBytes())
	f.freqs = make(bindex.TokenFrequencies, size/10+4)
	f.length = 0
	a := f.arenas.Get().(*arena)
	defer f.arenas.Put(a)
	var idx []uint64
	if f.arrays {
		idx = a.positions(len(f.values))
		for i := range idx {
			idx[i] = uint64(i)
		}
	}
	var terms []*bindex.TokenFreq // in order of first appearance
	owner, locs := a.owner[:0], a.locs[:0]
	for i, v := range f.values {
		var ap []uint64
		if f.arrays {
			ap = idx[i : i+1 : i+1]
		}
		f.an.Tokens(v, func(t analyze.Token) {
			f.length++
			tf := f.freqs[t.Term]
			if tf == nil {
				tf = a.freq()
				tf.Term = t.Bytes
				f.freqs[t.Term] = tf
				terms = append(terms, tf)
			}
			tf.SetFrequency(tf.Frequency() + 1)
			if vectors {
				owner = append(owner, tf)
				locs = append(locs, bindex.TokenLocation{ArrayPositions: ap, Start: t.Start, End: t.End, Position: t.Pos})
			}
		})
	}
	if vectors {
		kept, ptrs := a.locations(len(locs)), a.pointers(len(locs))
		copy(kept, locs)
		off := 0
		for _, tf := range terms {
			n := tf.Frequency()
			tf.Locations = ptrs[off : off : off+n]
			off += n
		}
		for i, tf := range owner {
			tf.Locations = append(tf.Locations, &kept[i])
		}
	}
	if !counts {
		for _, tf := range terms {
			tf.SetFrequency(0)
		}
	}
	f.size = sizeOfMap + len(terms)*(sizeOfMapEntry+sizeOfTokenFreq)
	for _, tf := range terms {
		f.size += 2 * len(tf.Term) // the map key and the term
	}
	f.size += len(locs) * sizeOfTokenLocation
	if f.arrays {
		f.size += len(locs) * 8 // each location's array position
	}
	clear(owner)
	a.owner, a.locs = owner[:0], locs[:0]
}

// arena hands out the memory analysed fields keep (until their batch is
// indexed) in slices of large blocks: one allocation per block instead of
// several per field, and blocks above 32 KB skip the per-object pointer
// bitmaps small allocations pay for. It also keeps the scratch space of
// Analyze's first pass. One goroutine uses an arena at a time.
type arena struct {
	owner []*bindex.TokenFreq    // scratch: each token's term
	locs  []bindex.TokenLocation // scratch: each token's location

	blockLocs  []bindex.TokenLocation
	blockPtrs  []*bindex.TokenLocation
	blockFreqs []bindex.TokenFreq
	blockPos   []uint64
}

// arenaBlock is how many elements a block holds, at least.
const arenaBlock = 1024

func (a *arena) locations(n int) []bindex.TokenLocation { return cut(&a.blockLocs, n) }
func (a *arena) pointers(n int) []*bindex.TokenLocation { return cut(&a.blockPtrs, n) }
func (a *arena) positions(n int) []uint64               { return cut(&a.blockPos, n) }
func (a *arena) freq() *bindex.TokenFreq                { return &cut(&a.blockFreqs, 1)[0] }

// cut returns the next n elements of *block, starting a new block when too
// few are left. A block's elements are never handed out twice.
func cut[T any](block *[]T, n int) []T {
	b := *block
	if cap(b)-len(b) < n {
		b = make([]T, 0, max(n, arenaBlock))
	}
	l := len(b)
	*block = b[:l+n]
	return b[l : l+n : l+n]
}
