package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// synthCorpus scales the embedded catalog and the fixture records to n
// synthetic records for benchmarks: each borrows a base record's title
// words, categories and technologies, and a body of sentences drawn from
// many base records, under one of about 3,000 companies and a date
// between 2005 and 2025. The output is deterministic for a given n.
func synthCorpus(tb testing.TB, n int) []data.Postmortem {
	tb.Helper()
	base := synthBase(tb)
	var sentences []string
	for _, pm := range base {
		for _, t := range []string{pm.Summary, pm.RootCause, pm.Body} {
			for _, s := range strings.SplitAfter(t, ". ") {
				if s = strings.TrimSpace(s); len(s) > 20 {
					sentences = append(sentences, s)
				}
			}
		}
	}
	lists := []data.Source{
		{List: "danluu", Section: "Config Errors"}, {List: "danluu", Section: "Hardware/Power Failures"},
		{List: "danluu", Section: "Database"}, {List: "talk"}, {List: "status-pages", Section: "Cloud"},
	}
	r := rand.New(rand.NewPCG(uint64(n), 42))
	out := make([]data.Postmortem, n)
	for i := range out {
		b := base[r.IntN(len(base))]
		url := fmt.Sprintf("https://synthetic.example/%d/%s", i, strings.ToLower(strings.ReplaceAll(b.Company, " ", "-")))
		words := strings.Fields(b.Title)
		r.Shuffle(len(words), func(a, c int) { words[a], words[c] = words[c], words[a] })
		var body strings.Builder
		for range 6 + r.IntN(10) {
			body.WriteString(sentences[r.IntN(len(sentences))])
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
			Company:      fmt.Sprintf("%s %d", b.Company, r.IntN(30)), // about 3,000 companies
			Language:     b.Language,
			IncidentDate: fmt.Sprintf("%d-%02d-%02d", 2005+r.IntN(21), 1+r.IntN(12), 1+r.IntN(28)),
			Summary:      sentences[r.IntN(len(sentences))] + " " + sentences[r.IntN(len(sentences))],
			RootCause:    sentences[r.IntN(len(sentences))],
			Body:         body.String(),
			Categories:   cats,
			Technologies: b.Technologies,
			Sources:      []data.Source{lists[r.IntN(len(lists))]},
			Fetch:        data.Fetch{Status: data.FetchOK},
		}
	}
	return out
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
}
