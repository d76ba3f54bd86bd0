// Package analyze tokenises text as bleve's analyzers do, several times faster.
//
// The index analyses records and queries with it; TestFastAnalyzer holds
// its tokens to bleve's.
package analyze

import (
	"fmt"
	"hash/maphash"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/go-porterstemmer"
)

// Analyzer analyses text exactly as a bleve analyzer does, several times
// faster: indexing uses it, and so do searches, whose bleve queries
// (phrases) still analyse with bleve's, to the same tokens. Text is cut
// at ASCII white space, where words always break; a piece that is ASCII
// without underscores is split into words by the rules of Unicode's word
// boundaries (UAX #29) restricted to ASCII, then filtered here, each
// distinct word's term remembered; any other piece goes through bleve's
// tokenizer and filters. TestFastAnalyzer compares the two on the corpus
// and on random text built from the characters the rules treat specially.
// An Analyzer is safe for concurrent use.
type Analyzer struct {
	slow       analysis.Analyzer         // the bleve analyzer this one stands for
	chain      *analysis.DefaultAnalyzer // slow as a chain, when it has a fast path
	possessive bool                      // strip a trailing 's (possessive_en)
	stop       analysis.TokenMap         // stop words, or nil (stop_en)
	stem       bool                      // Porter stemmer (stemmer_porter)
	terms      sync.Pool                 // of *termCache, one per analysing goroutine
}

// termCache remembers the terms of recent lower-cased words, so that the
// stemmer and the term's allocation run about once per distinct word
// instead of once per occurrence. It is direct-mapped: a word has one slot,
// chosen by its hash, which a later word may take over. Frequent words
// come back often enough to hold theirs.
type termCache struct {
	seed  maphash.Seed
	runes []rune // the stemmer's scratch space
	slots [termCacheSlots]cacheSlot
}

type cacheSlot struct {
	word string
	ct   cachedTerm
}

// termCacheSlots is a power of two: small enough for the processor's
// cache, large enough for the frequent words. A cache four times larger
// missed 40% less often on BenchmarkAnalyze, but the pool of caches is
// emptied at every garbage collection, and a search (which analyses its
// query) or a small write then pays for zeroing a new megabyte: under the
// race detector the tests ran four times slower.
const termCacheSlots = 4096

type cachedTerm struct {
	term  string
	bytes []byte // term's bytes, shared by every token of the word: never written to
	stop  bool
}

// Kind says which chain of bleve's a slow analyzer is, and so which fast
// path stands for it.
type Kind int

// Kinds of analyzers.
const (
	// Other has no fast path: the Analyzer passes bleve's tokens on.
	Other Kind = iota
	// English is bleve's "en": unicode tokenizer, possessive_en,
	// to_lower, stop_en, stemmer_porter.
	English
	// Words is a custom analyzer of the unicode tokenizer and to_lower.
	Words
)

// New returns the fast analyzer standing for slow, an analyzer of kind k.
// TestFastAnalyzer holds each kind's fast path to bleve's chain.
func New(slow analysis.Analyzer, k Kind) (*Analyzer, error) {
	a := &Analyzer{slow: slow}
	chain, ok := slow.(*analysis.DefaultAnalyzer)
	if !ok || len(chain.CharFilters) > 0 {
		return a, nil
	}
	switch k {
	case English:
		stop := analysis.NewTokenMap()
		if err := stop.LoadBytes(en.EnglishStopWords); err != nil {
			return nil, fmt.Errorf("analyze: stop words: %w", err)
		}
		a.chain, a.possessive, a.stop, a.stem = chain, true, stop, true
	case Words:
		a.chain = chain
	}
	a.terms.New = func() any { return &termCache{seed: maphash.MakeSeed()} }
	return a, nil
}

// Token is one analysed word: its term (as a string and as bytes sharing
// its memory, never to be written to), its byte offsets in the text and
// its 1-based position among the text's words (stop words keep theirs).
type Token struct {
	Term       string
	Bytes      []byte
	Start, End int
	Pos        int
}

// Tokens calls emit with each token of text, in order.
func (a *Analyzer) Tokens(text string, emit func(Token)) {
	if a.chain == nil || !splittable(text) {
		for _, t := range a.slow.Analyze([]byte(text)) {
			emit(Token{Term: string(t.Term), Bytes: t.Term, Start: t.Start, End: t.End, Pos: t.Position})
		}
		return
	}
	cache := a.terms.Get().(*termCache)
	defer a.terms.Put(cache)
	var low []byte
	pos := 0
	for i := 0; i < len(text); {
		if asciiSpace(text[i]) {
			i++
			continue
		}
		j, plain := i, true
		for ; j < len(text) && !asciiSpace(text[j]); j++ {
			plain = plain && text[j] < utf8.RuneSelf && text[j] != '_'
		}
		if !plain {
			pos = a.analyzeSlow(text, i, j, pos, emit)
			i = j
			continue
		}
		for start, end := nextWord(text[:j], i); start < j; start, end = nextWord(text[:j], end) {
			pos++
			low = low[:0]
			for k := start; k < end; k++ {
				c := text[k]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				low = append(low, c)
			}
			slot := &cache.slots[maphash.Bytes(cache.seed, low)&(termCacheSlots-1)]
			if slot.word != string(low) {
				slot.word, slot.ct = string(low), a.termOf(low, cache)
			}
			if ct := slot.ct; !ct.stop {
				emit(Token{Term: ct.term, Bytes: ct.bytes, Start: start, End: end, Pos: pos})
			}
		}
		i = j
	}
}

