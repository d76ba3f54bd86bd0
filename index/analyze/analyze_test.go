package analyze

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/pmkb/pmkb/index/internal/testutil"
)

// TestFastAnalyzer checks that the fast analyzers give the tokens bleve's
// analyzers give (term, offsets, position), on text built at random from
// the characters the word-break rules treat specially, on our fixtures and
// on the shared corpus of real post-mortems.
func TestFastAnalyzer(t *testing.T) {
	texts := []string{
		"", " ", "a", "A.", "The company's DNS", "it's 3.14, 1,000,000 and 10;20", "e.g. v1.2.3 a:b a::b",
		"rm -rf /var/lib/mysql", "'quoted' words'", "U.S.A.", "12:30 UTC", "x.1 1.x a'1 1'a", "ABC's's",
		"snake_case_name", "naïve café", "a \u0301b", "x\u00a0y z_", "über’s naïve’s", "don't stop", "Running JOBS", "a.b.c..d", "...", "'s", "''",
	}
	r := rand.New(rand.NewPCG(1, 2))
	ascii := []rune("aAbBsSzZ09 .,;:'\n\t-()\"!/_")
	other := []rune("é’–日本\u0301\u200d\u00a0🙂ß")
	for i := range 8_000 {
		b := make([]rune, r.IntN(30))
		for i := range b {
			b[i] = ascii[r.IntN(len(ascii))]
		}
		if i%2 == 1 { // half the texts hold other characters too
			for range 1 + r.IntN(3) {
				b = append(b, other[r.IntN(len(other))])
				r.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
			}
		}
		texts = append(texts, string(b))
	}
	for _, pm := range testutil.SynthBase(t) {
		texts = append(texts, pm.Title, pm.Summary, pm.RootCause, pm.Body)
	}
	nonCorpus := len(texts)
	docs, _ := filepath.Glob(filepath.Join(testutil.Corpus(), "docs", "*"))
	for _, p := range docs {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(raw), "\n\n")...)
	}
	if len(docs) == 0 {
		t.Log("../shared/corpus not found: random text and fixtures only")
	}
	for _, k := range []Kind{English, Words, Other} {
		slow := slowAnalyzer(t, k)
		fast, err := New(slow, k)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("kind %d", k)
		fastCount := 0
		sample := texts
		switch k {
		case Other:
			sample = texts[:500] // no fast path: the wrapper only passes bleve's tokens on
		case Words:
			sample = texts[:nonCorpus] // the corpus adds little to random text here, and costs much under -race
		}
		for _, text := range sample {
			checkTokens(t, name, slow, fast, text)
			if fast.chain != nil && !strings.ContainsFunc(text, func(r rune) bool { return r >= 0x80 || r == '_' }) {
				fastCount++
			}
		}
		if k != Other && fastCount < len(sample)/4 {
			t.Errorf("%s: the fast path took %d of %d texts: want a quarter or more", name, fastCount, len(sample))
		}
	}
}

// checkTokens compares the tokens fast gives text, through Tokens and
// Analyze, with those slow gives.
func checkTokens(t *testing.T, name string, slow analysis.Analyzer, fast *Analyzer, text string) {
	t.Helper()
	var want, got []Token
	for _, tk := range slow.Analyze([]byte(text)) {
		want = append(want, Token{Term: string(tk.Term), Start: tk.Start, End: tk.End, Pos: tk.Position})
	}
	fast.Tokens(text, func(tk Token) {
		if tk.Term != string(tk.Bytes) {
			t.Fatalf("%s: term %q and its bytes %q differ", name, tk.Term, tk.Bytes)
		}
		tk.Bytes = nil
		got = append(got, tk)
	})
	if !slices.EqualFunc(got, want, func(a, b Token) bool {
		return a.Term == b.Term && a.Start == b.Start && a.End == b.End && a.Pos == b.Pos
	}) {
		t.Fatalf("%s on %q:\n got %+v\nwant %+v", name, text, got, want)
	}
	stream := fast.Analyze([]byte(text))
	if len(stream) != len(want) {
		t.Fatalf("%s: Analyze(%q) gave %d tokens, want %d", name, text, len(stream), len(want))
	}
	for i, tk := range stream {
		if w := want[i]; string(tk.Term) != w.Term || tk.Start != w.Start || tk.End != w.End || tk.Position != w.Pos {
			t.Fatalf("%s: Analyze(%q): token %d: got %s@%d[%d:%d], want %+v", name, text, i, tk.Term, tk.Position, tk.Start, tk.End, w)
		}
	}
}

// slowAnalyzer returns the bleve analyzer of kind k: English, the unicode
// tokenizer with to_lower, or (for Other) bleve's French.
func slowAnalyzer(tb testing.TB, k Kind) analysis.Analyzer {
	tb.Helper()
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer("words", map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		tb.Fatal(err)
	}
	name := map[Kind]string{English: en.AnalyzerName, Words: "words", Other: fr.AnalyzerName}[k]
	an := m.AnalyzerNamed(name)
	if an == nil {
		tb.Fatalf("no analyzer %s", name)
	}
	return an
}

// BenchmarkAnalyze compares bleve's English analyzer with the fast one on
// the synthetic records' bodies, in MB/s.
func BenchmarkAnalyze(b *testing.B) {
	var bodies []string
	size := 0
	for _, pm := range testutil.SynthCorpus(b, 500) {
		bodies = append(bodies, pm.Body)
		size += len(pm.Body)
	}
	slow := slowAnalyzer(b, English)
	fast, err := New(slow, English)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("bleve", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, s := range bodies {
				_ = slow.Analyze([]byte(s))
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(size))
		n := 0
		for b.Loop() {
			for _, s := range bodies {
				fast.Tokens(s, func(Token) { n++ })
			}
		}
	})
}
