package page

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"an English month abbreviation", "It broke on Sept. 4 at noon. We fixed it.", []string{"It broke on Sept. 4 at noon.", "We fixed it."}},
		{"a French month abbreviation", "Panne le 12 avr. 2024 à midi. Tout est rétabli.", []string{"Panne le 12 avr. 2024 à midi.", "Tout est rétabli."}},
		{"a French stamp on its own line", "Le service fonctionne.\n3 févr. 2024 - 01:10 CET", []string{"Le service fonctionne.", "3 févr. 2024 - 01:10 CET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SplitSentences(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
