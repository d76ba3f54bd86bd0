package data

import (
	"reflect"
	"testing"
)

func TestMerge(t *testing.T) {
	t.Parallel()
	catalog := Postmortem{
		ID: "a", URL: "https://x/a", Title: "Hand title", Company: "X",
		Summary: "Our summary.", Categories: []string{"dns"},
		Sources: []Source{{List: "talk-references"}},
		Fetch:   Fetch{Status: FetchSkipped},
	}
	listOnly := Postmortem{
		ID: "a", URL: "https://x/a", Title: "X: blurb", Company: "X",
		Sources: []Source{{List: "danluu/post-mortems", Section: "Config Errors"}},
		Fetch:   Fetch{Status: FetchSkipped},
	}
	fetched := Postmortem{
		ID: "a", URL: "https://x/a", Title: "Page title", Body: "page text",
		Categories: []string{"network"},
		Sources:    []Source{{List: "danluu/post-mortems", Section: "Config Errors"}},
		Fetch:      Fetch{Status: FetchOK, HTTPStatus: 200},
	}
	failed := Postmortem{
		ID: "a", URL: "https://x/a", Title: "X",
		Sources: []Source{{List: "mine"}},
		Fetch:   Fetch{Status: FetchFailed, Error: "timeout"},
	}
	anonymous := Postmortem{
		ID: "a", URL: "https://x/a", Title: "x/a",
		Sources: []Source{{List: "urls"}},
		Fetch:   Fetch{Status: FetchSkipped},
	}
	cases := []struct {
		name        string
		old, next   Postmortem
		wantTitle   string
		wantCats    []string
		wantStatus  string
		wantSources int
	}{
		{"list-only keeps catalog content", catalog, listOnly, "Hand title", []string{"dns"}, FetchSkipped, 2},
		{"fetched page wins content", catalog, fetched, "Page title", []string{"network"}, FetchOK, 2},
		{"failed re-crawl keeps good record", fetched, failed, "Page title", []string{"network"}, FetchOK, 2},
		{"list naming the company beats one without", anonymous, listOnly, "X: blurb", nil, FetchSkipped, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Merge(tc.old, tc.next)
			if got.Title != tc.wantTitle {
				t.Errorf("title: got %q, want %q", got.Title, tc.wantTitle)
			}
			if !reflect.DeepEqual(got.Categories, tc.wantCats) {
				t.Errorf("categories: got %v, want %v", got.Categories, tc.wantCats)
			}
			if got.Fetch.Status != tc.wantStatus {
				t.Errorf("fetch status: got %q, want %q", got.Fetch.Status, tc.wantStatus)
			}
			if len(got.Sources) != tc.wantSources {
				t.Errorf("sources: got %v, want %d", got.Sources, tc.wantSources)
			}
		})
	}
}