// Analyze returns text's tokens, as bleve's analyzer would, except that
// fast-path tokens are all typed AlphaNumeric (nothing here reads types).
// It serves the search side (query terms, snippets, similar incidents).
// The tokens' terms share memory with the analyzer's cache: they must not
// be written to.
func (a *Analyzer) Analyze(text []byte) analysis.TokenStream {
	if a.chain == nil {
		return a.slow.Analyze(text)
	}
	out := make(analysis.TokenStream, 0, len(text)/8+1)
	var slab []analysis.Token
	a.Tokens(string(text), func(t Token) {
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, max(16, len(text)/8))
		}
		slab = append(slab, analysis.Token{Term: t.Bytes, Start: t.Start, End: t.End, Position: t.Pos, Type: analysis.AlphaNumeric})
		out = append(out, &slab[len(slab)-1])
	})
	return out
}

// analyzeSlow runs bleve's chain on text[i:j], a piece between white
// spaces, whose words come after pos others. It returns the new count.
func (a *Analyzer) analyzeSlow(text string, i, j, pos int, emit func(Token)) int {
	toks := a.chain.Tokenizer.Tokenize([]byte(text[i:j]))
	n := len(toks)
	for _, f := range a.chain.TokenFilters {
		toks = f.Filter(toks)
	}
	for _, t := range toks {
		emit(Token{Term: string(t.Term), Bytes: t.Term, Start: i + t.Start, End: i + t.End, Pos: pos + t.Position})
	}
	return pos + n
}

// termOf runs the filters on one lower-cased ASCII word, stemming in c's
// scratch space. The term's string and bytes share one allocation: a
// cached term is never written to.
func (a *Analyzer) termOf(low []byte, c *termCache) cachedTerm {
	w := low
	if a.possessive && len(w) >= 2 && w[len(w)-1] == 's' && w[len(w)-2] == '\'' {
		w = w[:len(w)-2]
	}
	if a.stop != nil {
		if _, ok := a.stop[string(w)]; ok {
			return cachedTerm{stop: true}
		}
	}
	var term string
	if a.stem {
		rs := c.runes[:0]
		for _, b := range w {
			rs = append(rs, rune(b))
		}
		c.runes = rs
		term = string(porterstemmer.StemWithoutLowerCasing(rs))
	} else {
		term = string(w)
	}
	return cachedTerm{term: term, bytes: unsafe.Slice(unsafe.StringData(term), len(term))}
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// splittable reports whether text may be cut at its ASCII white space: not
// when a mark or format character follows one, as Unicode then joins the
// two (rule WB4), which a piece analysed alone would not see.
func splittable(text string) bool {
	for i := 1; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf && asciiSpace(text[i-1]) {
			r, _ := utf8.DecodeRuneInString(text[i:])
			if unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf) {
				return false
			}
		}
	}
	return true
}

// ASCII word-break classes of UAX #29.
const (
	wbOther = iota
	wbLetter
	wbDigit
	wbMidLetter // :
	wbMidNum    // , ;
	wbMidNumLet // . and the apostrophe
)

var wbClass = func() (t [128]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = wbLetter, wbLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbDigit
	}
	t[':'] = wbMidLetter
	t[','], t[';'] = wbMidNum, wbMidNum
	t['.'], t['\''] = wbMidNumLet, wbMidNumLet
	return t
}()

// nextWord returns the bounds of the first word of text at or after from,
// or start = len(text) when none is left. A word is a run of letters and
// digits, where a letter-letter pair may be joined by ':', '.' or an
// apostrophe and a digit-digit pair by ',', ';', '.' or an apostrophe
// (rules WB5 to WB12). From index from on, text must be ASCII without
// underscores.
func nextWord(text string, from int) (start, end int) {
	n := len(text)
	i := from
	for i < n && wbClass[text[i]] != wbLetter && wbClass[text[i]] != wbDigit {
		i++
	}
	if i == n {
		return n, n
	}
	start = i
	i++
scan:
	for i < n {
		switch c, prev := wbClass[text[i]], wbClass[text[i-1]]; c {
		case wbLetter, wbDigit:
			i++
			continue
		case wbMidLetter, wbMidNum, wbMidNumLet:
			if i+1 < n && joins(prev, c, wbClass[text[i+1]]) {
				i += 2
				continue
			}
		}
		break scan
	}
	return start, i
}

// joins reports whether the punctuation class mid, between two characters
// of classes prev and next, keeps them in one word.
func joins(prev, mid, next uint8) bool {
	switch {
	case prev == wbLetter && next == wbLetter:
		return mid == wbMidLetter || mid == wbMidNumLet
	case prev == wbDigit && next == wbDigit:
		return mid == wbMidNum || mid == wbMidNumLet
	}
	return false
}
