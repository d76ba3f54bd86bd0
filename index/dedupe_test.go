package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/dedupe"
)

func TestDedupe(t *testing.T) {
	ctx := context.Background()
	pms := smallCorpus()
	// The same Globex DNS incident again, from another URL and list, with a
	// differently worded title: a duplicate. Its own words ("nameserver")
	// find the primary.
	twin := rec("https://status.globex.example/incidents/42", "DNS records expired", "GLOBEX", "2019-07-14",
		"Status page summary of the nameserver trouble.", "", []string{"dns"}, nil, data.Source{List: "status-pages"})
	// Same company and day, unrelated title: not a duplicate.
	other := rec("https://globex.example/post/other", "Payment queue backlog", "Globex", "2019-07-14",
		"Payments were slow.", "", []string{"capacity"}, nil)
	// No date, but the same title: a duplicate of the Hooli record.
	hooliTwin := rec("https://mirror.example/hooli", "An engineer deleted the production database directory!", "Hooli", "",
		"Mirror.", "", nil, nil, data.Source{List: "mirror"})
	// Both twins are list entries whose pages were not read: the records
	// that were read stay primary whatever the ids or the order.
	twin.Fetch.Status, hooliTwin.Fetch.Status = data.FetchSkipped, data.FetchSkipped
	tests := []struct {
		name     string
		split    bool // put the duplicates in a later call rather than in the same batch
		reversed bool // the duplicates first
	}{{"same batch", false, false}, {"later put", true, false}, {"duplicates first", false, true}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := newTestIndex(t, nil)
			putGroups(t, ix, pms, []data.Postmortem{twin, other, hooliTwin}, tc.split, tc.reversed)
			r, err := ix.Search(ctx, Query{Text: "dns", Size: 20})
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(hitIDs(r), twin.ID) {
				t.Errorf("search returned the duplicate %s: %v", twin.ID, hitIDs(r))
			}
			if r.Total != 1 {
				t.Errorf("dns total: got %d, want 1 (hits %v)", r.Total, hitIDs(r))
			}
			// The duplicate's list is indexed on the primary.
			r, err = ix.Search(ctx, Query{Sources: []string{"status-pages"}})
			if err != nil || len(r.Hits) != 1 || r.Hits[0].ID != pms[1].ID {
				t.Errorf("source of the duplicate: got %v (%v), want the primary %s", hitIDs(r), err, pms[1].ID)
			}
			r, _ = ix.Search(ctx, Query{Sources: []string{"mirror"}})
			if len(r.Hits) != 1 || r.Hits[0].ID != pms[5].ID {
				t.Errorf("source of the undated duplicate: got %v, want %s", hitIDs(r), pms[5].ID)
			}
			r, _ = ix.Search(ctx, Query{Text: "nameserver"})
			if len(r.Hits) != 1 || r.Hits[0].ID != pms[1].ID {
				t.Errorf("a word only the duplicate has: got %v, want the primary %s", hitIDs(r), pms[1].ID)
			}
			r, _ = ix.Search(ctx, Query{Text: "payment"})
			if r.Total != 1 {
				t.Errorf("unrelated same-day record: got total %d, want 1", r.Total)
			}
			st, err := ix.Stats(ctx)
			if err != nil || st.Incidents != 7 || st.Records != 9 {
				t.Errorf("Stats: got %d incidents in %d records (%v), want 7 in 9", st.Incidents, st.Records, err)
			}
			got, err := ix.Get(ctx, twin.ID)
			if err != nil || got.URL != twin.URL {
				t.Errorf("Get(duplicate): got %v (%v), want the duplicate itself", got.URL, err)
			}
			// Reindex recomputes duplicates and keeps them hidden.
			if err := ix.Reindex(ctx); err != nil {
				t.Fatal(err)
			}
			if st, _ := ix.Stats(ctx); st.Incidents != 7 {
				t.Errorf("after Reindex: got %d incidents, want 7", st.Incidents)
			}
		})
	}
}

