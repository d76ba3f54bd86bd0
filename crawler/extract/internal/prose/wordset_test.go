package prose

import "testing"

func TestWordSet(t *testing.T) {
	ws := NewWordSet(`errors?|disrupt*|(began|started) (failing|erroring)|plan(ned)? to|publié le|5xx`)
	tests := []struct {
		text string
		want bool
	}{
		{"We saw Errors", true}, {"one error", true}, {"terrors", false}, {"the disruption", true},
		{"disrupted", true}, {"undisrupted", false}, {"builds started failing", true}, {"builds started", false},
		{"we plan to", true}, {"we planned to", true}, {"plant", false}, {"Publié le 3 mars", true}, {"a 5xx spike", true},
	}
	for _, tt := range tests {
		if got := ws.MatchString(tt.text); got != tt.want {
			t.Errorf("MatchString(%q): got %v, want %v", tt.text, got, tt.want)
		}
	}
	tagged := NewTaggedWordSet(map[uint64]string{1: "alert|paged", 2: "resolved|restored"})
	if got := tagged.Tags("Paged at 10:00, restored at 11:00"); got != 3 {
		t.Errorf("Tags: got %b, want both lists (11)", got)
	}
	if got := tagged.Tags("nothing here"); got != 0 {
		t.Errorf("Tags: got %b, want none", got)
	}
}

func TestWordSetOpens(t *testing.T) {
	ws := NewWordSet(`so|as a result|du coup|tl;dr|disrupt*`)
	tests := []struct {
		text string
		want bool
	}{
		{"So the queue grew.", true}, {"  — As a result, writes failed.", true}, {"Du coup, la file a grossi.", true},
		{"TL;DR: a full disk.", true}, {"Disruptions followed.", true}, {"Soon the queue grew.", false},
		{"The queue grew, so writes failed.", false}, {"so", true}, {"", false},
	}
	for _, tt := range tests {
		if got := ws.Opens(tt.text); got != tt.want {
			t.Errorf("Opens(%q): got %v, want %v", tt.text, got, tt.want)
		}
	}
}
