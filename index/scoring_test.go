package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// filler is a page's worth of text about nothing a test searches for.
func filler(sentences int) string {
	lines := []string{
		"The on-call engineer was paged shortly after the first alert fired.",
		"Traffic was shifted to the secondary region while the team investigated.",
		"Customers saw elevated latency on the checkout page for about an hour.",
		"We have added a runbook entry and a dashboard for this service.",
		"The incident commander coordinated the response in the usual channel.",
		"A status page update went out twenty minutes after detection.",
		"Several follow-up tickets were filed to improve our tooling.",
	}
	var b strings.Builder
	for i := range sentences {
		b.WriteString(lines[i%len(lines)])
		b.WriteString(" ")
	}
	return b.String()
}

// TestBodiesAndBlurbsCompete holds the default scoring to treating a list
// entry (a title and a blurb, no page read) and a full post fairly: the
// entry about the query ranks above a long post that mentions it in
// passing, and below a post that treats it in depth.
func TestBodiesAndBlurbsCompete(t *testing.T) {
	list := rec("https://list.example/disk-full", "Disk full on the build server", "Listed", "2019-05-01",
		"Builds stopped when the build server's disk filled up.", "", []string{"storage"}, nil, data.Source{List: "danluu"})
	list.Fetch = data.Fetch{Status: data.FetchSkipped}
	passing := rec("https://blog.example/slow-deploys", "Slow deploys after a network change", "Passing", "2020-02-02",
		"Deploys took an hour after a switch was reconfigured.", "A switch change halved the bandwidth to the artifact store.",
		[]string{"network"}, nil)
	passing.Body = filler(30) + " One host also had a full disk that day, which was unrelated. " + filler(30)
	depth := rec("https://blog.example/disk-full-builds", "Disk full stops every build", "Depth", "2021-03-03",
		"The shared build disk filled up and every build failed for three hours.", "Build caches were never pruned, so the disk filled up.",
		[]string{"storage", "capacity"}, nil)
	depth.Body = filler(20) + " The disk was full: the cache directory had grown for months. " + filler(20) +
		" Once the disk was full, every build failed to write its artifacts. We now alert when a disk is 80% full. " + filler(20)
	ix := newTestIndex(t, append(smallCorpus(), list, passing, depth))
	res, err := ix.Search(context.Background(), Query{Text: "disk full"})
	if err != nil {
		t.Fatal(err)
	}
	ids := hitIDs(res)
	at := func(pm data.Postmortem) int {
		if i := slices.Index(ids, pm.ID); i >= 0 {
			return i
		}
		return len(ids)
	}
	if !(at(depth) < at(list) && at(list) < at(passing)) {
		t.Errorf("disk full: got the post in depth at %d, the list entry at %d, the post in passing at %d; want them in that order", at(depth), at(list), at(passing))
	}
}