// TestDedupeOrderIndependent checks that the primary of a group does not
// depend on the order its records arrive in, so an export imported into an
// empty index gives the same results.
// putGroups writes first and then: in one batch (then first with
// reversed), or first as a batch and then one record at a time (split).
func putGroups(t *testing.T, ix *Index, first, then []data.Postmortem, split, reversed bool) {
	t.Helper()
	ctx := context.Background()
	if split {
		if err := ix.PutBatch(ctx, first); err != nil {
			t.Fatal(err)
		}
		for _, pm := range then {
			if err := ix.Put(ctx, pm); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	all := append(append([]data.Postmortem{}, first...), then...)
	if reversed {
		slices.Reverse(all)
	}
	if err := ix.PutBatch(ctx, all); err != nil {
		t.Fatal(err)
	}
}

func TestDedupeOrderIndependent(t *testing.T) {
	ctx := context.Background()
	a := rec("https://fb.example/update", "Update about the October 4th outage", "Facebook", "2021-10-04",
		"Backbone routers were cut off.", "", []string{"network"}, nil)
	b := rec("https://fb.example/details", "More details about the October 4 outage", "Facebook", "2021-10-04",
		"A maintenance command withdrew the backbone.", "", []string{"network", "config-change"}, nil)
	want := b.ID // the record with more text stands for the incident
	orders := map[string][][]data.Postmortem{
		"a then b":      {{a}, {b}},
		"b then a":      {{b}, {a}},
		"one batch a,b": {{a, b}},
		"one batch b,a": {{b, a}},
	}
	for name, batches := range orders {
		t.Run(name, func(t *testing.T) {
			ix := newTestIndex(t, nil)
			for _, batch := range batches {
				if err := ix.PutBatch(ctx, batch); err != nil {
					t.Fatal(err)
				}
			}
			r, err := ix.Search(ctx, Query{Text: "backbone"})
			if err != nil || len(r.Hits) != 1 || r.Hits[0].ID != want {
				t.Errorf("got %v (%v), want only %s", hitIDs(r), err, want)
			}
			r, _ = ix.Search(ctx, Query{Text: "maintenance command"})
			if len(r.Hits) != 1 || r.Hits[0].ID != want {
				t.Errorf("words of either post: got %v, want %s", hitIDs(r), want)
			}
		})
	}
}

// TestDedupeQA replays the dedupe defects QA found: two different Homebrew
// incidents with one title stay apart, the GitLab post under two URLs and
// two spellings of the company is one, and of a short statement and a
// detailed post the detailed one is shown.
func TestDedupeQA(t *testing.T) {
	ctx := context.Background()
	brew := rec("https://brew.sh/2018/08/05/security-incident-disclosure/", "Security Incident Disclosure", "Homebrew", "2018-07-31",
		"A leaked GitHub token.", "", []string{"security"}, nil)
	brew2 := rec("https://brew.sh/2021/04/21/security-incident-disclosure/", "Security Incident Disclosure", "Homebrew", "2021-04-18",
		"Cask automerge review bypass.", "", []string{"security"}, nil)
	gl := rec("https://about.gitlab.com/blog/2017/02/10/postmortem-of-database-outage-of-january-31/", "Postmortem of database outage of January 31", "Gitlab", "2017-01-31",
		"An engineer removed the wrong database directory.", "", []string{"database"}, nil)
	gl2 := rec("https://about.gitlab.com/2017/02/10/postmortem-of-database-outage-of-january-31", "GitLab.com database incident", "GitLab", "",
		"Replication lag and rm -rf.", "", nil, nil)
	fb := rec("https://fb.example/2021/10/04/outage/", "Update about the October 4th outage", "Facebook", "2021-10-04",
		"Short.", "", []string{"network"}, nil)
	fb2 := rec("https://fb.example/2021/10/05/outage-details/", "More details about the October 4 outage", "Meta", "2021-10-04",
		"A long account of how a backbone maintenance command withdrew every route.", "", []string{"network"}, nil)
	ix := newTestIndex(t, []data.Postmortem{brew, brew2, gl, gl2, fb, fb2})
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"automerge", []string{brew2.ID}},
		{"token", []string{brew.ID}},
		{"replication", []string{gl.ID}}, // ids tie on read status and text: gl has more
		{"backbone", []string{fb2.ID}},
	} {
		r, err := ix.Search(ctx, Query{Text: tc.q})
		if err != nil || !slices.Equal(hitIDs(r), tc.want) {
			t.Errorf("%q: got %v (%v), want %v", tc.q, hitIDs(r), err, tc.want)
		}
	}
	dups, err := ix.Duplicates(ctx, fb2.ID)
	if err != nil || !slices.Equal(dups, []string{fb.ID}) {
		t.Errorf("Duplicates(%s): got %v (%v), want [%s]", fb2.ID, dups, err, fb.ID)
	}
}

