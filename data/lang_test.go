package data

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestForEachWord checks that forEachWord yields the runs of letters and
// digits strings.FieldsFunc finds, and that it stops when asked.
func TestForEachWord(t *testing.T) {
	for _, text := range []string{"", "  ", "the dns-server was down.", "déjà vu: l'équipe a 2 serveurs", "trailing word", "x\u00a0y—z 42ms"} {
		var got []string
		forEachWord(text, func(w string) bool { got = append(got, w); return true })
		want := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if !slices.Equal(got, want) {
			t.Errorf("forEachWord(%q): got %q, want %q", text, got, want)
		}
	}
	n := 0
	forEachWord("one two three four", func(string) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("forEachWord kept going after false: got %d calls, want 2", n)
	}
}

func TestDetectLanguage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, declared, want string
	}{
		{"english", "The database was down and we restored it from the backup that had been taken at noon.", "", "en"},
		{"french", "La base de données est tombée et nous avons restauré la sauvegarde pour les clients.", "", "fr"},
		{"french text declared english", "Les serveurs sont tombés dans la nuit et nous avons perdu des données pour une heure.", "en", "fr"},
		{"too short", "Outage.", "", ""},
		{"too short, declared", "Panne.", "fr-FR", "fr"},
		{"too short, other language declared", "Ausfall.", "de", ""},
		{"tie goes to the declared language", "the and of le la les", "fr", "fr"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectLanguage(tc.text, tc.declared); got != tc.want {
				t.Errorf("DetectLanguage(%q, %q): got %q, want %q", tc.text, tc.declared, got, tc.want)
			}
		})
	}
}

func TestGuessLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"La base de données est tombée en panne pendant la nuit", "fr"},
		{"The database went down during the night", "en"},
		{"connexions refusées sur la base", "fr"},
		{"ECONNREFUSED 10.0.0.1:5432", "en"},
		{"", "en"},
	}
	for _, tc := range tests {
		if got := GuessLanguage(tc.text); got != tc.want {
			t.Errorf("GuessLanguage(%q): got %q, want %q", tc.text, got, tc.want)
		}
	}
}
