package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
)

// facets is what the workload draws filters from: the values the index
// holds, as GET /api/v1/search?size=1 reports them.
type facets struct {
	Categories, Technologies, Years, Companies []string
}

// fetchFacets asks the server for its facet values.
func fetchFacets(ctx context.Context, c *http.Client, base string) (facets, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/search?size=1", nil)
	if err != nil {
		return facets{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return facets{}, fmt.Errorf("facets: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return facets{}, fmt.Errorf("facets: GET /api/v1/search: %s", resp.Status)
	}
	var ans struct {
		Facets map[string][]struct{ Value string } `json:"facets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		return facets{}, fmt.Errorf("facets: %w", err)
	}
	vals := func(name string) []string {
		var out []string
		for _, v := range ans.Facets[name] {
			out = append(out, v.Value)
		}
		return out
	}
	f := facets{Categories: vals("category"), Technologies: vals("technology"), Years: vals("year"), Companies: vals("company")}
	if len(f.Categories) == 0 || len(f.Years) == 0 {
		return facets{}, fmt.Errorf("facets: the index reports no categories or years; is it empty?")
	}
	return f, nil
}

// queryWords are what an on-call engineer types: symptoms, components,
// failure modes.
var queryWords = []string{
	"outage", "latency", "database", "failover", "replication", "dns", "certificate", "expired",
	"disk", "full", "memory", "leak", "deploy", "rollback", "config", "network", "partition", "bgp",
	"load balancer", "timeout", "cache", "queue", "split brain", "retry", "storm", "overload",
	"capacity", "tls", "cdn", "error", "corruption", "backup", "restore", "migration", "lock",
	"deadlock", "leader election", "clock", "leap second", "power", "datacenter", "authentication",
	"rate limit", "cascading", "thundering herd", "human error", "monitoring", "alert", "data loss",
}

// searchQueries returns n distinct faceted search paths, the same for the
// same seed: one to three words with one or two facet filters, as the UI
// sends them, now and then sorted by date or on a second page.
func searchQueries(f facets, n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		v := url.Values{}
		words := make([]string, 1+r.IntN(3))
		for i := range words {
			words[i] = pick(queryWords)
		}
		v.Set("q", strings.Join(words, " "))
		filters := 1 + r.IntN(2)
		for range filters {
			switch k := r.IntN(10); {
			case k < 4:
				v.Add("category", pick(f.Categories))
			case k < 7:
				v.Add("year", pick(f.Years))
			case k < 9 && len(f.Technologies) > 0:
				v.Add("technology", pick(f.Technologies))
			case len(f.Companies) > 0:
				v.Add("company", pick(f.Companies))
			default:
				v.Add("category", pick(f.Categories))
			}
		}
		if r.IntN(8) == 0 {
			v.Set("sort", "newest")
		}
		if r.IntN(10) == 0 {
			v.Set("from", "10")
		}
		p := "/api/v1/search?" + v.Encode()
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

var (
	alertHeads = []string{"[FIRING:1]", "[FIRING:3]", "ALERT:", "PagerDuty:", "CRITICAL -", "Opsgenie P1:", "[prod]"}
	alertHosts = []string{"db-primary", "api-gateway", "edge-lb", "payments", "auth", "search", "ingest", "cache"}
	symptoms   = []string{
		"replication lag above 300s", "p99 latency 2.3s", "502 errors from the load balancer",
		"connection refused from upstream", "disk usage 98% on /var/lib", "OOMKilled pods restarting",
		"TLS handshake failures: certificate expired", "SERVFAIL from internal resolvers",
		"error rate 35% on checkout", "leader election flapping", "queue depth growing without bound",
		"clock skew 4s between nodes", "BGP session down with transit provider", "deadlocks on the orders table",
		"cache hit ratio dropped to 10%", "5xx spike after deploy of build 4812", "config push rejected by 40% of routers",
		"write timeouts on the primary", "split brain suspected: two primaries", "retry storm from mobile clients",
	}
)

// alertTexts returns n distinct pasted alerts for POST /api/v1/similar,
// naming the index's technologies and real symptoms, the same for the
// same seed.
func alertTexts(f facets, n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, seed^0xda942042e4dd58b5))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	techs := f.Technologies
	if len(techs) == 0 {
		techs = []string{"MySQL", "Kubernetes", "Redis"}
	}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		text := fmt.Sprintf("%s %s %s-%d: %s; %s. Affected: %s. Started %02d:%02d UTC.",
			pick(alertHeads), pick(techs), pick(alertHosts), 1+r.IntN(12), pick(symptoms), pick(symptoms),
			pick(techs), r.IntN(24), r.IntN(60))
		if !seen[text] {
			seen[text] = true
			out = append(out, text)
		}
	}
	return out
}
