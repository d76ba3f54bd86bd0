package extract_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/internal/testutil"
)

// benchPage builds a ~50 KB HTML page shaped like a real blog post: about
// 12 KB of article text (the sections of several of our cases, so the text
// does not repeat) inside the usual weight of markup: inline CSS and
// scripts, a navigation menu, a sidebar, a comment thread and a footer.
func benchPage(tb testing.TB) []byte {
	tb.Helper()
	var article strings.Builder
	for _, name := range []string{"html-sectioned-dns", "html-sectioned-failover", "html-narrative-cert",
		"html-cleanup-script", "html-etcd-upgrade", "html-alerting-gap", "html-kafka-disk", "html-negation-ratelimit",
		"html-bold-headings-leak", "html-wayback-bgp", "html-wayback-power", "html-status-updates", "fr-html-refroidissement"} {
		src, err := os.ReadFile(filepath.Join("testdata", "cases", name+".html"))
		if err != nil {
			tb.Fatal(err)
		}
		page := string(src)
		start := strings.Index(page, "<p")
		if h := strings.Index(page, "<h2>"); h >= 0 && h < start {
			start = h
		}
		end := len(page)
		for _, stop := range []string{"</article>", "</main>", "<aside", "<footer", "<section id=\"comments\"", "<div class=\"newsletter"} {
			if i := strings.Index(page[start:], stop); i >= 0 {
				end = min(end, start+i)
			}
		}
		article.WriteString(page[start:end])
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Incident report | Example Engineering</title>`)
	b.WriteString(`<meta property="og:site_name" content="Example"><style>`)
	for b.Len() < 9_000 {
		b.WriteString(`.post-body p{margin:0 0 1em;line-height:1.6}.nav a{padding:4px 8px;color:#333}.sidebar li{list-style:none}`)
	}
	b.WriteString(`</style><script>`)
	for b.Len() < 16_000 {
		b.WriteString(`window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());`)
	}
	b.WriteString(`</script></head><body><header class="site-header"><nav class="nav"><ul>`)
	for i := 0; i < 60; i++ {
		b.WriteString(`<li><a href="/topics/reliability">Reliability</a></li>`)
	}
	b.WriteString(`</ul></nav></header><div id="cookie-banner"><p>We use cookies. Accept all cookies?</p></div><main><article><h1>Incident report</h1>`)
	b.WriteString(article.String())
	b.WriteString(`</article><aside class="sidebar"><h3>Related posts</h3><ul>`)
	for i := 0; i < 40; i++ {
		b.WriteString(`<li><a href="/blog/post">How we scaled our queue workers</a></li>`)
	}
	b.WriteString(`</ul></aside><section class="comments"><h3>Comments</h3>`)
	for b.Len() < 50_000 {
		b.WriteString(`<div class="comment"><p class="author">reader</p><p>Thanks for the write-up, we saw the same thing last year.</p></div>`)
	}
	b.WriteString(`</section></main><footer class="site-footer"><p>© Example. Privacy. Terms.</p></footer></body></html>`)
	return []byte(b.String())
}

// BenchmarkExtract measures one ~50 KB HTML page through the whole pipeline
// (readability, sections, dates, categories, technologies). Run with
// go test -run x -bench Extract -cpu 1 ./crawler/extract/.
func BenchmarkExtract(b *testing.B) {
	ex := mustDefault(b)
	body := benchPage(b)
	if n := len(body); n < 45_000 || n > 60_000 {
		b.Fatalf("bench page is %d bytes, want about 50 KB", n)
	}
	in := extract.Input{URL: "https://engineering.example.org/2023/03/17/incident", ContentType: "text/html", Body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu0 := testutil.ProcessCPU()
	for b.Loop() {
		if _, err := ex.Extract(in); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu0)
}

// reportRates reports documents per second of wall time and of CPU time:
// on a machine shared with other jobs the second is the fair figure.
func reportRates(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	if cpu := testutil.ProcessCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "docs/cpu-s")
	}
}

// BenchmarkExtractMarkdown measures a real-sized Markdown post.
func BenchmarkExtractMarkdown(b *testing.B) {
	ex := mustDefault(b)
	body, err := os.ReadFile(filepath.Join("testdata", "cases", "md-wrong-host.md"))
	if err != nil {
		b.Fatal(err)
	}
	body = bytes.Repeat(body, 4)
	in := extract.Input{URL: "https://example.org/post.md", ContentType: "text/markdown", Body: body}
	b.SetBytes(int64(len(body)))
	cpu0 := testutil.ProcessCPU()
	for b.Loop() {
		if _, err := ex.Extract(in); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu0)
}
