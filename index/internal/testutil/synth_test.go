package testutil

import (
	"strings"
	"testing"
)

func TestSynthCorpus(t *testing.T) {
	a, b := SynthCorpus(t, 300), SynthCorpus(t, 300)
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
