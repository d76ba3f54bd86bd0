package api_test

import (
	"net/http"
	"testing"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
)

// TestIncidentListsDuplicates: a record with another post about the same
// incident names it, so a client can reach every URL of the incident.
func TestIncidentListsDuplicates(t *testing.T) {
	cause := "A bad zone file was pushed to every authoritative DNS server at once."
	a := indextest.Record("https://status.acme.test/incidents/dns-outage-march", "Acme DNS outage", "Acme",
		"2019-03-04", cause, "Every DNS query failed for an hour while the zone file was rolled back.",
		[]string{"dns"}, nil)
	b := indextest.Record("https://blog.acme.test/2019/03/dns-outage-march", "Acme DNS outage", "Acme",
		"2019-03-04", cause, "A longer write-up: every DNS query failed for an hour while the zone file was rolled back, and here is why.",
		[]string{"dns"}, nil)
	r := newEngine(t, api.Options{Index: indextest.Open(t, []data.Postmortem{a, b})})

	var res struct {
		Total int
		Hits  []struct{ ID string }
	}
	w := httpxtest.Do(t, r, http.MethodGet, "/api/v1/search?q=dns", "", nil)
	decode(t, w, &res)
	if w.Code != http.StatusOK || res.Total != 1 {
		t.Fatalf("search: got %d with %d hits, want 200 with the incident once", w.Code, res.Total)
	}
	primary, other := res.Hits[0].ID, a.ID
	if primary == a.ID {
		other = b.ID
	}
	var got struct {
		ID         string   `json:"id"`
		Duplicates []string `json:"duplicates"`
	}
	w = httpxtest.Do(t, r, http.MethodGet, "/api/v1/incidents/"+primary, "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("incident: got %d %s", w.Code, w.Body)
	}
	decode(t, w, &got)
	if len(got.Duplicates) != 1 || got.Duplicates[0] != other {
		t.Errorf("duplicates of %s: got %v, want [%s]", primary, got.Duplicates, other)
	}
}
