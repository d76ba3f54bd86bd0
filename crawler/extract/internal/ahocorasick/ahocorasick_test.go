package ahocorasick

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestLitMatcher(t *testing.T) {
	m := New([]string{"he", "she", "his", "hers", "disk full", "s"})
	// With an empty literal the root has outputs and must keep row 0:
	// "" reported after "x" and "b", "ab" after "b".
	n := 0
	New([]string{"", "ab"}).Scan("xab", func(int32, int) { n++ })
	if n != 3 {
		t.Errorf("empty literal: got %d occurrences in %q, want 3", n, "xab")
	}
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
		m.Scan(tc.text, func(id int32, _ int) {
			if !slices.Contains(got, id) {
				got = append(got, id)
			}
		})
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("scan(%q): got %v, want %v", tc.text, got, tc.want)
		}
		if got, want := m.Contains(tc.text), len(tc.want) > 0; got != want {
			t.Errorf("contains(%q): got %v, want %v", tc.text, got, want)
		}
	}
}

// TestLitMatcherFold checks that ScanFold and ContainsFold read the text
// as Scan and Contains read it with its ASCII letters lower-cased ("É"
// stays).
func TestLitMatcherFold(t *testing.T) {
	m := New([]string{"he", "she", "disk full", "é"})
	for _, text := range []string{"USHERS", "The DISK Full alarm", "Été", "nothing", ""} {
		var got, want [][2]int
		m.ScanFold(text, func(id int32, end int) { got = append(got, [2]int{int(id), end}) })
		low := strings.Map(func(r rune) rune {
			if r < 0x80 {
				return rune(LowerByte(byte(r)))
			}
			return r
		}, text)
		m.Scan(low, func(id int32, end int) { want = append(want, [2]int{int(id), end}) })
		if !slices.Equal(got, want) {
			t.Errorf("scanFold(%q): got %v, want %v", text, got, want)
		}
		if got, want := m.ContainsFold(text), len(want) > 0; got != want {
			t.Errorf("containsFold(%q): got %v, want %v", text, got, want)
		}
	}
}

// TestLitMatcherLarge checks both transition tables (16-bit states and,
// past 65536 states, 32-bit ones) against a plain search for every literal.
func TestLitMatcherLarge(t *testing.T) {
	words := func(n int) []string {
		out := make([]string, n)
		x := uint32(7)
		for i := range out {
			b := make([]byte, 3+i%6)
			for j := range b {
				x = x*1664525 + 1013904223
				b[j] = "abcdefgh ."[x>>24%10]
			}
			out[i] = string(b)
		}
		return out
	}
	text := strings.Join(words(400), "") + "abc" + strings.Join(words(50), " ")
	for _, tc := range []struct {
		n   int
		big bool
	}{{300, false}, {60000, true}} {
		lits := words(tc.n)
		m := New(lits)
		if (m.delta == nil) != tc.big || (len(m.nodes) > 1<<16) != tc.big {
			t.Fatalf("%d literals, %d states: got 32-bit table %v, want %v", tc.n, len(m.nodes), m.delta == nil, tc.big)
		}
		got := map[[2]int]bool{}
		m.Scan(text, func(id int32, end int) { got[[2]int{int(id), end}] = true })
		ids := map[string][]int{}
		for id, l := range lits {
			ids[l] = append(ids[l], id)
		}
		want := map[[2]int]bool{}
		for end := range len(text) {
			for start := max(0, end-8); start <= end; start++ {
				for _, id := range ids[text[start:end+1]] {
					want[[2]int{id, end}] = true
				}
			}
		}
		if len(want) == 0 || !maps.Equal(got, want) {
			t.Errorf("%d literals: got %d occurrences, want %d", tc.n, len(got), len(want))
		}
	}
}
