// Package indextest holds the records the api and ui tests share: a few
// invented post-mortems (one full of hostile markup), a generator of many,
// and a helper that loads them into a real in-memory index.
package indextest

import (
	"fmt"
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// Record builds a test post-mortem; the companies and prose are invented
// for these tests.
func Record(url, title, company, date, rootCause, body string, cats, techs []string) data.Postmortem {
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

// XSSMarker is the markup the XSS record carries in every field a page or
// feed shows.
const XSSMarker = `<script>alert("pwn")</script>`

// Fixtures returns six records: five ordinary incidents and, last, the XSS
// record.
func Fixtures() []data.Postmortem {
	pms := []data.Postmortem{
		Record("https://status.acme.test/dns-2019", "Resolver change takes Acme offline", "Acme",
			"2019-03-04", "A bad zone file was pushed to every authoritative DNS server at once.",
			"The rollout of a new zone file skipped the canary stage and every DNS query failed.",
			[]string{"dns", "config-change"}, []string{"BIND"}),
		Record("https://blog.globex.test/mysql-split-brain", "MySQL failover split brain at Globex", "Globex",
			"2018-10-21", "A network partition made the orchestrator promote a replica while the primary still took writes.",
			"During the partition both MySQL nodes accepted writes; the replication stream diverged and we reconciled by hand.",
			[]string{"database", "failover", "network"}, []string{"MySQL", "Orchestrator"}),
		Record("https://initech.test/cert-expiry", "Expired certificate breaks Initech API", "Initech",
			"2020-02-11", "The TLS certificate on the API gateway expired because renewal alerts went to an old mailbox.",
			"Clients failed the TLS handshake until the certificate was renewed by hand.",
			[]string{"certificate", "monitoring"}, []string{"TLS", "nginx"}),
		Record("https://hooli.test/leap-second", "Leap second freezes Hooli clusters", "Hooli",
			"2012-06-30", "The kernel's handling of the leap second left Java processes spinning.",
			"After the leap second, CPU usage jumped on every Cassandra node and requests timed out.",
			[]string{"time", "software-bug"}, []string{"Linux", "Cassandra", "Java"}),
		Record("https://umbrella.test/k8s-rollout", "Bad rollout exhausts Umbrella's cluster", "Umbrella",
			"2021-07-15", "A deploy doubled the memory requests of every pod and the Kubernetes scheduler ran out of room.",
			"The new release went to all regions; pods stayed pending and capacity ran out.",
			[]string{"deploy", "capacity"}, []string{"Kubernetes"}),
		Record("https://evil.test/xss", XSSMarker+" Evil & Co outage", "Evil<b>Corp</b>",
			"2022-01-01", `<img src=x onerror=alert(1)> took the database down`,
			XSSMarker+" database outage body text",
			[]string{"storage", "database"}, []string{`<svg onload=alert(1)>`}),
	}
	pms[5].ArchiveURL = "javascript:alert(1)"
	return pms
}

// Synthetic makes n records by varying the first five fixtures' URL,
// company and year, so facets have many values and results fill pages.
func Synthetic(n int) []data.Postmortem {
	base := Fixtures()[:5]
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

// Open builds a real in-memory index holding pms.
func Open(tb testing.TB, pms []data.Postmortem) *index.Index {
	tb.Helper()
	ctx := tb.Context()
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