// TestDedupeManyCandidates writes one incident through more URLs than a
// duplicate lookup compares, the primary (the post with the most text)
// having the largest id: every copy still joins it.
func TestDedupeManyCandidates(t *testing.T) {
	ix := newTestIndex(t, nil)
	ctx := context.Background()
	var pms []data.Postmortem
	for i := range 2*dedupe.MaxCandidates + 10 {
		pms = append(pms, rec(fmt.Sprintf("https://mirror%d.example/acme-outage", i), "Acme database outage", "Acme", "2020-05-05",
			"The primary database went down.", "", []string{"database"}, nil))
	}
	slices.SortFunc(pms, func(a, b data.Postmortem) int { return strings.Compare(b.ID, a.ID) })
	pms[0].Summary += " A long account of the failover that did not happen."
	for _, pm := range pms {
		if err := ix.Put(ctx, pm); err != nil {
			t.Fatal(err)
		}
	}
	r, err := ix.Search(ctx, Query{Text: "acme database outage"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 1 || r.Hits[0].ID != pms[0].ID {
		t.Errorf("%d copies of one incident: got %v, want only %s", len(pms), hitIDs(r), pms[0].ID)
	}
}

// TestDedupeBatchAgainstIndex puts a batch of twins into an index that
// holds their incidents, in another segment: every twin joins its
// incident, the lookups running on every core. A record put again (its
// old version deleted in an older segment) is not its own duplicate.
func TestDedupeBatchAgainstIndex(t *testing.T) {
	ctx := context.Background()
	ix := newTestIndex(t, nil)
	const n = 24
	var firsts, twins []data.Postmortem
	for i := range n {
		day := fmt.Sprintf("2020-03-%02d", 1+i)
		company := fmt.Sprintf("Initech %d", i)
		firsts = append(firsts, rec(fmt.Sprintf("https://initech%d.example/blog/outage", i), "Queue outage", company, day,
			"The job queue stopped.", "", []string{"capacity"}, nil))
		twins = append(twins, rec(fmt.Sprintf("https://status.initech%d.example/incidents/%d", i, i), "Queue incident report", company, day,
			"Status page note.", "", []string{"capacity"}, nil))
		twins[i].Fetch.Status = data.FetchSkipped // the blog post stays primary
	}
	if err := ix.PutBatch(ctx, firsts); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, firsts[0]); err != nil { // again: a deleted copy in the first segment
		t.Fatal(err)
	}
	if err := ix.PutBatch(ctx, twins); err != nil {
		t.Fatal(err)
	}
	r, err := ix.Search(ctx, Query{Text: "queue", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != n {
		t.Errorf("queue: got %d results, want %d (one per incident)", r.Total, n)
	}
	for i, first := range firsts {
		dups, err := ix.Duplicates(ctx, first.ID)
		if err != nil || !slices.Equal(dups, []string{twins[i].ID}) {
			t.Errorf("Duplicates(%s): got %v (%v), want [%s]", first.ID, dups, err, twins[i].ID)
		}
	}
}
