package classify

import (
	"strings"
	"testing"
)

func TestIsPlan(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Add an alert on consumer lag.", true},
		{"Pin all transitive dependencies.", true},
		{"Mettre en place un second fournisseur DNS.", true},
		{"An alert will be added for certificate expiry.", true},
		{"Une alerte sera ajoutée sur le taux de remplissage.", true},
		{"Review every change to the firewall rules.", true},
		{"Had the alert fired, we would have failed over in minutes.", true},
		{"The outage could easily have lasted longer.", true},
		{"Alert thresholds were too high to fire.", false},
		{"Review found nothing unusual in the diff.", false},
		{"Make was slow on the build hosts.", false},
		{"The certificate expired on Sunday.", false},
		{"A config change disabled the health check.", false},
	}
	for _, tc := range tests {
		if got := isPlan(tc.text, strings.ToLower(tc.text)); got != tc.want {
			t.Errorf("isPlan(%q): got %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestOpensNo(t *testing.T) {
	tests := []struct {
		before string
		want   bool
	}{
		{"No quotas or service ", true},
		{"Aucune donnée client ", true},
		{"No one noticed the ", false}, // a verb of its own ends the reach
		{"No ", false},                 // one word: the words cue handles it
		{"The team saw that ", false},
	}
	for _, tc := range tests {
		if got := opensNo(tc.before); got != tc.want {
			t.Errorf("opensNo(%q): got %v, want %v", tc.before, got, tc.want)
		}
	}
}

func TestOpensNoList(t *testing.T) {
	tests := []struct {
		before string
		want   bool
	}{
		{"No CPU, memory, or disk ", true},
		{"No packet loss, latency spikes or interface ", true},
		{"Aucune perte, corruption ou ", true},
		{"No quotas or service ", false},                   // no list: opensNo's case
		{"No alert fired, and the ", false},                // a verb of its own ends the reach
		{"No customer data was lost, but the ", false},     // so does a clause
		{"No one knew, so the team restarted the ", false}, // and a verb after the comma
		{"No swap (or memory limits), and ", false},        // an aside is no list
	}
	for _, tc := range tests {
		if got := opensNoList(tc.before); got != tc.want {
			t.Errorf("opensNoList(%q): got %v, want %v", tc.before, got, tc.want)
		}
	}
}

func TestAboutOther(t *testing.T) {
	tests := []struct {
		lower string
		want  bool
	}{
		{"a similar race condition was fixed in 2021.", true},
		{"during a 2019 outage, the same switch failed.", true},
		{"last year's storage incident taught us to alert on inodes.", true},
		{"une panne similaire avait touché le réseau.", true},
		{"the incident began at 14:02.", false},
	}
	for _, tc := range tests {
		if got := aboutOther(tc.lower); got != tc.want {
			t.Errorf("aboutOther(%q): got %v, want %v", tc.lower, got, tc.want)
		}
	}
}
