package dates

import "testing"

// TestIsFieldLine: a line of labelled fields ("Date: ...", several
// "Label: value" pairs) is told from a sentence that merely holds a colon.
func TestIsFieldLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"Date: 2023-01-25", true},
		{"Start: 14:05 UTC | End: 15:40 UTC | Impact: checkout down", true},
		{"Incident date: 4 March 2022", true},
		{"The outage began at 14:05 when the primary database ran out of disk space and stopped accepting writes.", false},
		{"We learned one thing: the runbook was out of date, and nobody had checked it since the migration last spring.", false},
		{"No labels here at all", false},
	} {
		if got := isFieldLine(tc.line); got != tc.want {
			t.Errorf("isFieldLine(%q): got %v, want %v", tc.line, got, tc.want)
		}
	}
}
