package classify

import (
	"strings"
	"testing"
)

func TestClearedSpan(t *testing.T) {
	tests := []struct {
		name, text, match string
		want              bool // whether the match's start is cleared
	}{
		{"played no part", "alert fatigue did not play a role here", "alert fatigue", true},
		{"ruled out", "lock contention was investigated and ruled out", "lock contention", true},
		{"worked as designed", "the autoscaler behaved correctly throughout", "autoscaler", true},
		{"contrast after", "the failover worked as designed, but the new primary ran out of disk", "ran out of disk", false},
		{"contrast before", "a bad deploy caused it, but the dns changes played no part", "bad deploy", false},
		{"french", "le fournisseur n'est pas en cause", "fournisseur", true},
		{"state, back", "leader election was fine throughout and all members were healthy", "leader election", true},
		{"state, not forward", "the disk was healthy until the raid controller failed", "raid controller", false},
		{"state explained", "the error graph was normal because errors were counted as successes", "error graph", false},
		{"no verdict", "the certificate expired on sunday", "certificate", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.text, tc.match)
			from, to := clearedSpan(tc.text)
			if got := i >= from && i < to; got != tc.want {
				t.Errorf("cleared %q in %q: got %v (span %d-%d), want %v", tc.match, tc.text, got, from, to, tc.want)
			}
		})
	}
}
