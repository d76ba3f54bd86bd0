package index

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

func TestPutGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	pms := smallCorpus()
	pms[0].Body = "Long body text <b>with markup</b> & symbols."
	pms[0].CategoryEvidence = map[string]string{"failover": "the failover tool promoted a replica"}
	pms[0].Sections = data.Sections{Timeline: "10:00 alert", Impact: "writes lost"}
	ix := newTestIndex(t, pms)
	for _, want := range pms {
		got, err := ix.Get(ctx, want.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", want.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Get(%s):\ngot  %+v\nwant %+v", want.ID, got, want)
		}
	}
	n, err := ix.Count(ctx)
	if err != nil || n != uint64(len(pms)) {
		t.Errorf("Count: got %d (%v), want %d", n, err, len(pms))
	}
	if _, err := ix.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope): got %v, want ErrNotFound", err)
	}
}

func TestPutRejectsRecordWithoutID(t *testing.T) {
	ix := newTestIndex(t, nil)
	pms := smallCorpus()
	pms[1].ID = ""
	if err := ix.PutBatch(context.Background(), pms); err == nil {
		t.Fatal("PutBatch with an id-less record: got nil error")
	}
	if n, _ := ix.Count(context.Background()); n != 0 {
		t.Errorf("Count after a rejected batch: got %d, want 0", n)
	}
}

func TestEachInIDOrder(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	var ids []string
	err := ix.Each(context.Background(), func(pm data.Postmortem) error {
		ids = append(ids, pm.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(smallCorpus()) {
		t.Fatalf("Each: got %d records, want %d", len(ids), len(smallCorpus()))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Fatalf("Each: ids out of order: %v", ids)
		}
	}
	stop := errors.New("stop")
	n := 0
	err = ix.Each(context.Background(), func(data.Postmortem) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Each with a failing fn: got %v after %d calls, want stop after 1", err, n)
	}
}

func TestSearchBasics(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	ctx := context.Background()
	tests := []struct {
		name  string
		q     Query
		first string // URL of the expected first hit
		total uint64
	}{
		{"words", Query{Text: "mysql split brain"}, "https://acme.example/blog/db-failover", 1},
		{"synonym k8s", Query{Text: "k8s upgrade"}, "https://initech.example/k8s-upgrade", 1},
		{"synonym cert", Query{Text: "cert expired"}, "https://umbrella.example/cert-expiry", 2},
		{"rm -rf finds deleted", Query{Text: "rm -rf"}, "https://hooli.example/rm-rf", 1},
		{"phrase", Query{Text: `"leap second"`}, "https://acme.example/blog/leap-second", 1},
		{"company filter", Query{Text: "company:acme leap"}, "https://acme.example/blog/leap-second", 1},
		{"category facet", Query{Categories: []string{"dns"}}, "https://globex.example/post/dns-ttl", 1},
		{"year range", Query{Text: "year:2019..2021", Sort: SortOldest}, "https://globex.example/post/dns-ttl", 3},
		{"negation", Query{Text: "database -mysql"}, "https://hooli.example/rm-rf", 1},
		{"newest", Query{Sort: SortNewest}, "https://umbrella.example/cert-expiry", 6},
		{"prefix", Query{Text: "kuber*"}, "https://initech.example/k8s-upgrade", 1},
		{"fuzzy", Query{Text: "kubernetis~"}, "https://initech.example/k8s-upgrade", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, tc.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if r.Total != tc.total {
				t.Errorf("total: got %d, want %d (hits %v)", r.Total, tc.total, hitIDs(r))
			}
			if len(r.Hits) == 0 || r.Hits[0].URL != tc.first {
				t.Fatalf("first hit: got %v, want %s", hitIDs(r), tc.first)
			}
		})
	}
}

// TestSearchValidation checks that every mistake in a request is a
// *QueryError naming the parameter at fault, and whether it is a limit
// (the API's bad_request) or a query the index cannot run (invalid_query).
func TestSearchValidation(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	many := make([]string, MaxFilterValues+1)
	for i := range many {
		many[i] = fmt.Sprint("c", i)
	}
	tests := []struct {
		name  string
		q     Query
		param string
		limit bool
	}{
		{"negative size", Query{Size: -1}, "size", true},
		{"size too big", Query{Size: 101}, "size", true},
		{"negative from", Query{From: -1}, "from", true},
		{"window too deep", Query{From: 9995, Size: 10}, "from", true},
		{"unknown sort", Query{Sort: "popular"}, "sort", true},
		{"text not UTF-8", Query{Text: "dns \xff"}, "q", true},
		{"too many filter values", Query{Companies: many}, FacetCompany, true},
		{"filter value too long", Query{Sources: []string{strings.Repeat("x", MaxFilterLen+1)}}, FacetSource, true},
		{"bad year filter", Query{Years: []string{"17"}}, FacetYear, true},
		{"year out of range", Query{Years: []string{"0001"}}, FacetYear, false},
		{"bad syntax", Query{Text: "(dns OR bgp) outage"}, "q", false},
		{"unknown category", Query{Categories: []string{"nope"}}, FacetCategory, false},
		{"unknown category in text", Query{Text: "category:nope"}, "q", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tc.q)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("got %v, want a *QueryError", err)
			}
			if qe.Param != tc.param || qe.Limit != tc.limit {
				t.Errorf("got param %q, limit %v (%s); want %q, %v", qe.Param, qe.Limit, qe.Msg, tc.param, tc.limit)
			}
		})
	}
	r, err := ix.Search(context.Background(), Query{})
	if err != nil || len(r.Hits) != 6 {
		t.Errorf("empty query: got %d hits (%v), want all 6", len(r.Hits), err)
	}
}

