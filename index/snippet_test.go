package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/snippet"
)

func TestSnippets(t *testing.T) {
	pms := smallCorpus()
	pms[0].RootCause = `The <script>failover</script> tool promoted a replica & the old primary kept "writes".`
	pms[4].Body = strings.Repeat("Nothing to see in this paragraph. ", 30) +
		"Then the leap second arrived and every Java process spun at full CPU. " + strings.Repeat("More filler text here. ", 30)
	ix := newTestIndex(t, pms)
	tests := []struct {
		name, q  string
		want     []string
		wantNot  []string
		firstURL string
	}{
		{"escaped with marks", "failover replica", []string{"&lt;script&gt;<mark>failover</mark>&lt;/script&gt;", "<mark>replica</mark>", "&amp;", "&#34;writes&#34;"}, []string{"<script>"}, pms[0].URL},
		{"passage from a long body", `"leap second" java`, []string{"<mark>leap</mark> <mark>second</mark>", "<mark>Java</mark>", "…"}, nil, pms[4].URL},
		{"stemmed match marks the word as written", "promoting", []string{"<mark>promoted</mark>"}, nil, pms[0].URL},
		{"synonym is marked", "cert", []string{"<mark>certificate</mark>"}, nil, pms[3].URL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), Query{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Hits) == 0 || r.Hits[0].URL != tc.firstURL {
				t.Fatalf("first hit: got %v, want %s", hitIDs(r), tc.firstURL)
			}
			sn := r.Hits[0].Snippet
			for _, w := range tc.want {
				if !strings.Contains(sn, w) {
					t.Errorf("snippet %q lacks %q", sn, w)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(sn, w) {
					t.Errorf("snippet %q holds %q", sn, w)
				}
			}
			if len(sn) > 2*snippet.Len {
				t.Errorf("snippet is %d bytes, want at most %d", len(sn), 2*snippet.Len)
			}
		})
	}
	// Without words, the snippet is the start of the summary, unmarked.
	r, err := ix.Search(context.Background(), Query{Companies: []string{"Globex"}})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("company filter: got %v (%v)", hitIDs(r), err)
	}
	if sn := r.Hits[0].Snippet; strings.Contains(sn, "<mark>") || !strings.HasPrefix(sn, "Our resolvers") {
		t.Errorf("snippet without words: got %q", sn)
	}
}

func TestFrenchAnalysis(t *testing.T) {
	fr := rec("https://hebergeur.example/incident", "Panne électrique dans la salle serveurs", "Hébergeur", "2022-03-01",
		"Les onduleurs ont lâché et les serveurs se sont arrêtés brutalement.",
		"Le groupe électrogène n'a pas démarré.", []string{"facility"}, nil)
	fr.Language = "fr"
	ix := newTestIndex(t, append(smallCorpus(), fr))
	ctx := context.Background()
	for _, q := range []string{"serveur", "arrêt", "électrogènes", "panne"} {
		r, err := ix.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 || r.Hits[0].ID != fr.ID {
			t.Errorf("%q: got %v, want the French record first (French stemming)", q, hitIDs(r))
		}
	}
	r, err := ix.Search(ctx, Query{Languages: []string{"fr"}})
	if err != nil || r.Total != 1 || facetCount(r, FacetLanguage, "en") != 6 {
		t.Errorf("language facet: got total %d, en count %d (%v), want 1 and 6", r.Total, facetCount(r, FacetLanguage, "en"), err)
	}
}

func TestQueryBounds(t *testing.T) {
	// Many distinct words sharing a prefix: a prefix query may not expand
	// beyond the limit, and says so as a user error.
	var pms []data.Postmortem
	for i := range 60 {
		var words []string
		for j := range 50 {
			words = append(words, "zq"+strings.Repeat(string(rune('a'+i%26)), 1+i/26)+strings.Repeat(string(rune('a'+j%26)), 1+j/26))
		}
		pm := rec("https://bounds.example/"+words[0], "t", "B", "", strings.Join(words, " "), "", nil, nil)
		pms = append(pms, pm)
	}
	ix := newTestIndex(t, pms)
	_, err := ix.Search(context.Background(), Query{Text: "zq*"})
	var qe *QueryError
	if !errors.As(err, &qe) || !strings.Contains(qe.Msg, "too many terms") {
		t.Errorf("wide prefix: got %v, want a QueryError about too many terms", err)
	}
	if _, err := ix.Search(context.Background(), Query{Text: "zqaa*"}); err != nil {
		t.Errorf("narrow prefix: %v", err)
	}
}

// TestSearchDeadline checks that the caller's deadline bounds a search,
// and that running out of time is not reported as the user's mistake.
func TestSearchDeadline(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	_, err := ix.Search(ctx, Query{Text: "database"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("search past its deadline: got %v, want context.DeadlineExceeded", err)
	}
	var qe *QueryError
	if errors.As(err, &qe) {
		t.Errorf("a timeout is not the user's fault, got a QueryError")
	}
}
