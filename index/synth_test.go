package index

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/pmkb/pmkb/data"
)

// synthCorpus scales the embedded catalog and the fixture records to n
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
func synthCorpus(tb testing.TB, n int) []data.Postmortem {
	tb.Helper()
	base := synthBase(tb)
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
			cats = appendNew(cats, data.Slugs[r.IntN(len(data.Slugs))])
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

// synthBase is what the generator scales: the catalog plus the fixtures.
func synthBase(tb testing.TB) []data.Postmortem {
	tb.Helper()
	base, err := data.DefaultCatalog()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(filepath.Join("testdata", "fixtures.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	fx, err := ReadRecords(f)
	if err != nil {
		tb.Fatal(err)
	}
	return append(base, fx...)
}

func TestSynthCorpus(t *testing.T) {
	a, b := synthCorpus(t, 300), synthCorpus(t, 300)
	ids := map[string]bool{}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Body != b[i].Body {
			t.Fatalf("record %d differs between two runs: not deterministic", i)
		}
		if a[i].Body == "" || a[i].Title == "" || len(a[i].Categories) == 0 {
			t.Fatalf("record %d lacks a body, title or category: %+v", i, a[i])
		}
		ids[a[i].ID] = true
	}
	if len(ids) != 300 {
		t.Errorf("distinct ids: got %d, want 300", len(ids))
	}
	// Realistic vocabulary: most words are rare. Count the records each
	// body word is in; over 300 records most words must be in one record
	// and few in more than a third.
	docs := map[string]int{}
	for _, pm := range a {
		seen := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(pm.Body)) {
			if !seen[w] {
				seen[w] = true
				docs[w]++
			}
		}
	}
	rare, common := 0, 0
	for _, c := range docs {
		if c == 1 {
			rare++
		}
		if c > 100 {
			common++
		}
	}
	if rare < len(docs)/2 || common > len(docs)/100 {
		t.Errorf("vocabulary: %d words, %d in one record, %d in over a third: want most rare and few common", len(docs), rare, common)
	}
}

// TestWriteSynthCorpus writes the synthetic corpus as JSONL, to time pmkb
// import end to end in a new process (the figures in README.md):
//
//	PMKB_SYNTH_OUT=/tmp/synth10k.jsonl PMKB_SYNTH_N=10000 go test ./index -run TestWriteSynthCorpus
//	pmkb import --data /tmp/pmkb-synth /tmp/synth10k.jsonl
//
// It skips unless PMKB_SYNTH_OUT is set, and checks that the file reads
// back as the records it was written from.
func TestWriteSynthCorpus(t *testing.T) {
	out := os.Getenv("PMKB_SYNTH_OUT")
	if out == "" {
		t.Skip("PMKB_SYNTH_OUT not set")
	}
	n, err := strconv.Atoi(os.Getenv("PMKB_SYNTH_N"))
	if err != nil || n <= 0 {
		t.Fatalf("PMKB_SYNTH_N: got %q, want a positive number of records", os.Getenv("PMKB_SYNTH_N"))
	}
	pms := synthCorpus(t, n)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, pm := range pms {
		if err := enc.Encode(pm); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := ReadRecords(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != n || back[n-1].ID != pms[n-1].ID || back[n-1].Body != pms[n-1].Body {
		t.Errorf("read back %d records (last %s), want %d (last %s)", len(back), back[len(back)-1].ID, n, pms[n-1].ID)
	}
}
