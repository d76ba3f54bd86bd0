package ui

import (
	"reflect"
	"testing"

	"github.com/pmkb/pmkb/data"
)

func TestIncidentTextShowsEachPieceOnce(t *testing.T) {
	const (
		cause = "A bad zone file was pushed to every DNS server at once."
		lead  = "Acme was offline for two hours on 4 March."
		more  = "We rolled the zone back by hand."
	)
	tests := []struct {
		name         string
		pm           data.Postmortem
		wantSummary  [][]textPart
		wantCause    string
		wantSections []string // headings
	}{
		{
			name: "summary section is a superset with other spacing; cause inside it",
			pm: data.Postmortem{
				Summary:   lead + " " + cause,
				RootCause: cause,
				Sections: data.Sections{
					Summary:   lead + "\n" + cause + "\n\n" + more,
					RootCause: cause,
					Impact:    "DNS lookups failed.",
				},
			},
			wantSummary: [][]textPart{
				{{Text: lead + " "}, {Text: cause, Cause: true}},
				{{Text: more}},
			},
			wantSections: []string{"Impact"},
		},
		{
			name: "summary equals the cause: one root cause block",
			pm: data.Postmortem{Summary: cause, RootCause: cause,
				Sections: data.Sections{RootCause: cause, Summary: cause}},
			wantCause: cause,
		},
		{
			name: "cause differs only in punctuation: kept as its own block, once",
			pm: data.Postmortem{Summary: lead + " A bad zone file was pushed, to every DNS server at once!",
				RootCause: cause, Sections: data.Sections{RootCause: "a bad zone file was pushed to every DNS server"}},
			wantSummary: [][]textPart{{{Text: lead + " A bad zone file was pushed, to every DNS server at once!"}}},
			wantCause:   cause,
		},
		{
			name: "a different summary section keeps its text under another heading",
			pm: data.Postmortem{Summary: lead, RootCause: cause,
				Sections: data.Sections{Summary: more, Timeline: "10:00 " + cause + " 12:00 fixed."}},
			wantSummary:  [][]textPart{{{Text: lead}}},
			wantCause:    cause,
			wantSections: []string{"Overview", "Timeline"},
		},
		{
			name:         "no summary, only sections",
			pm:           data.Postmortem{Sections: data.Sections{Mitigation: more, ActionItems: more}},
			wantSections: []string{"Mitigation"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := newIncidentText(tc.pm)
			if !reflect.DeepEqual(got.Summary, tc.wantSummary) {
				t.Errorf("summary: got %#v, want %#v", got.Summary, tc.wantSummary)
			}
			if got.RootCause != tc.wantCause {
				t.Errorf("root cause block: got %q, want %q", got.RootCause, tc.wantCause)
			}
			var heads []string
			for _, s := range got.Sections {
				heads = append(heads, s.Heading)
			}
			if !reflect.DeepEqual(heads, tc.wantSections) {
				t.Errorf("sections: got %q, want %q", heads, tc.wantSections)
			}
		})
	}
}

func TestContainsText(t *testing.T) {
	for _, tc := range []struct {
		big, small string
		want       bool
	}{
		{"The disk filled up. Then it broke.", "the DISK filled up", true},
		{"The disk filled up.", "disk filled up, then", false},
		{"prefix", "pre", false}, // whole words only
		{"anything", "  ...  ", false},
		{"", "", false},
	} {
		if got := containsText(tc.big, tc.small); got != tc.want {
			t.Errorf("containsText(%q, %q): got %v, want %v", tc.big, tc.small, got, tc.want)
		}
	}
}
