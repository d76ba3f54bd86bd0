package index

import (
	"context"
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
