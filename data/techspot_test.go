package data

import (
	"slices"
	"sync"
	"testing"
)

func TestTechSpotter(t *testing.T) {
	t.Parallel()
	g := Gazetteer{Technologies: []Technology{
		{Name: "Go", Aliases: []string{"golang"}, Kind: "runtime", SkipName: true},
		{Name: "Node.js", Aliases: []string{"nodejs"}, Kind: "runtime"},
		{Name: "Redis", Kind: "database"},
		{Name: "Consul", Kind: "coordination", CaseSensitive: true},
		{Name: "HTTP/2", Kind: "protocol"},
		{Name: "PostgreSQL", Aliases: []string{"Postgres", "psql"}, Kind: "database"},
		{Name: "Élasticité", Kind: "runtime"},
	}}
	s := NewTechSpotter(g)
	cases := []struct {
		text string
		want []string
	}{
		{"Google went down.", []string{}},
		{"Our golang service and our Go code.", []string{"Go"}},
		{"node.js and NodeJS and Node . js", []string{"Node.js"}},
		{"Redisson is not Redis.", []string{"Redis"}},
		{"we consulted Consul, not consul", []string{"Consul"}},
		{"HTTP/2 streams; http / 2 too", []string{"HTTP/2"}},
		{"postgres, Postgres and PSQL; redis once", []string{"PostgreSQL", "Redis"}},
		{"redis and postgres, once each", []string{"PostgreSQL", "Redis"}},
		{"ÉLASTICITÉ et élasticité", []string{"Élasticité"}},
		{"bad \xff byte near redis", []string{"Redis"}},
	}
	for _, tc := range cases {
		got := s.Find(tc.text)
		if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
			t.Errorf("Find(%q): got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestTechSpotterConcurrent uses one spotter from many goroutines, as the
// crawler's workers and the index do; go test -race checks it.
func TestTechSpotterConcurrent(t *testing.T) {
	t.Parallel()
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	s := NewTechSpotter(g)
	want := s.Find("Kafka fell behind and the Redis cluster filled up; Kafka again.")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := s.Find("Kafka fell behind and the Redis cluster filled up; Kafka again."); !slices.Equal(got, want) {
					t.Errorf("got %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(want) == 0 || want[0] != "Kafka" {
		t.Errorf("got %q, want Kafka first", want)
	}
}
