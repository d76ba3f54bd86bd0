package lists

import (
	"strings"
	"testing"
)

func TestEntryKinds(t *testing.T) {
	tests := []struct {
		name, list string
		body       string
		want       []string // kind: source, or the URL of a page
	}{
		{"one per line", "mine.txt", "https://a.example/post\n./postmortems\n/srv/pm/2024.md\nfile:///srv/pm/x.md\n" +
			"path: notes\nstatuspage: https://status.example.com\nfeed: https://blog.example/feed.xml\n",
			[]string{"https://a.example/post", "path: ./postmortems", "path: /srv/pm/2024.md", "path: /srv/pm/x.md",
				"path: notes", "statuspage: https://status.example.com", "feed: https://blog.example/feed.xml"}},
		{"yaml", "mine.yaml", "name: mine\nentries:\n  - company: A\n    url: https://a.example/post\n  - path: ./pm\n" +
			"  - statuspage: https://status.example.com\n  - feed: https://blog.example/feed.xml\n",
			[]string{"https://a.example/post", "path: ./pm", "statuspage: https://status.example.com", "feed: https://blog.example/feed.xml"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, err := Parse(tc.list, []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				if e.Kind == KindPage {
					got = append(got, e.URL)
				} else {
					got = append(got, e.Kind+": "+e.Source)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEntryKindErrors(t *testing.T) {
	for name, body := range map[string]string{
		"status page not a URL":  "statuspage: status.example.com\n",
		"feed with ftp":          "feed: ftp://x/feed\n",
		"yaml entry naming two":  "name: x\nentries:\n  - company: A\n    url: https://a.example/p\n    feed: https://a.example/f\n",
		"yaml page without name": "name: x\nentries:\n  - url: https://a.example/p\n",
	} {
		t.Run(name, func(t *testing.T) {
			file := "l.txt"
			if strings.HasPrefix(body, "name:") {
				file = "l.yaml"
			}
			if _, err := Parse(file, []byte(body)); err == nil {
				t.Errorf("got no error")
			}
		})
	}
}
