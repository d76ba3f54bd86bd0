package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSimilar(t *testing.T) {
	pms := smallCorpus()
	// A second failover story shares terms, a category and MySQL with the
	// first record.
	pms = append(pms, rec("https://wayne.example/pm/replica-promotion", "Replica promotion during a network partition", "Wayne", "2018-05-01",
		"Both database nodes accepted writes after the orchestrator promoted a replica; conflicting rows had to be reconciled by hand.",
		"The failover tool did not fence the old primary before promoting the replica.",
		[]string{"failover", "database"}, []string{"MySQL"}))
	ix := newTestIndex(t, pms)
	ctx := context.Background()
	r, err := ix.Similar(ctx, pms[0].ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].URL != "https://wayne.example/pm/replica-promotion" {
		t.Fatalf("first similar hit: got %v, want the replica promotion story", hitIDs(r))
	}
	for _, h := range r.Hits {
		if h.ID == pms[0].ID {
			t.Errorf("Similar returned the record itself")
		}
		if h.Why == nil {
			t.Fatalf("hit %s has no Why", h.ID)
		}
	}
	why := r.Hits[0].Why
	if !slices.Contains(why.Categories, "failover") || !slices.Contains(why.Technologies, "MySQL") {
		t.Errorf("Why: got %+v, want failover and MySQL shared", why)
	}
	if !slices.Contains(why.Terms, "replica") {
		t.Errorf("Why.Terms: got %v, want it to hold %q", why.Terms, "replica")
	}
	if _, err := ix.Similar(ctx, "nope", 3); !errors.Is(err, ErrNotFound) {
		t.Errorf("Similar(nope): got %v, want ErrNotFound", err)
	}
}

func TestSimilarText(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	ctx := context.Background()
	alert := "CRITICAL: x509 certificate has expired for api.umbrella.example; TLS handshake failures from mobile clients"
	r, err := ix.SimilarText(ctx, alert, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].URL != "https://umbrella.example/cert-expiry" {
		t.Fatalf("first hit: got %v, want the certificate expiry", hitIDs(r))
	}
	if w := r.Hits[0].Why; w == nil || !slices.Contains(w.Categories, "certificate") || !slices.Contains(w.Technologies, "TLS") {
		t.Errorf("Why: got %+v, want category certificate and technology TLS", w)
	}
	tests := []struct {
		name, text string
		size       int
	}{
		{"empty", "  \n", 5},
		{"too long", strings.Repeat("x", MaxSimilarText+1), 5},
		{"bad size", "dns", -1},
		{"size too big", "dns", MaxSize + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var qe *QueryError
			if _, err := ix.SimilarText(ctx, tc.text, tc.size); !errors.As(err, &qe) {
				t.Errorf("got %v, want a *QueryError", err)
			}
		})
	}
}

func TestRandom(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	ctx := context.Background()
	seen := map[string]bool{}
	for range 60 {
		pm, err := ix.Random(ctx, Query{Categories: []string{"database"}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(pm.Categories, "database") {
			t.Fatalf("Random with category database returned %s with %v", pm.ID, pm.Categories)
		}
		seen[pm.ID] = true
	}
	if len(seen) != 2 {
		t.Errorf("Random over 2 matching records picked %d distinct ones in 60 draws, want 2", len(seen))
	}
	if _, err := ix.Random(ctx, Query{Text: "zebra"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Random with no match: got %v, want ErrNotFound", err)
	}
	var qe *QueryError
	if _, err := ix.Random(ctx, Query{Categories: []string{"bogus"}}); !errors.As(err, &qe) {
		t.Errorf("Random with a bad category: got %v, want a *QueryError", err)
	}
}

func TestStats(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Incidents != 6 || st.Records != 6 {
		t.Errorf("incidents/records: got %d/%d, want 6/6", st.Incidents, st.Records)
	}
	want := map[string]int{"database": 2, "software-bug": 2, "dns": 1}
	got := map[string]int{}
	for _, v := range st.Categories {
		got[v.Value] = v.Count
	}
	for c, n := range want {
		if got[c] != n {
			t.Errorf("category %s: got %d, want %d (categories %v)", c, got[c], n, st.Categories)
		}
	}
	if len(st.Years) == 0 || st.Years[0].Value != "2012" {
		t.Errorf("years: got %v, want them in order from 2012", st.Years)
	}
	if len(st.Companies) == 0 || st.Companies[0] != (FacetValue{Value: "Acme", Count: 2}) {
		t.Errorf("companies: got %v, want Acme with 2 first", st.Companies)
	}
}

func TestNamedTags(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	cats, techs, err := ix.namedTags(context.Background(), "Our k8s cluster lost DNS; kubernetes pods crash, cert expired. At the time nothing alerted.")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dns", "certificate"} {
		if !slices.Contains(cats, want) {
			t.Errorf("categories: got %v, want %q among them", cats, want)
		}
	}
	if slices.Contains(cats, "time") {
		t.Errorf("categories: got %v, want no vague \"time\"", cats)
	}
	if !slices.Contains(techs, "kubernetes") {
		t.Errorf("technologies: got %v, want kubernetes", techs)
	}
	// Failure classes in alert text, through the glossary.
	for text, want := range map[string]string{
		"FATAL: remaining connection slots are reserved for non-replication superuser connections": "capacity",
		"x509: certificate has expired or is not yet valid":                                        "certificate",
		"kubelet: no space left on device":                                                         "storage",
	} {
		cats, _, err := ix.namedTags(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(cats, want) {
			t.Errorf("categories of %q: got %v, want %q", text, cats, want)
		}
	}
}

// TestSimilarWhy holds "like mine"'s Why to meaningful words the text and
// the hit share: words of the text, whole, each once, never a stop word
// or a function word of either language, never a piece of a word.
func TestSimilarWhy(t *testing.T) {
	ix := newTestIndex(t, bilingualCorpus())
	ctx := context.Background()
	texts := []string{
		"Toutes les requêtes attendaient une connexion à la base depuis le déploiement; le pool est épuisé et l'API ne répond plus.",
		"The primary was promoted while the old one still accepted writes, and we also lost the replica for hours.",
		"x509: certificate has expired or is not yet valid; mobile clients can't connect to the API since Sunday.",
	}
	for _, text := range texts {
		res, err := ix.SimilarText(ctx, text, 5)
		if err != nil {
			t.Fatal(err)
		}
		lower := strings.ToLower(text)
		shared := 0
		for _, h := range res.Hits {
			seen := map[string]bool{}
			for _, w := range h.Why.Terms {
				shared++
				switch {
				case seen[w]:
					t.Errorf("%q, hit %s: %q listed twice", text, h.Title, w)
				case len([]rune(w)) < 3 || functionWords[w]:
					t.Errorf("%q, hit %s: %q is no meaningful word", text, h.Title, w)
				case !containsWord(lower, w):
					t.Errorf("%q, hit %s: %q is not a whole word of the text", text, h.Title, w)
				}
				seen[w] = true
			}
		}
		if shared == 0 {
			t.Errorf("%q: no hit shares a word", text)
		}
	}
}

// containsWord reports whether text holds w between non-letters.
func containsWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[at+len(w):])
		if (at == 0 || !unicode.IsLetter(before)) && (at+len(w) == len(text) || !unicode.IsLetter(after)) {
			return true
		}
		i = at + len(w)
	}
}
