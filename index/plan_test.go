package index

import (
	"context"
	"fmt"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// TestAdjacentWordsTogether checks that two words typed next to each
// other rank the record whose title holds both above one whose title
// holds one and summary the other, however often.
func TestAdjacentWordsTogether(t *testing.T) {
	together := rec("https://acme.example/together", "An eviction storm overloads the origin", "Acme", "2023-01-23",
		"The cache emptied and every request went to the origin, which could not keep up.", "", nil, nil)
	apart := rec("https://globex.example/apart", "Storm over the region", "Globex", "2023-02-01",
		"Eviction of cache entries; more eviction; the eviction rate doubled.", "", nil, nil)
	ix := newTestIndex(t, []data.Postmortem{apart, together})
	res, err := ix.Search(context.Background(), Query{Text: "eviction storm"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 2 || res.Hits[0].URL != together.URL {
		t.Errorf("got %v, want %s first", hitURLs(res), together.URL)
	}
}

// TestFrenchQueryShareDF checks that a French query's words are weighed
// by their share of the French records: words every French record holds
// do not outrank the English post that names the query's other word.
func TestFrenchQueryShareDF(t *testing.T) {
	var pms []data.Postmortem
	for i, title := range []string{"Problème de base de données sur le serveur", "Problème réseau du serveur", "Problème de disque du serveur"} {
		fr := rec(fmt.Sprintf("https://hebergeur.example/%d", i), title, "Hébergeur", fmt.Sprintf("2023-01-0%d", i+1),
			"Le service a été indisponible pendant une heure.", "", nil, nil)
		fr.Language = "fr"
		pms = append(pms, fr)
	}
	clock := rec("https://initech.example/clock", "The clock of a Windows server jumped months ahead", "Initech", "2024-02-01",
		"Rows got timestamps months ahead.", "", nil, nil)
	for i := range 6 {
		pms = append(pms, rec(fmt.Sprintf("https://other.example/%d", i), "Deploy broke logins", "Other", "2022-01-01",
			"A bad deploy broke the login page for an hour.", "", nil, nil))
	}
	ix := newTestIndex(t, append(pms, clock))
	res, err := ix.Search(context.Background(), Query{Text: "problème d'horloge sur le serveur"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != clock.URL {
		t.Errorf("got %v, want %s first", hitURLs(res), clock.URL)
	}
}
