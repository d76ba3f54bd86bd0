package feed

import (
	"regexp"
	"testing"
)

// FuzzParse: any document is read as a feed or refused without a panic,
// and a published day, when given, is YYYY-MM-DD. Seeds:
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><entry><title>Outage</title><link href="https://b.example/p"/><updated>2024-01-02T03:04:05Z</updated><content>x</content></entry></feed>`))
	f.Add([]byte(`<rss version="2.0"><channel><title>B</title><item><title>T</title><link>https://b.example/q</link><pubDate>Mon, 02 Jan 2006 15:04:05 MST</pubDate></item></channel></rss>`))
	isDay := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	f.Fuzz(func(t *testing.T, b []byte) {
		fd, err := Parse(b)
		if err != nil {
			return
		}
		for _, e := range fd.Entries {
			if e.Published != "" && !isDay.MatchString(e.Published) {
				t.Errorf("entry %q: published %q, want YYYY-MM-DD", e.Title, e.Published)
			}
		}
	})
}
