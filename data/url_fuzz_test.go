package data

import (
	"strings"
	"testing"
)

// FuzzCanonicalURL: canonicalising never panics, a canonical URL is its
// own canonical form, and a link's canonical form is that of the URL it
// is fetched at. Seeds: testdata/fuzz/FuzzCanonicalURL.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://Example.com/a/", "http://web.archive.org/web/2015id_/http:/x.org/p?q=1",
		"https://example.com/p?utm_source=x&b=2#f", "https://[::1]:443/x", "https://a.example/my post.html"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, _, err := CanonicalURL(raw)
		if err != nil {
			return
		}
		again, _, err := CanonicalURL(c)
		if err != nil || again != c {
			t.Errorf("CanonicalURL(%q) = %q, whose canonical form is %q (%v)", raw, c, again, err)
		}
		l, err := ParseLink(raw)
		if err != nil {
			if !strings.ContainsAny(raw, " \t\n") { // ParseLink escapes spaces: it may read what CanonicalURL did not
				t.Errorf("ParseLink(%q): %v, but CanonicalURL read it", raw, err)
			}
			return
		}
		if strings.ContainsAny(raw, " \t\n") {
			return
		}
		if l.Canonical != c {
			t.Errorf("ParseLink(%q).Canonical = %q, CanonicalURL gives %q", raw, l.Canonical, c)
		}
	})
}
