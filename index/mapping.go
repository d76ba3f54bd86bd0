package index

import (
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/analyze"
	"github.com/pmkb/pmkb/index/dedupe"
	"github.com/pmkb/pmkb/index/document"
)

// mappingVersion changes whenever the mapping or the way documents are built
// changes; Open reindexes an on-disk index built with another version.
const mappingVersion = "17" // 16: the collection facet (issue 13); 17: text fields' lengths (text_len, BM25F)

// Names of the fields of an index document. Text fields come in one variant
// per analysis language; the French variants carry a "_fr" suffix.
const (
	fHead = "head" // title, root cause and the company's names (canonical and aliases)
	fMid  = "mid"  // summary, categories and technologies
	fBody = "body" // the body

	fCategory   = "category" // facet fields: exact values, read into columns by searches
	fCompany    = "company"
	fTechnology = "technology"
	fYear       = "year"
	fSource     = "source"
	fLanguage   = "language"
	fCollection = "collection" // the record's collection, "public" when it has none

	fCompanyKey = "company_key" // lower-cased copies used by filters
	fTechKey    = "technology_key"
	fSourceKey  = "source_key"
	fCompanyWd  = "company_words" // lower-case words of the company's names, for company:travis

	fIncidentDate = "incident_date" // a date: the incident's day, else the publication day; sorts and year ranges use it
	fSortDay      = "sort_day"      // incident_date's day as a keyword: searches read it into a column to sort by date
	fDupKey       = "dup_key"       // the keys dedupe finds a record by (dedupeKeys): one term lookup each
	fDupOf        = "dup_of"
	fIsDup        = "is_dup"
	fRecord       = "record"   // the full record as JSON: stored, not indexed
	fLengths      = "text_len" // "field:tokens" for each text field a record holds: BM25's lengths (index/document builds it)

	langFR        = "fr"
	frSuffix      = "_fr"
	analyzerLower = "pmkb_lower_keyword"
	analyzerSpell = "pmkb_spell" // unstemmed lower-case words (company_words); the name is older than the field
)

// newDocBuilder returns the builder of the documents of mapping m: it
// analyses the text fields itself, with the fast path of English and of
// the company words' analyzer, and keeps each keyword field's values in one
// field.
func newDocBuilder(m *mapping.IndexMappingImpl) (*document.Builder, error) {
	text := []string{fCompanyWd}
	for _, f := range textFields {
		text = append(text, f.name, f.name+frSuffix)
	}
	return document.New(m, document.Config{
		Text:    text,
		Keyword: []string{keyword.Name, analyzerLower},
		Kinds:   map[string]analyze.Kind{en.AnalyzerName: analyze.English, analyzerSpell: analyze.Words},
		Lengths: fLengths,
	})
}

