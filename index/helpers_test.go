package index

import (
	"context"
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/internal/testutil"
)

// rec builds a small fictional record for tests.
func rec(url, title, company, date, summary, rootCause string, cats, techs []string, sources ...data.Source) data.Postmortem {
	return data.Postmortem{
		ID:           data.IDFor(url),
		URL:          url,
		Title:        title,
		Company:      company,
		Language:     "en",
		IncidentDate: date,
		Summary:      summary,
		RootCause:    rootCause,
		Categories:   cats,
		Technologies: techs,
		Sources:      sources,
		Fetch:        data.Fetch{Status: data.FetchOK},
	}
}

// smallCorpus is a handful of fictional incidents, written for these tests.
func smallCorpus() []data.Postmortem {
	dl := func(sec string) data.Source { return data.Source{List: "danluu", Section: sec} }
	talk := data.Source{List: "talk"}
	return []data.Postmortem{
		rec("https://acme.example/blog/db-failover", "Database failover caused split-brain", "Acme", "2017-03-02",
			"A network blip made both MySQL nodes believe they were primary for forty minutes.",
			"The failover tool promoted a replica while the old primary kept accepting writes.",
			[]string{"database", "failover", "data-loss"}, []string{"MySQL"}, dl("Database")),
		rec("https://globex.example/post/dns-ttl", "Expired DNS records took the site offline", "Globex", "2019-07-14",
			"Our resolvers returned NXDOMAIN after a zone transfer failed silently.",
			"A zone file with a bad serial number was pushed to the authoritative servers.",
			[]string{"dns", "config-change"}, []string{"BIND"}, dl("Config errors"), talk),
		rec("https://initech.example/k8s-upgrade", "Kubernetes upgrade drained every node", "Initech", "2020-11-05",
			"An automated cluster upgrade evicted all pods at once and the API was down for two hours.",
			"The upgrade controller ignored the pod disruption budget because of a bug.",
			[]string{"deploy", "automation", "software-bug"}, []string{"Kubernetes"}, dl("Automation")),
		rec("https://umbrella.example/cert-expiry", "TLS certificate expiry broke mobile clients", "Umbrella", "2021-02-10",
			"The certificate for the public API expired on a Sunday and apps refused to connect.",
			"Renewal automation had been failing for weeks without alerting anyone.",
			[]string{"certificate", "monitoring"}, []string{"TLS"}, dl("Time")),
		rec("https://acme.example/blog/leap-second", "Leap second froze our Java services", "Acme", "2012-06-30",
			"Servers spun at full CPU after the leap second was inserted.",
			"A kernel timer bug livelocked threads when the clock repeated a second.",
			[]string{"time", "software-bug"}, []string{"Linux", "Java"}, dl("Time")),
		rec("https://hooli.example/rm-rf", "An engineer deleted the production database directory", "Hooli", "2017-01-31",
			"Replication lag cleanup went wrong when a command meant for a replica ran on the primary.",
			"An operator ran rm -rf on the wrong host; backups had silently failed.",
			[]string{"human-error", "data-loss", "database"}, []string{"PostgreSQL"}, dl("Database"), talk),
	}
}

func newTestIndex(t *testing.T, pms []data.Postmortem) *Index {
	t.Helper()
	ix, err := Open(context.Background(), Options{Logger: testutil.Logger()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if len(pms) > 0 {
		if err := ix.PutBatch(context.Background(), pms); err != nil {
			t.Fatalf("PutBatch: %v", err)
		}
	}
	return ix
}

func hitIDs(r Results) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
}

func facetCount(r Results, facet, value string) int {
	for _, v := range r.Facets[facet] {
		if v.Value == value {
			return v.Count
		}
	}
	return 0
}
