package index

import (
	"context"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/data"
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

// TestIdentifierTail checks that an identifier no record holds finds the
// record quoting its tail: the error's own name without the library's
// prefix.
func TestIdentifierTail(t *testing.T) {
	quoted := rec("https://acme.example/acquire", "API errors at peak", "Acme", "2023-01-23",
		"Many 500s, often with ConnectionAcquireTimeoutError, while queries took minutes.", "", nil, nil)
	words := rec("https://globex.example/timeout", "Connection timeout error on acquire", "Globex", "2023-02-01",
		"A connection error: the timeout to acquire a lock was too short.", "", nil, nil)
	ix := newTestIndex(t, []data.Postmortem{quoted, words})
	res, err := ix.Search(context.Background(), Query{Text: "SequelizeConnectionAcquireTimeoutError"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != quoted.URL {
		t.Errorf("got %v, want %s first", hitURLs(res), quoted.URL)
	}
}
