package extract

import (
	"slices"
	"testing"
)

func TestLitMatcher(t *testing.T) {
	m := newLitMatcher([]string{"he", "she", "his", "hers", "disk full", "s"})
	tests := []struct {
		text string
		want []int32
	}{
		{"ushers", []int32{0, 1, 3, 5}},
		{"the disk full alarm", []int32{0, 4, 5}},
		{"nothing", nil},
		{"this", []int32{2, 5}},
		{"", nil},
	}
	for _, tc := range tests {
		var got []int32
		m.scan(tc.text, func(id int32, _ int) {
			if !slices.Contains(got, id) {
				got = append(got, id)
			}
		})
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("scan(%q): got %v, want %v", tc.text, got, tc.want)
		}
	}
}
