package testutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pmkb/pmkb/data"
)

// SynthCorpus scales the embedded catalog and the fixture records to n
// synthetic records for benchmarks, shaped like real post-mortems rather
// than like a reshuffle of a few hundred sentences:
//
//   - words follow a Zipf law over a large vocabulary: the base records'
//     words, most frequent first, then many rare made-up words (service,
//     host and error names), so most words are in few records and a few
//     words in many, as in real text;
//   - about one sentence in five is a real sentence of a base record, so
//     the queries the benchmarks send find plausible matches;
//   - every record has its own title (a base title's words plus rare
//     words), a company among about n/8 (a base company and a number), a
//     date between 2005 and 2025, and the base record's tags.
//
// The output is deterministic for a given n.
func SynthCorpus(tb testing.TB, n int) []data.Postmortem {
	tb.Helper()
	base := SynthBase(tb)
	sentences, vocab := synthText(base)
	lists := []data.Source{
		{List: "danluu", Section: "Config Errors"}, {List: "danluu", Section: "Hardware/Power Failures"},
		{List: "danluu", Section: "Database"}, {List: "talk"}, {List: "status-pages", Section: "Cloud"},
	}
	r := rand.New(rand.NewPCG(uint64(n), 42))
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	sentence := func() string {
		if r.IntN(5) == 0 {
			return sentences[r.IntN(len(sentences))]
		}
		words := make([]string, 6+r.IntN(14))
		for i := range words {
			words[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(words, " ") + "."
	}
	companies := max(1, n/8/len(base))
	out := make([]data.Postmortem, n)
	for i := range out {
		b := base[r.IntN(len(base))]
		url := fmt.Sprintf("https://synthetic.example/%d/%s", i, strings.ToLower(strings.ReplaceAll(b.Company, " ", "-")))
		words := strings.Fields(b.Title)
		r.Shuffle(len(words), func(a, c int) { words[a], words[c] = words[c], words[a] })
		words = append(words[:min(len(words), 4)], vocab[zipf.Uint64()], vocab[len(vocab)/2+r.IntN(len(vocab)/2)])
		var body strings.Builder
		for range 10 + r.IntN(30) {
			body.WriteString(sentence())
			body.WriteString(" ")
		}
		cats := append([]string(nil), b.Categories...)
		if r.IntN(3) == 0 {
			slug := data.Slugs[r.IntN(len(data.Slugs))]
			if !slices.ContainsFunc(cats, func(c string) bool { return strings.EqualFold(c, slug) }) {
				cats = append(cats, slug)
			}
		}
		out[i] = data.Postmortem{
			ID:           data.IDFor(url),
			URL:          url,
			Title:        strings.Join(words, " "),
			Company:      fmt.Sprintf("%s %d", b.Company, r.IntN(companies)),
			Language:     b.Language,
			IncidentDate: fmt.Sprintf("%d-%02d-%02d", 2005+r.IntN(21), 1+r.IntN(12), 1+r.IntN(28)),
			Summary:      sentence() + " " + sentence(),
			RootCause:    sentence(),
			Body:         body.String(),
			Categories:   cats,
			Technologies: b.Technologies,
			Sources:      []data.Source{lists[r.IntN(len(lists))]},
			Fetch:        data.Fetch{Status: data.FetchOK},
		}
	}
	return out
}

// synthRareWords is how many made-up rare words the vocabulary holds.
const synthRareWords = 200_000

// synthText returns the base records' sentences and the vocabulary the
// generator draws from: their words by falling frequency, then rare
// made-up words.
func synthText(base []data.Postmortem) (sentences, vocab []string) {
	freq := map[string]int{}
	for _, pm := range base {
		for _, t := range []string{pm.Title, pm.Summary, pm.RootCause, pm.Body} {
			for _, s := range strings.SplitAfter(t, ". ") {
				if s = strings.TrimSpace(s); len(s) > 20 {
					sentences = append(sentences, s)
				}
			}
			for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				freq[w]++
			}
		}
	}
	for w := range freq {
		vocab = append(vocab, w)
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if c := freq[b] - freq[a]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	r := rand.New(rand.NewPCG(7, 7))
	const letters = "abcdefghijklmnopqrstuvwxyz"
	suffixes := []string{"", "-svc", "d", "-db", "-api", "42", "-worker"}
	for range synthRareWords {
		var b strings.Builder
		for range 4 + r.IntN(6) {
			b.WriteByte(letters[r.IntN(len(letters))])
		}
		b.WriteString(suffixes[r.IntN(len(suffixes))])
		vocab = append(vocab, b.String())
	}
	return sentences, vocab
}

// SynthBase is what the generator scales: the catalog plus the fixture
// records.
func SynthBase(tb testing.TB) []data.Postmortem {
	tb.Helper()
	base, err := data.DefaultCatalog()
	if err != nil {
		tb.Fatal(err)
	}
	return append(base, Fixtures(tb)...)
}

// Fixtures returns the records of index/testdata/fixtures.jsonl.
func Fixtures(tb testing.TB) []data.Postmortem {
	tb.Helper()
	f, err := os.Open(Testdata("fixtures.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []data.Postmortem
	dec := json.NewDecoder(f)
	for {
		var pm data.Postmortem
		err := dec.Decode(&pm)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			tb.Fatalf("fixtures: %v", err)
		}
		out = append(out, pm)
	}
}
