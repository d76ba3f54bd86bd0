package feed

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		name, doc                       string
		title, link, published, content string
	}{
		{"atom", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title>  Outage
 report </title><id>tag:x,2024:1</id><link rel="self" href="https://x.example/self"/><link href="https://x.example/outage"/>
<updated>2024-03-07T10:00:00+01:00</updated><summary>short</summary><content type="html">&lt;p&gt;full&lt;/p&gt;</content>
<author><name>Ann</name></author></entry></feed>`, "Outage report", "https://x.example/outage", "2024-03-07", "<p>full</p>"},
		{"rss with content:encoded", `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Blog</title><item><title>Outage</title><link>https://x.example/o</link><pubDate>Wed, 06 Mar 2024 23:30:00 -0200</pubDate>
<description>short</description><content:encoded><![CDATA[<p>full</p>]]></content:encoded></item></channel></rss>`,
			"Outage", "https://x.example/o", "2024-03-07", "<p>full</p>"},
		{"rss 0.92 with dc:date and guid", `<rss version="0.92" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>B</title>
<item><title>T</title><guid>https://x.example/g</guid><dc:date>2023-12-31</dc:date><description>only a summary</description></item></channel></rss>`,
			"T", "https://x.example/g", "2023-12-31", "only a summary"},
		{"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>B</title><item><title>Panne r\xe9seau</title>" +
			"<link>https://x.example/p</link></item></channel></rss>", "Panne réseau", "https://x.example/p", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Entries) != 1 {
				t.Fatalf("got %d entries, want 1", len(f.Entries))
			}
			e := f.Entries[0]
			if e.Title != tc.title || e.Link != tc.link || e.Published != tc.published || e.Content != tc.content {
				t.Errorf("got %+v, want title %q link %q published %q content %q", e, tc.title, tc.link, tc.published, tc.content)
			}
		})
	}
	if _, err := Parse([]byte(`<html><body>not a feed</body></html>`)); err == nil {
		t.Errorf("an HTML page: got no error")
	}
}
