package index

import (
	"context"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// bilingualCorpus adds to smallCorpus a French record and English records
// that only the glossary connects to French words.
func bilingualCorpus() []data.Postmortem {
	pms := smallCorpus()
	tz := rec("https://initech.example/tz", "Invoices dated the wrong day after a timezone change", "Initech", "2022-03-27",
		"Billing jobs used the server's timezone instead of UTC, so invoices moved to the previous day.",
		"A timezone setting changed on the billing hosts.", []string{"time", "config-change"}, nil)
	fr := rec("https://hebergeur.example/coupure", "Coupure de courant dans la salle serveurs", "Hébergeur", "2021-06-02",
		"Une coupure de courant a arrêté la moitié des baies pendant deux heures.",
		"L'onduleur n'a pas pris le relais.", []string{"facility"}, nil)
	fr.Language = "fr"
	pool := rec("https://globex.example/pool", "API down after the connection pool ran dry", "Globex", "2023-01-09",
		"Every request waited on the database connection pool, which was exhausted by a slow query.",
		"Connection pool exhaustion caused by long transactions.", []string{"database", "capacity"}, []string{"PostgreSQL"})
	return append(pms, tz, fr, pool)
}

// TestGlossaryExpansion checks that the glossary connects the words typed
// to the words of the posts, across languages, as optional alternatives
// weighed below the words themselves.
func TestGlossaryExpansion(t *testing.T) {
	ix := newTestIndex(t, bilingualCorpus())
	ctx := context.Background()
	tests := []struct {
		q    string
		want string // URL of the first hit
	}{
		{"fuseau horaire", "https://initech.example/tz"},                  // French words, English post
		{"power outage server room", "https://hebergeur.example/coupure"}, // English words, French post
		{"ran out of connections", "https://globex.example/pool"},         // the user's words, not the post's
		{"coupure de courant", "https://hebergeur.example/coupure"},       // the words themselves first
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			res, err := ix.Search(ctx, Query{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 || res.Hits[0].URL != tc.want {
				t.Errorf("first hit: got %v, want %s", hitURLs(res), tc.want)
			}
		})
	}
	// A word typed outranks its synonym: "k8s" finds the record that says
	// Kubernetes, and a record saying k8s itself would come first.
	res, err := ix.Search(ctx, Query{Text: "k8s"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != "https://initech.example/k8s-upgrade" {
		t.Errorf("k8s: got %v, want the Kubernetes upgrade first", hitURLs(res))
	}
}

// TestGlossaryCategories checks that a query naming a concept of the
// glossary prefers the incidents carrying its category, without filtering
// the others out.
func TestGlossaryCategories(t *testing.T) {
	ix := newTestIndex(t, bilingualCorpus())
	p, err := ix.plan(context.Background(), Query{Text: "expired cert"})
	if err != nil {
		t.Fatal(err)
	}
	var cats []string
	for _, l := range p.boost {
		if l.Field == fCategory {
			cats = append(cats, string(l.Term))
		}
	}
	if !slices.Contains(cats, "certificate") {
		t.Errorf("category boosts of %q: got %v, want certificate", "expired cert", cats)
	}
	res, err := ix.Search(context.Background(), Query{Text: "expired cert"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != "https://umbrella.example/cert-expiry" {
		t.Errorf("expired cert: got %v, want the certificate expiry first", hitURLs(res))
	}
}

// TestLongQueryBlendsLikeMine checks that a query of five words or more
// also ranks by the evidence "like mine" uses, and a short one does not.
func TestLongQueryBlendsLikeMine(t *testing.T) {
	ix := newTestIndex(t, bilingualCorpus())
	ctx := context.Background()
	for _, tc := range []struct {
		q    string
		long bool
	}{
		{"dns outage", false},
		{"our resolvers returned NXDOMAIN after the zone transfer", true},
	} {
		p, err := ix.plan(ctx, Query{Text: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(p.like) > 0; got != tc.long {
			t.Errorf("%q: like-mine clauses %v, want %v", tc.q, got, tc.long)
		}
	}
	res, err := ix.Search(ctx, Query{Text: "les requêtes attendaient toutes une connexion à la base, pool épuisé"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != "https://globex.example/pool" {
		t.Errorf("a French sentence about an English post: got %v, want the pool exhaustion first", hitURLs(res))
	}
}

func hitURLs(r Results) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.URL
	}
	return out
}

// TestCollapses checks which glossary terms of several words are not
// searched as alternatives: those their stop words reduce to one word.
func TestCollapses(t *testing.T) {
	ix := newTestIndex(t, qaCorpus())
	tests := []struct {
		lang, term string
		want       bool
	}{
		{"en", "fail over", true},
		{"en", "time out", true},
		{"en", "automatic failover", false},
		{"en", "failover", false},
		{"en", "dns resolution failure", false},
	}
	for _, tc := range tests {
		t.Run(tc.term, func(t *testing.T) {
			if got := ix.collapses(tc.lang, tc.term); got != tc.want {
				t.Errorf("collapses(%q, %q): got %v, want %v", tc.lang, tc.term, got, tc.want)
			}
		})
	}
}

// TestGlossaryElided checks that a French word typed with an elided
// article or pronoun still finds its glossary entry's English terms.
func TestGlossaryElided(t *testing.T) {
	clock := rec("https://initech.example/clock", "The system clock jumped months ahead", "Initech", "2024-02-01",
		"Rows got timestamps months ahead.", "", nil, nil)
	other := rec("https://other.example/deploy", "Deploy broke logins", "Other", "2022-01-01",
		"A bad deploy broke the login page for an hour.", "", nil, nil)
	ix := newTestIndex(t, []data.Postmortem{clock, other})
	res, err := ix.Search(context.Background(), Query{Text: "d'horloge"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != clock.URL {
		t.Errorf("got %v, want %s first", hitURLs(res), clock.URL)
	}
}

// TestGlossaryFrenchBody checks that a French glossary term of several
// words is found in a French post's body.
func TestGlossaryFrenchBody(t *testing.T) {
	fr := func(url, title, body string) data.Postmortem {
		pm := rec(url, title, "Hébergeur", "2021-06-02", "", "", nil, nil)
		pm.Language, pm.Body = "fr", body
		return pm
	}
	card := fr("https://hebergeur.example/panne", "Panne du serveur web principal",
		"Le serveur a perdu sa carte réseau pendant la nuit, puis le service est revenu après son remplacement.")
	other := fr("https://hebergeur.example/lent", "Lenteurs du serveur web principal",
		"Un réseau saturé pendant la nuit, puis le service est revenu.")
	ix := newTestIndex(t, append(smallCorpus(), card, other))
	res, err := ix.Search(context.Background(), Query{Text: "nic"})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitURLs(res); !slices.Equal(got, []string{card.URL}) {
		t.Errorf("got %v, want only %s", got, card.URL)
	}
}
