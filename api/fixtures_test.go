package api_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// record builds a test post-mortem; the companies and prose are invented
// for these tests.
func record(url, title, company, date, rootCause, body string, cats, techs []string) data.Postmortem {
	return data.Postmortem{
		ID: data.IDFor(url), URL: url, Title: title, Company: company, Language: "en",
		IncidentDate: date, Published: date, Summary: rootCause, RootCause: rootCause, Body: body,
		Sections:   data.Sections{RootCause: rootCause, Impact: "Customers saw errors for a while."},
		Categories: cats, Technologies: techs,
		CategoryEvidence: map[string]string{cats[0]: rootCause},
		Sources:          []data.Source{{List: "test-list", Section: "Tests"}},
		Fetch:            data.Fetch{Status: data.FetchOK, HTTPStatus: 200},
	}
}

// The XSS record carries markup in every field a page or feed shows.
const xssMarker = `<script>alert("pwn")</script>`

func fixtures() []data.Postmortem {
	return []data.Postmortem{
		record("https://status.acme.test/dns-2019", "Resolver change takes Acme offline", "Acme",
			"2019-03-04", "A bad zone file was pushed to every authoritative DNS server at once.",
			"The rollout of a new zone file skipped the canary stage and every DNS query failed.",
			[]string{"dns", "config-change"}, []string{"BIND"}),
		record("https://blog.globex.test/mysql-split-brain", "MySQL failover split brain at Globex", "Globex",
			"2018-10-21", "A network partition made the orchestrator promote a replica while the primary still took writes.",
			"During the partition both MySQL nodes accepted writes; the replication stream diverged and we reconciled by hand.",
			[]string{"database", "failover", "network"}, []string{"MySQL", "Orchestrator"}),
		record("https://initech.test/cert-expiry", "Expired certificate breaks Initech API", "Initech",
			"2020-02-11", "The TLS certificate on the API gateway expired because renewal alerts went to an old mailbox.",
			"Clients failed the TLS handshake until the certificate was renewed by hand.",
			[]string{"certificate", "monitoring"}, []string{"TLS", "nginx"}),
		record("https://hooli.test/leap-second", "Leap second freezes Hooli clusters", "Hooli",
			"2012-06-30", "The kernel's handling of the leap second left Java processes spinning.",
			"After the leap second, CPU usage jumped on every Cassandra node and requests timed out.",
			[]string{"time", "software-bug"}, []string{"Linux", "Cassandra", "Java"}),
		record("https://umbrella.test/k8s-rollout", "Bad rollout exhausts Umbrella's cluster", "Umbrella",
			"2021-07-15", "A deploy doubled the memory requests of every pod and the Kubernetes scheduler ran out of room.",
			"The new release went to all regions; pods stayed pending and capacity ran out.",
			[]string{"deploy", "capacity"}, []string{"Kubernetes"}),
		record("https://evil.test/xss", xssMarker+" Evil & Co outage", "Evil<b>Corp</b>",
			"2022-01-01", `<img src=x onerror=alert(1)> took the database down`,
			xssMarker+" database outage body text",
			[]string{"database"}, []string{`<svg onload=alert(1)>`}),
	}
}

// synthetic makes n records by varying the first five fixtures' URL,
// company and year, so facets have many values and results fill pages.
func synthetic(n int) []data.Postmortem {
	base := fixtures()[:5]
	var pms []data.Postmortem
	for i := range n {
		pm := base[i%len(base)]
		pm.URL = fmt.Sprintf("%s/%d", pm.URL, i)
		pm.ID = data.IDFor(pm.URL)
		pm.Title = fmt.Sprintf("%s (case %d)", pm.Title, i) // distinct incidents, not duplicates
		pm.Company = fmt.Sprintf("%s %d", pm.Company, i%40)
		pm.IncidentDate = fmt.Sprintf("%d-%02d-%02d", 2005+i%20, 1+i%12, 1+i%28)
		pms = append(pms, pm)
	}
	return pms
}

// indexOf builds a real in-memory index holding pms.
func indexOf(tb testing.TB, pms []data.Postmortem) *index.Index {
	tb.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		tb.Fatalf("open index: %v", err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if err := ix.PutBatch(ctx, pms); err != nil {
		tb.Fatalf("put records: %v", err)
	}
	return ix
}

// newIndex builds a real in-memory index holding the fixtures.
func newIndex(t *testing.T) *index.Index {
	t.Helper()
	return indexOf(t, fixtures())
}
