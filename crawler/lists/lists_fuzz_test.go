package lists

import (
	"testing"

	"github.com/pmkb/pmkb/data"
)

// FuzzParse: no list, however broken, panics the parser; every entry it
// gives has a list name, and every page entry a canonical URL that is its
// own canonical form and a link that canonicalises to it. The file name picks the format
// (.md, .yaml, anything else: one URL per line, or detected). Seeds:
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("list.md", []byte("## Config Errors\n\n[Acme](https://acme.example/post/). A bad rule.\n"))
	f.Add("list.yaml", []byte("name: mine\nentries:\n  - url: https://a.example/p\n    company: A\n"))
	f.Add("urls.txt", []byte("# comment\nhttps://a.example/1\nhttps://b.example/2/\n"))
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		entries, err := Parse(name, b)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.List == "" {
				t.Errorf("entry %q has no list name", e.URL)
			}
			if e.Kind != KindPage {
				continue // a local path, a status page or a feed: no page URL
			}
			c, _, err := data.CanonicalURL(e.URL)
			if err != nil || c != e.URL {
				t.Errorf("entry URL %q is not canonical: %q, %v", e.URL, c, err)
			}
			if l, err := data.ParseLink(e.Link); err != nil || l.Canonical != e.URL {
				t.Errorf("entry link %q: canonical %q (%v), want %q", e.Link, l.Canonical, err, e.URL)
			}
		}
	})
}
