package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// TestDrillNeverLeaksTheCause runs over the whole default catalog: what
// a drill shows before the reveal (the scenario and the timeline rows)
// never holds the record's root-cause sentences, its distinctive cause
// terms, the company's names or the incident's year; and most drills have
// something to show.
func TestDrillNeverLeaksTheCause(t *testing.T) {
	pms, err := data.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	co, err := data.DefaultCompanies()
	if err != nil {
		t.Fatal(err)
	}
	empty := 0
	for _, pm := range pms {
		names := co.Names(pm.Company)
		s := newDrillScript(pm, names)
		shown := append([]string(nil), s.Scenario...)
		for _, r := range s.Rows {
			shown = append(shown, r.When+" "+r.What)
		}
		if len(shown) == 0 {
			empty++
		}
		text := strings.Join(shown, "\n")
		for _, sent := range splitSentences(pm.RootCause + "\n" + pm.Sections.RootCause) {
			if containsText(text, sent) {
				t.Errorf("%s: the drill shows the root cause %q", pm.ID, sent)
			}
		}
		terms := causeTerms(pm)
		for st := range stems(text) {
			if terms[st] {
				t.Errorf("%s (%s): the drill names the cause term %q:\n%s", pm.ID, pm.Company, st, text)
			}
		}
		for _, n := range append(names, pm.Company, pm.Product) {
			if n != "" && containsText(text, n) {
				t.Errorf("%s: the drill names the company or its product %q:\n%s", pm.ID, n, text)
			}
		}
		if y := pm.Year(); y != "" && regexp.MustCompile(`\b`+y+`\b`).MatchString(text) {
			t.Errorf("%s: the drill gives the year %s:\n%s", pm.ID, y, text)
		}
	}
	if empty > len(pms)/10 {
		t.Errorf("%d of %d drills show nothing before the reveal; want at most a tenth", empty, len(pms))
	}
}

func TestDrillScript(t *testing.T) {
	pm := data.Postmortem{
		Company: "Acme", Language: "en",
		RootCause: "A cron job deleted the zone file.",
		Sections: data.Sections{
			Impact:    "Acme's customers could not resolve any name for two hours. Some blamed their ISP.",
			Detection: "Resolver error rates paged the on-call engineer. The zone file was found empty because a cron job ran.",
			Timeline: "2019-03-04 10:02 UTC: lookups start failing.\n" +
				"10:10 UTC: the team finds the cron job that deleted the zone.\n" +
				"10:15 UTC: error rates climb in every region.\n" +
				"11:00 UTC: the zone is restored from backup.",
		},
	}
	s := newDrillScript(pm, []string{"Acme", "Acme Corp"})
	wantScenario := []string{"The company's customers could not resolve any name for two hours.", "Some blamed their ISP.",
		"Resolver error rates paged the on-call engineer."}
	if strings.Join(s.Scenario, "|") != strings.Join(wantScenario, "|") {
		t.Errorf("scenario: got %q, want %q", s.Scenario, wantScenario)
	}
	wantRows := []timelineRow{{"10:02 UTC", "lookups start failing."}, {"10:15 UTC", "error rates climb in every region."}}
	if len(s.Rows) != len(wantRows) || s.Rows[0] != wantRows[0] || s.Rows[1] != wantRows[1] {
		t.Errorf("rows: got %q, want %q", s.Rows, wantRows)
	}
	if len(s.Held) != 4 {
		t.Errorf("the facilitator's timeline: got %d rows, want all 4", len(s.Held))
	}
}
