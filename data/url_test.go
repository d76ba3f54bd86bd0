package data

import "testing"

func TestCanonicalURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want, archive string
	}{
		{"lower host and scheme", "HTTPS://Example.COM/Post", "https://example.com/Post", ""},
		{"default port", "http://example.com:80/a", "http://example.com/a", ""},
		{"https default port", "https://example.com:443/a/", "https://example.com/a", ""},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a", ""},
		{"fragment and tracking", "https://example.com/p?utm_source=x&b=2&a=1#top", "https://example.com/p?a=1&b=2", ""},
		{"root", "https://example.com", "https://example.com/", ""},
		{"wayback", "https://web.archive.org/web/20211006135542/https://blog.cloudflare.com/todays-outage-post-mortem-82515/",
			"https://blog.cloudflare.com/todays-outage-post-mortem-82515",
			"https://web.archive.org/web/20211006135542/https://blog.cloudflare.com/todays-outage-post-mortem-82515/"},
		{"wayback id_ collapsed", "http://web.archive.org/web/20151008061104id_/http:/code.google.com/p/chromium/issues/detail?id=165171",
			"http://code.google.com/p/chromium/issues/detail?id=165171",
			"http://web.archive.org/web/20151008061104id_/http:/code.google.com/p/chromium/issues/detail?id=165171"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, archive, err := CanonicalURL(tc.in)
			if err != nil {
				t.Fatalf("CanonicalURL(%q): %v", tc.in, err)
			}
			if got != tc.want || archive != tc.archive {
				t.Errorf("CanonicalURL(%q) = %q, %q; want %q, %q", tc.in, got, archive, tc.want, tc.archive)
			}
		})
	}
	for _, bad := range []string{"", "ftp://x/y", "not a url", "mailto:a@b"} {
		if _, _, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q): got nil error, want one", bad)
		}
	}
}

func TestParseLink(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, url, canonical, archive string
	}{
		{"trailing slash kept", "https://Example.COM/post/", "https://example.com/post/", "https://example.com/post", ""},
		{"no slash kept", "https://example.com/post", "https://example.com/post", "https://example.com/post", ""},
		{"query as written, fragment gone", "https://example.com/p?utm_source=x&b=2&a=1#top",
			"https://example.com/p?utm_source=x&b=2&a=1", "https://example.com/p?a=1&b=2", ""},
		{"spaces escaped", " https://example.com/my post.html ", "https://example.com/my%20post.html", "https://example.com/my%20post.html", ""},
		{"escapes kept", "https://example.com/a%2Fb/", "https://example.com/a%2Fb/", "https://example.com/a/b", ""},
		{"root", "https://example.com", "https://example.com/", "https://example.com/", ""},
		{"wayback origin as written", "https://web.archive.org/web/20211006135542/https://blog.cloudflare.com/todays-outage-post-mortem-82515/",
			"https://blog.cloudflare.com/todays-outage-post-mortem-82515/",
			"https://blog.cloudflare.com/todays-outage-post-mortem-82515",
			"https://web.archive.org/web/20211006135542/https://blog.cloudflare.com/todays-outage-post-mortem-82515/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := ParseLink(tc.in)
			if err != nil {
				t.Fatalf("ParseLink(%q): %v", tc.in, err)
			}
			if l.URL != tc.url || l.Canonical != tc.canonical || l.Archive != tc.archive {
				t.Errorf("ParseLink(%q) = %+v; want {URL:%s Canonical:%s Archive:%s}", tc.in, l, tc.url, tc.canonical, tc.archive)
			}
		})
	}
	for _, bad := range []string{"", "ftp://x/y", "not a url"} {
		if _, err := ParseLink(bad); err == nil {
			t.Errorf("ParseLink(%q): got nil error, want one", bad)
		}
	}
}
