package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// maxMemoTokens bounds how many texts' tokens the memo keeps; past it, it
// starts afresh.
const maxMemoTokens = 50_000

// tokenMemo keeps the tokens of the short texts searches analyse again and
// again (the glossary's terms, in both languages, for every search naming
// them). The token streams it hands out are shared: read only.
type tokenMemo struct {
	mu sync.RWMutex
	m  map[string]analysis.TokenStream
}

// analyzed returns text's tokens by lang's analyzer, from the memo when it
// has them; nil without an analyzer.
func (ix *Index) analyzed(lang, text string) analysis.TokenStream {
	an := ix.analyzerFor(lang)
	if an == nil {
		return nil
	}
	key := lang + "\x00" + text
	ix.memo.mu.RLock()
	toks, ok := ix.memo.m[key]
	ix.memo.mu.RUnlock()
	if ok {
		return toks
	}
	toks = an.Analyze([]byte(text))
	ix.memo.mu.Lock()
	if ix.memo.m == nil || len(ix.memo.m) >= maxMemoTokens {
		ix.memo.m = map[string]analysis.TokenStream{}
	}
	ix.memo.m[key] = toks
	ix.memo.mu.Unlock()
	return toks
}
