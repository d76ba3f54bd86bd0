package classify

import "testing"

func TestEvidenceOf(t *testing.T) {
	units := []unit{
		{text: "Title naming the failure", heading: true},
		{text: "A sentence with a word of the field."},
		{text: "A sentence that names the failure."},
	}
	tests := []struct {
		name  string
		votes []vote
		want  string
	}{
		{"a defining vote beats a slightly heavier generic one",
			[]vote{{value: 3, unit: 0, weight: 1.5}, {value: 2.4, unit: 1, weight: 2}, {value: 2.1, unit: 2, weight: 3.5}},
			"A sentence that names the failure."},
		{"the title only when the text is weak",
			[]vote{{value: 7, unit: 0, weight: 3.5}, {value: 1.2, unit: 1, weight: 2}},
			"Title naming the failure"},
		{"the text when it weighs half the title",
			[]vote{{value: 6, unit: 0, weight: 3}, {value: 3, unit: 1, weight: 1.5}},
			"A sentence with a word of the field."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := evidenceOf(tc.votes, units); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