func TestDisjunctiveFacets(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	r, err := ix.Search(context.Background(), Query{Categories: []string{"dns"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 1 {
		t.Fatalf("total: got %d, want 1", r.Total)
	}
	// The category facet ignores its own filter, so other categories still
	// show how many records picking them would add.
	if got := facetCount(r, FacetCategory, "database"); got != 2 {
		t.Errorf("category database count: got %d, want 2", got)
	}
	// Other facets are narrowed by the category filter.
	if got := facetCount(r, FacetCompany, "Acme"); got != 0 {
		t.Errorf("company Acme count under category dns: got %d, want 0", got)
	}
	if got := facetCount(r, FacetCompany, "Globex"); got != 1 {
		t.Errorf("company Globex count: got %d, want 1", got)
	}
	if got := facetCount(r, FacetSource, "danluu: Config errors"); got != 1 {
		t.Errorf("source section count: got %d, want 1", got)
	}
	if got := facetCount(r, FacetSource, "talk"); got != 1 {
		t.Errorf("source list count: got %d, want 1", got)
	}
	// OR within a facet.
	r, err = ix.Search(context.Background(), Query{Categories: []string{"dns", "time"}})
	if err != nil || r.Total != 2 {
		t.Errorf("two categories: got total %d (%v), want 2", r.Total, err)
	}
}

func TestDidYouMean(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	ctx := context.Background()
	tests := []struct {
		name, text, want string
		total            uint64
	}{
		{"one typo", "kubrenetes upgrade", "kubernetes upgrade", 1},
		{"two typos", "certficate expiry", "certificate expiry", 1},
		{"known words get no suggestion", "leap second", "", 1},
		{"nothing close", "zzzzqqq", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, Query{Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			if r.DidYouMean != tc.want || r.Total != tc.total {
				t.Errorf("got did-you-mean %q with %d hits, want %q with %d", r.DidYouMean, r.Total, tc.want, tc.total)
			}
		})
	}
}

func TestBrowseCache(t *testing.T) {
	ix := newTestIndex(t, smallCorpus())
	ctx := context.Background()
	q := Query{Categories: []string{"database"}}
	first, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	first.Hits[0].Title = "changed by the caller"
	again, err := ix.Search(ctx, q)
	if err != nil || again.Total != first.Total || again.Hits[0].Title == "changed by the caller" {
		t.Fatalf("cached browse: got %d hits, first title %q (%v)", again.Total, again.Hits[0].Title, err)
	}
	extra := rec("https://new.example/db", "Another database story", "New", "2025-01-01", "s", "r", []string{"database"}, nil)
	if err := ix.Put(ctx, extra); err != nil {
		t.Fatal(err)
	}
	after, err := ix.Search(ctx, q)
	if err != nil || after.Total != first.Total+1 {
		t.Errorf("browse after a write: got total %d (%v), want %d", after.Total, err, first.Total+1)
	}
}

// TestDidYouMeanSurface checks that suggestions come from company names and
// French texts too, spelt as the records spell them (the vocabulary holds
// stemmed terms).
func TestDidYouMeanSurface(t *testing.T) {
	fr := rec("https://ovh.example/panne", "Panne de l'hyperviseur", "OVHcloud", "2021-03-10", "Les hyperviseurs ont redémarré.", "", []string{"hardware"}, nil)
	fr.Language = "fr"
	ix := newTestIndex(t, []data.Postmortem{
		rec("https://cf.example/regex", "Regex outage", "Cloudflare", "2019-07-02", "A regular expression burned CPU.", "", []string{"config"}, nil),
		rec("https://le.example/certs", "Certificates expired", "Letsencrypt", "2021-09-30", "One root certificate expired; clients refused the certificates.", "", []string{"certificate"}, nil),
		rec("https://gl.example/lb", "Overall latency rose", "Globex", "2018-02-02", "Health checks added overhead overall.", "", []string{"network"}, nil),
		fr,
	})
	for text, want := range map[string]string{
		"cloudflre":   "cloudflare",
		"hyperviseru": "hyperviseur",
		"regualr":     "regular",
		"certficate":  "certificate", // the record's nearest spelling, not its first ("Certificates")
	} {
		r, err := ix.Search(context.Background(), Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if r.DidYouMean != want || r.Total != 1 {
			t.Errorf("%q: got did-you-mean %q with %d hits, want %q with 1", text, r.DidYouMean, r.Total, want)
		}
	}
	// The term of "overheating", "overh", is two edits from "overal"
	// (overall), but the words are far apart: no suggestion.
	r, err := ix.Search(context.Background(), Query{Text: "overheating"})
	if err != nil || r.DidYouMean != "" {
		t.Errorf("overheating: got did-you-mean %q (%v), want none", r.DidYouMean, err)
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "abc", 3}, {"metl", "metal", 1}, {"kubrenetes", "kubernetes", 2}, {"café", "cafe", 1}, {"same", "same", 0}} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestChunkSize(t *testing.T) {
	for _, tc := range []struct{ n, most, procs, want int }{
		{5000, 2500, 2, 2500}, // two batches, one per core
		{5000, 2500, 1, 2500},
		{5000, 1000, 2, 834}, // five batches rounded up to six
		{100, 2500, 2, 50},   // a small write still uses both cores
		{1, 2500, 2, 1},
		{0, 2500, 2, 1},
	} {
		if got := chunkSize(tc.n, tc.most, tc.procs); got != tc.want {
			t.Errorf("chunkSize(%d, %d, %d) = %d, want %d", tc.n, tc.most, tc.procs, got, tc.want)
		}
	}
}
