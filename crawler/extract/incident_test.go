package extract_test

import (
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestIncidentDateImpactStart checks that a timeline row saying the impact
// began wins over the day in the title and over the timeline's busiest day.
func TestIncidentDateImpactStart(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{"impact began the day before the title's date",
			"# 2024-03-12 - Checkout unavailable\n\n## Summary\n\nCheckout failed for most customers.\n\n## Timeline\n\n" +
				"- 2024-03-11 22:10 UTC - Errors began impacting checkout\n- 2024-03-12 08:00 UTC - Support escalates\n" +
				"- 2024-03-12 09:00 UTC - Engineers investigate\n- 2024-03-12 10:00 UTC - Fix deployed\n",
			"2024-03-11"},
		{"no row says when the impact began",
			"# 2024-03-12 - Checkout unavailable\n\n## Summary\n\nCheckout failed for most customers.\n\n## Timeline\n\n" +
				"- 2024-03-11 22:10 UTC - A release is merged\n- 2024-03-12 08:00 UTC - Support escalates\n" +
				"- 2024-03-12 09:00 UTC - Engineers investigate\n- 2024-03-12 10:00 UTC - Fix deployed\n",
			"2024-03-12"},
	}
	ex := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ex.Extract(extract.Input{ContentType: "text/markdown", Body: []byte(tt.md)})
			if err != nil {
				t.Fatal(err)
			}
			if a.IncidentDate != tt.want {
				t.Errorf("got %s, want %s", a.IncidentDate, tt.want)
			}
		})
	}
}
