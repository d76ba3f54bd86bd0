package index

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/pmkb/pmkb/index/internal/testutil"
)

// TestFastAnalyzer checks that the fast analyzers give the tokens bleve's
// analyzers give (term, offsets, position), on text built at random from
// the characters the word-break rules treat specially, on our fixtures and
// on the shared corpus of real post-mortems.
func TestFastAnalyzer(t *testing.T) {
	m, err := newMapping("")
	if err != nil {
		t.Fatal(err)
	}
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
	docs, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "docs", "*"))
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
	for _, name := range []string{en.AnalyzerName, analyzerSpell, fr.AnalyzerName} {
		slow := m.AnalyzerNamed(name)
		fast, err := newFastAnalyzer(name, slow)
		if err != nil {
			t.Fatal(err)
		}
		fastCount := 0
		sample := texts
		switch name {
		case fr.AnalyzerName:
			sample = texts[:500] // no fast path: the wrapper only passes bleve's tokens on
		case analyzerSpell:
			sample = texts[:nonCorpus] // the corpus adds little to random text here, and costs much under -race
		}
		for _, text := range sample {
			var want, got []token
			for _, tk := range slow.Analyze([]byte(text)) {
				want = append(want, token{term: string(tk.Term), start: tk.Start, end: tk.End, pos: tk.Position})
			}
			fast.analyze(text, func(tk token) {
				if tk.term != string(tk.bytes) {
					t.Fatalf("%s: term %q and its bytes %q differ", name, tk.term, tk.bytes)
				}
				tk.bytes = nil
				got = append(got, tk)
			})
			stream := fast.Analyze([]byte(text))
			if len(stream) != len(want) {
				t.Fatalf("%s: Analyze(%q) gave %d tokens, want %d", name, text, len(stream), len(want))
			}
			for i, tk := range stream {
				if w := want[i]; string(tk.Term) != w.term || tk.Start != w.start || tk.End != w.end || tk.Position != w.pos {
					t.Fatalf("%s: Analyze(%q): token %d: got %s@%d[%d:%d], want %+v", name, text, i, tk.Term, tk.Position, tk.Start, tk.End, w)
				}
			}
			if fast.chain != nil && !strings.ContainsFunc(text, func(r rune) bool { return r >= 0x80 || r == '_' }) {
				fastCount++
			}
			if len(got) != len(want) {
				t.Fatalf("%s on %q:\n got %v\nwant %v", name, text, got, want)
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.term != w.term || g.start != w.start || g.end != w.end || g.pos != w.pos {
					t.Fatalf("%s on %q: token %d: got %+v, want %+v", name, text, i, got[i], want[i])
				}
			}
		}
		if name != fr.AnalyzerName && fastCount < len(sample)/4 {
			t.Errorf("%s: the fast path took %d of %d texts: want a quarter or more", name, fastCount, len(sample))
		}
	}
}

// BenchmarkAnalyze compares bleve's English analyzer with the fast one on
// the synthetic records' bodies, in MB/s.
func BenchmarkAnalyze(b *testing.B) {
	m, err := newMapping("")
	if err != nil {
		b.Fatal(err)
	}
	var bodies []string
	size := 0
	for _, pm := range testutil.SynthCorpus(b, 500) {
		bodies = append(bodies, pm.Body)
		size += len(pm.Body)
	}
	slow := m.AnalyzerNamed(en.AnalyzerName)
	fast, err := newFastAnalyzer(en.AnalyzerName, slow)
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
				fast.analyze(s, func(token) { n++ })
			}
		}
	})
}
