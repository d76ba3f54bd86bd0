package dates

import (
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

func TestVagueDay(t *testing.T) {
	pub := time.Date(2024, 2, 15, 0, 0, 0, 0, time.UTC) // a Thursday
	tests := []struct {
		name   string
		texts  []string
		hasPub bool
		want   string // "" for none
	}{
		{"month and year", []string{"Title", "It was early February 2024 when this happened."}, true, "2024-02-01"},
		{"late month", []string{"Title", "In late January 2024 the disk filled up."}, true, "2024-01-25"},
		{"month after the post is a plan", []string{"Title", "We will migrate in March 2024."}, true, ""},
		{"the verb may is not a month", []string{"Title", "It may 2024 be fine."}, true, ""},
		{"a part of a month without its year, in French", []string{"Titre", "Au début du mois de janvier, deux failles nous ont été signalées."}, true, "2024-01-01"},
		{"the first week of a month, the year before", []string{"Title", "In the first week of December our mirrors were flooded with requests."}, true, "2023-12-01"},
		{"the second week of a month", []string{"Title", "During the second week of January the backups stopped."}, true, "2024-01-08"},
		{"last night, with a time after midnight, is the post's own day", []string{"Titre", "Le serveur de courriels a été arrêté cette nuit à 3h42."}, true, "2024-02-15"},
		{"last night without a time is the day before", []string{"Title", "Last night our API was down for an hour."}, true, "2024-02-14"},
		{"yesterday", []string{"Title", "Yesterday our API was down for an hour."}, true, "2024-02-14"},
		{"last week", []string{"Title", "I caused an outage last week."}, true, "2024-02-08"},
		{"days ago", []string{"Title", "Three days ago the database failed."}, true, "2024-02-12"},
		{"last weekday", []string{"Title", "Last Monday the deploy broke checkout."}, true, "2024-02-12"},
		{"on the same weekday", []string{"Title", "On Thursday the deploy broke checkout."}, true, "2024-02-15"},
		{"french", []string{"Titre", "Hier, le service était indisponible."}, true, "2024-02-14"},
		{"relative without publication", []string{"Title", "Yesterday our API was down."}, false, ""},
		{"relative far from the lead needs an event", []string{"T", "a", "b", "c", "d", "Yesterday we had lunch together."}, true, ""},
		{"nothing", []string{"Title", "The cache was cold."}, true, ""},
		{"a full date is no month", []string{"Title", "Publié le 13 février 2024", "Hier, le service était indisponible."}, true, "2024-02-14"},
		{"a change's day gives way to the incident's", []string{"Title", "A release was deployed on Monday.", "On Wednesday the workers crashed."}, true, "2024-02-14"},
		{"a change's day when nothing else is told", []string{"Title", "Right after a release went out on Monday, the workers crashed and were restarted."}, true, "2024-02-12"},
		{"french night between two days", []string{"Titre", "Dans la nuit de mardi à mercredi, la base est tombée en panne."}, true, "2024-02-14"},
		{"the week gives way to the day", []string{"Slow exports this week", "On Tuesday morning exports took an hour."}, true, "2024-02-13"},
		{"a weekday alone opening a sentence", []string{"Titre", "Mardi, entre 9 h et 11 h, les relevés ont échoué."}, true, "2024-02-13"},
		{"a weekday opening a full date is no relative day", []string{"Title", "Tuesday, 13 Feb 2024 by Sam", "The relevés failed."}, true, ""},
		{"a day of the month alone", []string{"Title", "On the 12th the exports failed."}, true, "2024-02-12"},
		{"a day of the month after the post is last month's", []string{"Title", "On the 20th the exports failed."}, true, "2024-01-20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vagueDay(tt.texts, pub, tt.hasPub)
			s := ""
			if !got.IsZero() {
				s = got.Format("2006-01-02")
			}
			if s != tt.want {
				t.Errorf("got %q, want %q", s, tt.want)
			}
		})
	}
}

func TestFindIncidentTimesFallsBackToPublication(t *testing.T) {
	sents := []page.Sentence{{Text: "We broke the build and fixed it."}}
	if got := Incident(Doc{Title: "A post", Sents: sents, Published: "2021-03-04"}).Date; got != "2021-03-04" {
		t.Errorf("got %q, want the publication day 2021-03-04", got)
	}
	if got := Incident(Doc{Title: "A post", Sents: sents}).Date; got != "" {
		t.Errorf("got %q without any date, want none", got)
	}
}

func TestMonthFromURL(t *testing.T) {
	tests := map[string]string{
		"/2021/08/postmortem-checkout": "2021-08",
		"/2021/08/":                    "2021-08",
		"/2021/08/14/postmortem":       "",
		"/2021/13/postmortem":          "",
		"/posts/postmortem":            "",
	}
	for path, want := range tests {
		if got := MonthFromURL(path); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
}

func TestSlashDay(t *testing.T) {
	pub := time.Date(2024, 2, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text, lang, want string
	}{
		{"english, month first", "On 2/3, starting at 9 PM, the site was down.", "en", "2024-02-03"},
		{"french, day first", "Le 3/2, le site était indisponible.", "fr", "2024-02-03"},
		{"a later day is last year's", "On 11/20 the site was down.", "en", "2023-11-20"},
		{"a fraction is no day", "About 1/3 of requests failed.", "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := slashDay([]string{"Title", tt.text}, pub, true, tt.lang)
			s := ""
			if ok {
				s = got.Format("2006-01-02")
			}
			if s != tt.want {
				t.Errorf("got %q, want %q", s, tt.want)
			}
		})
	}
}

func TestYearFromURL(t *testing.T) {
	tests := map[string]int{
		"/blog/2022-we-pointed-production-at-staging": 2022,
		"/posts/2019/outage":                          2019,
		"/2019/to/2021/outage":                        0,
		"/posts/outage-20190":                         0,
	}
	for path, want := range tests {
		if got := YearFromURL(path); got != want {
			t.Errorf("%s: got %d, want %d", path, got, want)
		}
	}
}
