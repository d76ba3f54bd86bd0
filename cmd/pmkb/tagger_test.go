package main

import (
	"slices"
	"testing"
)

// TestQueryTagger checks that the taxonomy's rules tag query text as they
// tag a sentence of a post.
func TestQueryTagger(t *testing.T) {
	tg := newQueryTagger()
	tests := []struct {
		text, lang, want string
	}{
		{"our TLS certificate expired overnight", "en", "certificate"},
		{"a DDoS attack took the site down", "en", "security"},
		{"le certificat a expiré", "fr", "certificate"},
	}
	for _, tc := range tests {
		if got := tg.Tag(tc.text, tc.lang); !slices.Contains(got, tc.want) {
			t.Errorf("Tag(%q): got %v, want %q among them", tc.text, got, tc.want)
		}
	}
}

func BenchmarkQueryTagger(b *testing.B) {
	tg := newQueryTagger()
	for b.Loop() {
		tg.Tag("database failover split brain", "en")
	}
}
