package statuspage

import (
	"strings"
	"testing"
)

// answer is an incidents.json answer in the shape Atlassian Statuspage
// serves (fields pmkb does not read included), written for this test.
const answer = `{"page":{"id":"abc","name":"Acme","url":"https://status.acme.example","time_zone":"Etc/UTC","updated_at":"2024-04-09T15:10:00.000Z"},
"incidents":[{"name":"API errors","status":"postmortem","created_at":"2024-04-09T14:00:00.000-00:00","updated_at":"2024-04-12T10:00:00.000Z",
"monitoring_at":null,"resolved_at":"2024-04-09T15:10:00.000Z","impact":"major","shortlink":"https://stspg.io/x","started_at":"2024-04-09T13:55:00.000Z",
"id":"k1","page_id":"abc","incident_updates":[
{"id":"u3","status":"postmortem","body":"A bad deploy of the router | caused 502s.","incident_id":"k1","created_at":"2024-04-12T10:00:00.000Z","display_at":"2024-04-12T10:00:00.000Z","affected_components":null,"deliver_notifications":true,"tweet_id":null},
{"id":"u2","status":"resolved","body":"Fixed.","created_at":"2024-04-09T15:10:00.000Z","display_at":"2024-04-09T15:10:00.000Z","affected_components":[{"code":"c2","name":"Dashboard","old_status":"degraded_performance","new_status":"operational"}]},
{"id":"u1","status":"investigating","body":"We are   looking into errors.","created_at":"2024-04-09T14:00:00.000Z","display_at":"2024-04-09T14:00:00.000Z","affected_components":null}],
"components":[{"id":"c1","name":"API","status":"operational","created_at":"2014-05-03T01:22:07.274Z","position":1,"group_id":null}]}]}`

func TestParse(t *testing.T) {
	d, err := Parse([]byte(answer))
	if err != nil {
		t.Fatal(err)
	}
	if d.Page.Name != "Acme" || len(d.Incidents) != 1 {
		t.Fatalf("got page %q, %d incidents", d.Page.Name, len(d.Incidents))
	}
	inc := d.Incidents[0]
	if got := inc.Start().UTC().Format("15:04"); got != "13:55" {
		t.Errorf("start: got %s, want started_at 13:55", got)
	}
	if got := inc.ComponentNames(); strings.Join(got, ",") != "API,Dashboard" {
		t.Errorf("components: got %v", got)
	}
	if got := inc.Postmortem(); got != "A bad deploy of the router | caused 502s." {
		t.Errorf("postmortem: got %q", got)
	}
	tl := inc.Timeline()
	if len(tl) != 2 || tl[0] != "| 2024-04-09 14:00 UTC | investigating: We are looking into errors. |" || !strings.HasPrefix(tl[1], "| 2024-04-09 15:10 UTC | resolved") {
		t.Errorf("timeline, oldest first, without the post-mortem: got %q", tl)
	}
	md := inc.Markdown()
	for _, want := range []string{"# API errors", "Impact: major.", "## Postmortem", "| Time | Event |", `router \| caused`} {
		if !strings.Contains(md, want) && !strings.Contains(md, strings.ReplaceAll(want, `\|`, "|")) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	api, _ := APIURL("https://status.acme.example/")
	if got := d.PageURL(api, inc); got != "https://status.acme.example/incidents/k1" {
		t.Errorf("page url: got %s", got)
	}
}

func TestAPIURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://status.acme.example":                       "https://status.acme.example/api/v2/incidents.json",
		"https://status.acme.example/":                      "https://status.acme.example/api/v2/incidents.json",
		"https://status.acme.example/api/v2/incidents.json": "https://status.acme.example/api/v2/incidents.json",
		"https://acme.example/status?x=1":                   "https://acme.example/status/api/v2/incidents.json",
	} {
		u, err := APIURL(in)
		if err != nil || u.String() != want {
			t.Errorf("APIURL(%q): got %v, %v; want %s", in, u, err, want)
		}
	}
	if _, err := APIURL("status.acme.example"); err == nil {
		t.Errorf("APIURL without a scheme: got no error")
	}
}
