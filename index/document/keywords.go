package document

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// keywordSpec is how one keyword field (facets, filters, dedupe keys) is
// analysed: each value by the mapping's analyzer, which keeps it whole.
type keywordSpec struct {
	name string
	an   analysis.Analyzer
	opts bindex.FieldIndexingOptions
}

// keywordSpecs reads from m the keyword fields a Builder builds itself:
// those analysed by one of the analyzers named (which keep a value whole),
// indexed, and neither stored nor with term vectors or doc values. Others
// go through the mapping.
func keywordSpecs(m *mapping.IndexMappingImpl, analyzers []string) ([]keywordSpec, error) {
	var specs []keywordSpec
	for name, dm := range m.DefaultMapping.Properties {
		if len(dm.Fields) != 1 {
			continue
		}
		fm := dm.Fields[0]
		opts := fm.Options()
		if fm.Type != "text" || !slices.Contains(analyzers, fm.Analyzer) ||
			!opts.IsIndexed() || opts.IsStored() || opts.IncludeTermVectors() || opts.IncludeDocValues() {
			continue
		}
		an := m.AnalyzerNamed(fm.Analyzer)
		if an == nil {
			return nil, fmt.Errorf("document: field %q: unknown analyzer %q", name, fm.Analyzer)
		}
		specs = append(specs, keywordSpec{name: name, an: an, opts: opts})
	}
	return specs, nil
}

// keywordValues is a keyword field with all its values in one field, where
// bleve's mapping makes one field, and one token map, per value: a record
// has a dozen such fields, and building them through the mapping cost
// more than their share of a bulk load, in time and memory.
type keywordValues struct {
	fieldValues
	an analysis.Analyzer
}

// Size estimates the memory the field holds, as bleve's fields do.
func (f *keywordValues) Size() int {
	n := 64 + len(f.name) + int(f.NumPlainTextBytes())
	if f.freqs != nil {
		n += f.freqs.Size()
	}
	return n
}

// Analyze counts each value's tokens (one, the value as the analyzer
// keeps it), as bleve's fields for the values together would.
func (f *keywordValues) Analyze() {
	f.freqs = make(bindex.TokenFrequencies, len(f.values))
	f.length = 0
	counts := !f.opts.SkipFreqNorm()
	for _, v := range f.values {
		for _, t := range f.an.Analyze([]byte(v)) {
			f.length++
			tf := f.freqs[string(t.Term)]
			if tf == nil {
				tf = &bindex.TokenFreq{Term: t.Term}
				f.freqs[string(t.Term)] = tf
			}
			if counts {
				tf.SetFrequency(tf.Frequency() + 1)
			}
		}
	}
}

// lengthValues is the keyword field of a record's text field lengths: a
// term "field:length" for each text field with tokens.
type lengthValues struct {
	fieldValues
	texts []*textValues
}

// Size estimates the memory the field holds, as bleve's fields do.
func (f *lengthValues) Size() int {
	n := 64 + len(f.name)
	if f.freqs != nil {
		n += f.freqs.Size()
	}
	return n
}

// Analyze makes one term per text field from its analysed length,
// analysing a text field first if scorch has not yet.
func (f *lengthValues) Analyze() {
	f.freqs = make(bindex.TokenFrequencies, len(f.texts))
	f.length = 0
	for _, t := range f.texts {
		if t.freqs == nil {
			t.Analyze()
		}
		if t.length == 0 {
			continue
		}
		term := t.name + ":" + strconv.Itoa(t.length)
		tf := &bindex.TokenFreq{Term: []byte(term)}
		if !f.opts.SkipFreqNorm() {
			tf.SetFrequency(1)
		}
		f.freqs[term] = tf
		f.length++
	}
}
