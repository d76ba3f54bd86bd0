package page

import (
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

func TestSectionOfTemplates(t *testing.T) {
	tests := []struct{ heading, want string }{
		// Google's SRE book
		{"Summary", data.SectionSummary}, {"Impact", data.SectionImpact}, {"Root Causes", data.SectionRootCause},
		{"Trigger", data.SectionRootCause}, {"Resolution", data.SectionMitigation}, {"Detection", data.SectionDetection},
		{"Action Items", data.SectionActionItems}, {"Lessons Learned", data.SectionActionItems}, {"Timeline", data.SectionTimeline},
		{"What went well", data.SectionActionItems}, {"What went wrong", data.SectionRootCause}, {"Where we got lucky", data.SectionActionItems},
		// Atlassian
		{"Leadup", data.SectionSummary}, {"Fault", data.SectionRootCause}, {"Response", data.SectionMitigation},
		{"Recovery", data.SectionMitigation}, {"Five whys", data.SectionRootCause}, {"5 Whys", data.SectionRootCause},
		// PagerDuty and incident.io
		{"Contributing Factors", data.SectionRootCause}, {"How'd We Do?", data.SectionActionItems}, {"Follow-ups", data.SectionActionItems},
		{"Key moments", data.SectionTimeline}, {"Mitigators", data.SectionMitigation}, {"Learnings", data.SectionActionItems},
		// French
		{"Résumé", data.SectionSummary}, {"Chronologie", data.SectionTimeline}, {"Cause racine", data.SectionRootCause},
		{"Déclencheur", data.SectionRootCause}, {"Détection", data.SectionDetection}, {"Rétablissement", data.SectionMitigation},
		{"Actions correctives", data.SectionActionItems}, {"Les cinq pourquoi", data.SectionRootCause}, {"Défaillance", data.SectionRootCause},
		{"Ce qui s'est passé", data.SectionSummary}, {"Leçons apprises", data.SectionActionItems}, {"Ce qui a bien fonctionné", data.SectionActionItems},
		{"Why did it happen", data.SectionRootCause},
		{"Nos clients", ""}, {"A long night", ""},
	}
	for _, tt := range tests {
		if got := SectionOf(tt.heading); got != tt.want {
			t.Errorf("SectionOf(%q): got %q, want %q", tt.heading, got, tt.want)
		}
	}
}

func TestTimelineTable(t *testing.T) {
	p, err := readMarkdown([]byte("# Outage\n\n## Detection\n\nCustomers told us.\n\n| Time (UTC) | Event |\n|---|---|\n| 13:41 | first errors |\n| 15:02 | ticket |\n\nMore text.\n"))
	if err != nil {
		t.Fatal(err)
	}
	secs := AssignSections(p.Blocks)
	var timeline []string
	for i, b := range p.Blocks {
		if secs[i] == data.SectionTimeline {
			timeline = append(timeline, b.Text)
		}
	}
	if got := strings.Join(timeline, " / "); got != "13:41 | first errors / 15:02 | ticket" {
		t.Errorf("got timeline %q, want the two rows", got)
	}
	if s := BuildSections(p.Blocks, secs); s.Detection != "Customers told us.\n\nMore text." {
		t.Errorf("got detection %q, want the text around the table", s.Detection)
	}
}

func TestLeadLineSplit(t *testing.T) {
	p, err := readMarkdown([]byte("**Identified** — May 18, 02:20 PDT\nWe have identified the issue as an expired certificate.\n\nThe database was\nslow at 09:00 because of a lock.\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range p.Blocks {
		got = append(got, b.Text)
	}
	want := []string{"Identified — May 18, 02:20 PDT", "We have identified the issue as an expired certificate.", "The database was slow at 09:00 because of a lock."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got blocks %q, want %q", got, want)
	}
	if p.Blocks[0].Kind != KindHeading {
		t.Errorf("got the stamp as kind %d, want a heading", p.Blocks[0].Kind)
	}
}
