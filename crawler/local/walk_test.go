package local_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pmkb/pmkb/crawler/local"
	"github.com/pmkb/pmkb/crawler/local/localtest"
)

func TestWalk(t *testing.T) {
	repo := localtest.Repo(t)
	tests := []struct {
		name   string
		filter local.Filter
		want   []string
	}{
		{"defaults", local.Filter{}, localtest.Posts},
		{"exclude a folder", local.Filter{Exclude: []string{"fr"}},
			[]string{"2023-11-02-expired-certificate.md", "2024/2024-01-15-dns-resolver.md", "2024/2024-03-12-orders-db-failover.md", "kafka-consumer-lag.txt"}},
		{"include by path", local.Filter{Include: []string{"2024/**/*.md"}},
			[]string{"2024/2024-01-15-dns-resolver.md", "2024/2024-03-12-orders-db-failover.md"}},
		{"exclude by name", local.Filter{Exclude: []string{"*.txt", "*certificate*"}},
			[]string{"2024/2024-01-15-dns-resolver.md", "2024/2024-03-12-orders-db-failover.md", "fr/2024-02-20-panne-stockage.md"}},
		{"all: hidden, README, template and index too", local.Filter{All: true, Include: []string{"*.md"}},
			[]string{".drafts/unfinished.md", "2023-11-02-expired-certificate.md", "2024/2024-01-15-dns-resolver.md",
				"2024/2024-03-12-orders-db-failover.md", "README.md", "fr/2024-02-20-panne-stockage.md", "index.md", "template.md"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files, err := local.Walk(context.Background(), repo, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range files {
				got = append(got, f.Rel)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestWalkOneFile(t *testing.T) {
	repo := localtest.Repo(t)
	files, err := local.Walk(context.Background(), repo+"/README.md", local.Filter{})
	if err != nil || len(files) != 1 || files[0].Rel != "README.md" {
		t.Errorf("a named file is kept whatever the filter: got %v, %v", files, err)
	}
}

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{"ours": true, "team-a.2024": true, "": false, "Ours": false, "../x": false, "-x": false} {
		if err := local.CheckName(name); (err == nil) != ok {
			t.Errorf("CheckName(%q): got %v, want ok=%v", name, err, ok)
		}
	}
}
