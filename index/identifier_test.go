package index

import (
	"context"
	"slices"
	"testing"
)

func TestSplitIdentifier(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"SequelizeConnectionAcquireTimeoutError:", []string{"sequelize", "connection", "acquire", "timeout", "error"}},
		{"java.lang.OutOfMemoryError", []string{"java", "lang", "out", "of", "memory", "error"}},
		{"pool_timeout_exceeded", []string{"pool", "timeout", "exceeded"}},
		{"HTTPServerError", []string{"http", "server", "error"}},
		{"kubernetes", []string{"kubernetes"}},
		{"10.0.0.1:5432", nil},
	}
	for _, tc := range tests {
		if got := splitIdentifier(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitIdentifier(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestUnknownIdentifier checks that an identifier no record holds is read
// as its words, and one the records hold is kept whole.
func TestUnknownIdentifier(t *testing.T) {
	ix := newTestIndex(t, bilingualCorpus())
	ctx := context.Background()
	res, err := ix.Search(ctx, Query{Text: "SequelizeConnectionPoolExhaustedError"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != "https://globex.example/pool" {
		t.Errorf("an unknown identifier: got %v, want the pool exhaustion first", hitURLs(res))
	}
	p, err := ix.plan(ctx, Query{Text: "MySQL"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.text) != 1 {
		t.Errorf("MySQL, which records hold: got %d clauses, want it whole", len(p.text))
	}
}
