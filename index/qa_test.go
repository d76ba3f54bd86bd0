package index

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// qaCorpus holds the shapes of records behind the search defects QA found.
func qaCorpus() []data.Postmortem {
	return []data.Postmortem{
		rec("https://a.example/power", "Storm cuts power to the east region", "Amazon", "2012-06-29",
			"A storm took the power down and the generators failed.", "", []string{"facility"}, nil),
		rec("https://b.example/leak", "Parser bug leaks memory contents", "Cloudflare", "2017-02-17",
			"The HTML parser leaks memory into pages.", "", []string{"software-bug"}, nil),
		rec("https://c.example/pf", "Datacenter outage after a power failure", "Salesforce", "2016-05-09",
			"A power failure tripped the breakers.", "", []string{"facility"}, []string{"Kubernetes"}),
		rec("https://d.example/s3", "S3 typo removes servers", "AWS", "2017-02-28",
			"A mistyped command removed capacity.", "", []string{"human-error"}, []string{"PostgreSQL"}),
		rec("https://e.example/ci", "Build images deleted", "TravisCI", "2019-03-01",
			"A cleanup job deleted images.", "", []string{"automation"}, nil),
		rec("https://f.example/dns", "DNS records expired", "Globex", "2019-07-14",
			"The domain's DNS records expired.", "", []string{"dns"}, nil),
		rec("https://g.example/db", "Database failover loops", "Initech", "2018-01-10",
			"The database failed over repeatedly.", "", []string{"database"}, nil),
		rec("https://h.example/gl", "Engineer deletes the wrong directory", "GitLab", "2017-01-31",
			"rm -rf ran on the primary database host.", "", []string{"human-error"}, nil),
	}
}

func TestSearchQA(t *testing.T) {
	ctx := context.Background()
	pms := qaCorpus()
	ix := newTestIndex(t, pms)
	id := func(i int) string { return pms[i].ID }
	tests := []struct {
		name string
		q    Query
		want []string // the hits, in order when first matters
		set  bool     // compare as a set
	}{
		{"multi-word synonym typed: its words match apart", Query{Text: "power outage"}, []string{id(2), id(0)}, false},
		{"power failure: phrase first", Query{Text: "power failure"}, []string{id(2), id(0)}, false},
		{"memory leak finds leaks memory", Query{Text: "memory leak"}, []string{id(1)}, false},
		{"company name ranks", Query{Text: "gitlab database"}, []string{id(7), id(6)}, false},
		{"company filter through aliases", Query{Text: "company:aws"}, []string{id(0), id(3)}, true},
		{"company facet filter through aliases", Query{Companies: []string{"Amazon Web Services"}}, []string{id(0), id(3)}, true},
		{"company filter by word prefix", Query{Text: "company:travis"}, []string{id(4)}, false},
		{"company filter any case", Query{Companies: []string{"gitlab"}}, []string{id(7)}, false},
		{"tech alias in the text", Query{Text: "tech:k8s"}, []string{id(2)}, false},
		{"tech alias as a filter", Query{Technologies: []string{"postgres"}}, []string{id(3)}, false},
		{"NOT excludes", Query{Text: "records NOT dns"}, nil, false},
		{"double dash excludes", Query{Text: "--dns"}, nil, false},
		{"OR", Query{Text: "generators OR breakers"}, []string{id(0), id(2)}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(r)
			if tc.set {
				slices.Sort(got)
				slices.Sort(tc.want)
			}
			if len(tc.want) == 0 && tc.q.Text == "--dns" {
				if slices.Contains(got, id(5)) || len(got) != len(pms)-1 {
					t.Errorf("got %v, want every record but %s", got, id(5))
				}
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if r.DidYouMean != "" {
				t.Errorf("did you mean %q on a query that found records", r.DidYouMean)
			}
		})
	}
	r, err := ix.Search(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if n := facetCount(r, FacetCompany, "AWS"); n != 2 {
		t.Errorf("company facet AWS: got %d, want 2 (Amazon and AWS records)", n)
	}
	if n := facetCount(r, FacetCompany, "Travis CI"); n != 1 {
		t.Errorf("company facet Travis CI: got %d, want 1", n)
	}
	got, _ := ix.Get(ctx, id(0))
	if got.Company != "AWS" {
		t.Errorf("stored company: got %q, want the canonical AWS the facet shows", got.Company)
	}
	pm, err := ix.Random(ctx, Query{Technologies: []string{"k8s"}})
	if err != nil || pm.ID != id(2) {
		t.Errorf("Random(technology=k8s): got %s (%v), want %s", pm.ID, err, id(2))
	}
}

func TestSearchQAErrors(t *testing.T) {
	ix := newTestIndex(t, qaCorpus())
	// The language used wrongly: a known field with a bad value, a bad
	// range, parentheses that try to group, a dangling OR.
	for _, q := range []string{"year:abc", "year:2019..2015", `company:"" dns`, "(dns OR bgp)", "dns OR"} {
		_, err := ix.Search(context.Background(), Query{Text: q})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: got %v, want a QueryError", q, err)
		}
	}
}

// TestAllWordsFirstPaging checks that records holding all the words come
// first and that paging through a relaxed search gives the same order as
// one big page, without repeats. "storm" brings a third record in: the
// glossary's "fail over" is no longer searched as "fail" alone, which
// matched the storm's "generators failed".
func TestAllWordsFirstPaging(t *testing.T) {
	ctx := context.Background()
	ix := newTestIndex(t, qaCorpus())
	q := Query{Text: "database failover gitlab storm", Size: 10}
	all, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if all.Total < 3 {
		t.Fatalf("total: got %d, want at least 3", all.Total)
	}
	var paged []string
	for from := 0; from < int(all.Total); from++ {
		q.From, q.Size = from, 1
		r, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != all.Total {
			t.Errorf("from %d: total %d, want %d", from, r.Total, all.Total)
		}
		paged = append(paged, hitIDs(r)...)
	}
	if !slices.Equal(paged, hitIDs(all)) {
		t.Errorf("paged one by one: got %v, want %v", paged, hitIDs(all))
	}
	if got := hitIDs(all)[0]; got != qaCorpus()[6].ID {
		t.Errorf("first hit: got %s, want %s (database and failover)", got, qaCorpus()[6].ID)
	}
}

// TestNoDidYouMeanOverOwnResults checks that a word the spelling
// vocabulary lacks but the records match (here a company alias) is not
// "corrected" away from the records it found.
func TestNoDidYouMeanOverOwnResults(t *testing.T) {
	pms := []data.Postmortem{
		rec("https://fb.example/x", "Backbone outage", "Facebook", "2021-10-04", "The backbone went down.", "", []string{"network"}, nil),
		rec("https://m.example/y", "Metal racks overheat", "Initech", "2020-01-01", "Metal racks got hot.", "", []string{"facility"}, nil),
	}
	ix := newTestIndex(t, pms)
	r, err := ix.Search(context.Background(), Query{Text: "meta backbone"})
	if err != nil {
		t.Fatal(err)
	}
	if r.DidYouMean != "" || !slices.Equal(hitIDs(r), []string{pms[0].ID}) {
		t.Errorf("got %v with did-you-mean %q, want only %s and no suggestion", hitIDs(r), r.DidYouMean, pms[0].ID)
	}
	r, err = ix.Search(context.Background(), Query{Text: "metl racks"})
	if err != nil || r.DidYouMean != "metal racks" {
		t.Errorf("a typo that finds nothing: got did-you-mean %q (%v), want %q", r.DidYouMean, err, "metal racks")
	}
}
