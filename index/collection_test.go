package index

import (
	"context"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// TestCollections: the collection facet counts records without one as
// public, the filter keeps one collection, and dedupe never folds a record
// of one collection into a record of another.
func TestCollections(t *testing.T) {
	ctx := context.Background()
	ix := newTestIndex(t, nil)
	pms := smallCorpus()
	// Our own write-up of Globex's DNS incident: the public record's twin
	// in all but its collection.
	ours := rec("https://wiki.example/pm/globex-dns", "Expired DNS records took the site offline", "Globex", "2019-07-14",
		"Our view of the resolvers returning NXDOMAIN.", "", []string{"dns"}, nil)
	ours.Collection = "ours"
	if err := ix.PutBatch(ctx, append(pms, ours)); err != nil {
		t.Fatal(err)
	}
	r, err := ix.Search(ctx, Query{Text: "dns"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 2 {
		t.Errorf("dns across collections: got %d hits %v, want 2 (no dedupe across collections)", r.Total, hitIDs(r))
	}
	want := []FacetValue{{Value: "public", Count: 1}, {Value: "ours", Count: 1}}
	if got := r.Facets[FacetCollection]; !sameValues(got, want) {
		t.Errorf("collection facet: got %v, want %v", got, want)
	}
	r, err = ix.Search(ctx, Query{Text: "dns", Collections: []string{"Ours"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(r); !slices.Equal(got, []string{ours.ID}) {
		t.Errorf("collection=ours: got %v, want [%s]", got, ours.ID)
	}
	if r.Hits[0].Collection != "ours" {
		t.Errorf("hit collection: got %q, want ours", r.Hits[0].Collection)
	}
}

func sameValues(a, b []FacetValue) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	less := func(p, q FacetValue) int {
		if p.Value < q.Value {
			return -1
		}
		if p.Value > q.Value {
			return 1
		}
		return 0
	}
	slices.SortFunc(x, less)
	slices.SortFunc(y, less)
	return slices.Equal(x, y)
}

// TestDelete: a deleted record is gone from Get and searches, and its
// duplicate stands for the incident again.
func TestDelete(t *testing.T) {
	ctx := context.Background()
	ix := newTestIndex(t, nil)
	pms := smallCorpus()
	twin := rec("https://status.globex.example/incidents/42", "DNS records expired", "Globex", "2019-07-14",
		"Status page summary of the nameserver trouble.", "", []string{"dns"}, nil)
	twin.Fetch.Status = data.FetchSkipped
	if err := ix.PutBatch(ctx, append(pms, twin)); err != nil {
		t.Fatal(err)
	}
	primary := pms[1].ID
	if r, _ := ix.Search(ctx, Query{Text: "nameserver"}); !slices.Equal(hitIDs(r), []string{primary}) {
		t.Fatalf("before: got %v, want the primary %s", hitIDs(r), primary)
	}
	if err := ix.Delete(ctx, primary, "no-such-id"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(ctx, primary); err == nil {
		t.Errorf("Get of a deleted record: got it, want ErrNotFound")
	}
	r, err := ix.Search(ctx, Query{Text: "nameserver"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hitIDs(r), []string{twin.ID}) {
		t.Errorf("after: got %v, want the former duplicate %s", hitIDs(r), twin.ID)
	}
	if n, _ := ix.Count(ctx); n != uint64(len(pms)) {
		t.Errorf("Count: got %d, want %d", n, len(pms))
	}
}

// TestDeleteDuringReindex: a record deleted while a reindex copies the
// index is gone from the index that replaces it.
func TestDeleteDuringReindex(t *testing.T) {
	ctx := context.Background()
	ix := openDir(t, t.TempDir())
	defer ix.Close()
	pms := smallCorpus()
	if err := ix.PutBatch(ctx, pms); err != nil {
		t.Fatal(err)
	}
	ix.afterCopy = func() {
		if err := ix.Delete(ctx, pms[0].ID); err != nil {
			t.Error(err)
		}
	}
	if err := ix.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	ix.afterCopy = nil
	if _, err := ix.Get(ctx, pms[0].ID); err == nil {
		t.Errorf("record deleted during the reindex: still there after the swap")
	}
	if n, _ := ix.Count(ctx); n != uint64(len(pms)-1) {
		t.Errorf("Count: got %d, want %d", n, len(pms)-1)
	}
}
