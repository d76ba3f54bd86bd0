package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/snippet"
)

// analyzerFor returns the analyzer of a record's language: the one its
// text was indexed with (index/document), whose tokens are bleve's.
func (ix *Index) analyzerFor(lang string) analysis.Analyzer {
	name := en.AnalyzerName
	if isFrench(lang) {
		name = fr.AnalyzerName
	}
	if an := ix.docs.Analyzer(name); an != nil {
		return an
	}
	return ix.alias.Mapping().AnalyzerNamed(name)
}

// snippet picks the passage of the record's root cause, summary or body
// that best shows the search's terms (index/snippet).
func (ix *Index) snippet(pm data.Postmortem, p *plan) string {
	an := ix.analyzerFor(pm.Language)
	return snippet.Of(an, p.snippetTerms(ix, an, pm.Language), rootCauseOf(pm), pm.Summary, bodyText(pm))
}

// snippetTerms returns the terms snippets of records in lang mark,
// computed once per search.
func (p *plan) snippetTerms(ix *Index, an analysis.Analyzer, lang string) snippet.Terms {
	if t, ok := p.snip[lang]; ok {
		return t
	}
	t := snippet.NewTerms(an, p.terms, ix.glossaryTerms)
	if p.snip == nil {
		p.snip = map[string]snippet.Terms{}
	}
	p.snip[lang] = t
	return t
}