// newMapping builds the explicit index mapping: nothing is indexed unless it
// is listed here.
func newMapping(scoring string) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	switch scoring {
	case "", ScoringTFIDF, ScoringBM25: // the engine scores; bleve's own model stays its default
	default:
		return nil, fmt.Errorf("index: unknown scoring model %q (want %s or %s)", scoring, ScoringBM25, ScoringTFIDF)
	}
	err := m.AddCustomAnalyzer(analyzerLower, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	err = m.AddCustomAnalyzer(analyzerSpell, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	for _, f := range textFields {
		doc.AddFieldMappingsAt(f.name, textField(en.AnalyzerName))
		doc.AddFieldMappingsAt(f.name+frSuffix, textField(fr.AnalyzerName))
	}
	for _, f := range []string{fCategory, fCompany, fTechnology, fYear, fSource, fLanguage, fCollection} {
		doc.AddFieldMappingsAt(f, keywordField(keyword.Name))
	}
	for _, f := range []string{fIsDup, fSortDay, fDupKey, fLengths} {
		doc.AddFieldMappingsAt(f, keywordField(keyword.Name))
	}
	dupOf := keywordField(keyword.Name)
	dupOf.Store = true // dedupe reads it back from candidate hits
	doc.AddFieldMappingsAt(fDupOf, dupOf)
	for _, f := range []string{fCompanyKey, fTechKey, fSourceKey} {
		doc.AddFieldMappingsAt(f, keywordField(analyzerLower))
	}
	words := textField(analyzerSpell)
	words.IncludeTermVectors = false
	doc.AddFieldMappingsAt(fCompanyWd, words)
	dm := bleve.NewDateTimeFieldMapping()
	dm.Store, dm.IncludeInAll, dm.DocValues = false, false, false
	doc.AddFieldMappingsAt(fIncidentDate, dm)
	rec := bleve.NewTextFieldMapping()
	rec.Index, rec.Store, rec.IncludeInAll, rec.DocValues, rec.IncludeTermVectors = false, true, false, false, false
	doc.AddFieldMappingsAt(fRecord, rec)

	// No "_all" field: every query names its fields, and bleve would
	// otherwise index a composite of all text a second time.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	return m, nil
}

// textField indexes a text's words with their positions: phrase queries
// need them.
func textField(analyzer string) *mapping.FieldMapping {
	return indexedField(bleve.NewTextFieldMapping(), analyzer, true)
}

// keywordField indexes a value whole.
func keywordField(analyzer string) *mapping.FieldMapping {
	return indexedField(bleve.NewKeywordFieldMapping(), analyzer, false)
}

// indexedField sets f to be analysed by analyzer, with term vectors or
// not, and neither stored, nor in _all, nor with doc values: searches read
// facet values and dates from columns built from the postings
// (index/engine), and doc values cost indexing time.
func indexedField(f *mapping.FieldMapping, analyzer string, vectors bool) *mapping.FieldMapping {
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = false
	f.IncludeTermVectors = vectors
	return f
}

// suffixFor returns the text-field suffix of a record's language.
func suffixFor(lang string) string {
	if isFrench(lang) {
		return frSuffix
	}
	return ""
}

func isFrench(lang string) bool {
	l := strings.ToLower(lang)
	return l == langFR || strings.HasPrefix(l, langFR+"-") || strings.HasPrefix(l, langFR+"_")
}

// sourceValues returns the source facet values of one record: each list's
// name, and "list: section" for each list heading. Both are indexed so that
// the facet shows lists and their sections, and a filter can take either.
func sourceValues(sources []data.Source) []string {
	var out []string
	seen := map[string]bool{}
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, s := range sources {
		add(s.List)
		if s.Section != "" {
			add(SourceValue(s))
		}
	}
	return out
}

// SourceValue is the source facet value of a list heading: "list: section",
// or just the list's name when the entry had no heading.
func SourceValue(s data.Source) string {
	if s.Section == "" {
		return s.List
	}
	return s.List + ": " + s.Section
}

// buildDoc turns a record into the document bleve indexes. recJSON is the
// record's JSON, stored as is. dupOf is the id of the record this one
// duplicates ("" when it is a primary). dups are the record's own
// duplicates: their text, tags and sources are indexed on the primary, so a
// search or filter that would find a duplicate finds the incident.
// The company facet holds the company's canonical name (co), as the
// stored record does (writeChunk).
func buildDoc(co data.Companies, pm data.Postmortem, recJSON []byte, dupOf string, dups []data.Postmortem) map[string]any {
	d := map[string]any{fRecord: string(recJSON)}
	all := append([]data.Postmortem{pm}, dups...)
	text := map[string][]string{}
	var cats, techs []string
	var sources []data.Source
	for _, r := range all {
		sfx := suffixFor(r.Language)
		add := func(field, v string) {
			if v != "" {
				text[field+sfx] = append(text[field+sfx], v)
			}
		}
		add(fHead, r.Title)
		add(fHead, rootCauseOf(r))
		add(fMid, r.Summary)
		add(fBody, bodyText(r))
		tags := strings.Join(append(append([]string(nil), r.Categories...), r.Technologies...), " . ")
		add(fMid, tags)
		cats = appendNew(cats, r.Categories...)
		techs = appendNew(techs, r.Technologies...)
		sources = append(sources, r.Sources...)
	}
	for f, vs := range text {
		d[f] = vs
	}
	setList(d, fCategory, cats)
	setList(d, fTechnology, techs)
	setList(d, fTechKey, techs)
	setCompany(d, co, pm)
	if pm.Language != "" {
		d[fLanguage] = strings.ToLower(pm.Language)
	}
	d[fCollection] = strings.ToLower(pm.CollectionName())
	srcs := sourceValues(sources)
	setList(d, fSource, srcs)
	setList(d, fSourceKey, srcs)
	setDates(d, pm)
	if dupOf == "" {
		// Only primaries: a lookup by key wants the incident, and the
		// duplicates of a much-copied post would fill its first page.
		setList(d, fDupKey, dedupe.Keys(co, pm))
	} else {
		d[fDupOf] = dupOf
		d[fIsDup] = "1"
	}
	return d
}

// setCompany indexes the record's company under its canonical name, every
// spelling for filters and text search.
func setCompany(d map[string]any, co data.Companies, pm data.Postmortem) {
	names := co.Names(pm.Company)
	if len(names) == 0 {
		return
	}
	d[fCompany] = names[0]
	keys := make([]string, 0, len(names)+1)
	for _, n := range append(names, pm.Company) {
		keys = appendNew(keys, strings.ToLower(strings.TrimSpace(n)))
	}
	d[fCompanyKey] = keys
	d[fCompanyWd] = strings.Join(names, " \n ")
	sfx := suffixFor(pm.Language)
	head, _ := d[fHead+sfx].([]string)
	d[fHead+sfx] = append(head, strings.Join(names, " \n "))
}

// setDates indexes the record's year and dates.
func setDates(d map[string]any, pm data.Postmortem) {
	if y := pm.Year(); y != "" {
		d[fYear] = y
	}
	for _, v := range []string{pm.IncidentDate, pm.Published} {
		if t, ok := dedupe.ParseDay(v); ok {
			d[fIncidentDate] = t
			d[fSortDay] = t.Format(time.DateOnly)
			break
		}
	}
}

// appendNew appends the values of vs that dst lacks (compared without case).
func appendNew(dst []string, vs ...string) []string {
	for _, v := range vs {
		found := false
		for _, have := range dst {
			if strings.EqualFold(have, v) {
				found = true
				break
			}
		}
		if !found {
			dst = append(dst, v)
		}
	}
	return dst
}

// bodyText is the record's body, or when the page was never read, its
// sections joined, so that list-only and catalog records are still found by
// their content.
func bodyText(pm data.Postmortem) string {
	if pm.Body != "" {
		return pm.Body
	}
	s := pm.Sections
	parts := []string{s.Timeline, s.Impact, s.Mitigation, s.ActionItems}
	if pm.Summary == "" {
		parts = append(parts, s.Summary)
	}
	var b strings.Builder
	for _, p := range parts {
		if p != "" {
			b.WriteString(p)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func setList(d map[string]any, field string, vals []string) {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	if len(out) > 0 {
		d[field] = out
	}
}
