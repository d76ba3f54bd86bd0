package extract_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestFrontMatterWins checks that what a team's post-mortem says about
// itself in its front matter wins over what the text suggests: the title,
// the incident's date (the body names an earlier change and a later
// review), and tags that name categories.
func TestFrontMatterWins(t *testing.T) {
	md := "---\ntitle: \"2024-03 checkout outage\"\ndate: 2024-03-12\nauthors: [ana]\ntags: [Database, config, postmortem]\nseverity: SEV-1\nstatus: resolved\n---\n\n" +
		"# Checkout down\n\n## Summary\n\nOn March 10 we merged a schema change. The review took place on March 20.\n\n" +
		"## Root cause\n\nThe migration locked the orders table while every checkout waited on it.\n"
	ex := mustDefault(t)
	a, err := ex.Extract(extract.Input{Path: "postmortems/2024-03-checkout.md", Body: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "2024-03 checkout outage" {
		t.Errorf("got title %q, want the front matter's", a.Title)
	}
	if a.IncidentDate != "2024-03-12" {
		t.Errorf("got incident date %q, want the front matter's 2024-03-12", a.IncidentDate)
	}
	for _, slug := range []string{"database", "config-change"} {
		if !slices.Contains(a.Categories, slug) {
			t.Errorf("got categories %v, want %s from the tags", a.Categories, slug)
		}
	}
	if a.CategoryEvidence["config-change"] != "tags: Database, config, postmortem" {
		t.Errorf("got evidence %q, want the tags", a.CategoryEvidence["config-change"])
	}
}

// TestTemplateSections checks that a post written in Atlassian's template
// gets its anatomy, detection included, and that a "| Time | Event |" table
// is its timeline.
func TestTemplateSections(t *testing.T) {
	md := "# Incident review: carts emptied\n\n## Leadup\n\nOn April 22 we halved the cache nodes.\n\n## Fault\n\nThe cache evicted carts when it filled up.\n\n" +
		"## Detection\n\nCustomer support raised it first.\n\n## Response\n\nWe scaled the cluster back.\n\n" +
		"| Time | Event |\n|---|---|\n| 18:19 | evictions start |\n| 19:04 | scaling done |\n\n## Five whys\n\n1. Why were carts lost? They were evicted.\n"
	ex := mustDefault(t)
	a, err := ex.Extract(extract.Input{ContentType: "text/markdown", Body: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	s := a.Sections
	if s.Detection != "Customer support raised it first." || s.Summary == "" || s.Mitigation != "We scaled the cluster back." {
		t.Errorf("got detection %q, summary %q, mitigation %q", s.Detection, s.Summary, s.Mitigation)
	}
	if s.Timeline != "18:19 | evictions start\n\n19:04 | scaling done" {
		t.Errorf("got timeline %q, want the table's rows", s.Timeline)
	}
	if s.RootCause == "" {
		t.Error("got no root-cause section, want Fault and Five whys")
	}
}

// TestFieldsOnlyRecord checks that a status alert that is all front matter
// (no body) is extracted, not refused as empty: its day from its start,
// its root cause from its reason.
func TestFieldsOnlyRecord(t *testing.T) {
	doc := "---\nstatus: Resolved\ntype: Issue\nstart_date: 2023-02-03 05:10:00\nend_date: 2023-02-03 08:00:00\n" +
		"scope: Login nodes unreachable\nimpact: Users could not log in for three hours\n" +
		"reason: A core router lost its configuration after a firmware update\n---"
	a, err := mustDefault(t).Extract(extract.Input{URL: "https://example.org/alerts/2023-02-03-login.md", ContentType: "text/markdown", Body: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if a.IncidentDate != "2023-02-03" || !strings.Contains(a.RootCause, "core router lost its configuration") {
		t.Errorf("got date %q, root cause %q", a.IncidentDate, a.RootCause)
	}
}
