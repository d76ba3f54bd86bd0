package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchPage builds a ~50 KB HTML page from one of our cases: the article
// grows by repeating its sections as more background, and the page carries
// the usual chrome (navigation, comments, footer) around it.
func benchPage(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "cases", "html-sectioned-dns.html"))
	if err != nil {
		tb.Fatal(err)
	}
	page := string(src)
	start, end := strings.Index(page, "<h2>Summary</h2>"), strings.Index(page, "</article>")
	section := page[start:end]
	var filler strings.Builder
	for filler.Len() < 36_000 {
		filler.WriteString(strings.ReplaceAll(section, "<h2>", "<h3>"))
	}
	var comments strings.Builder
	for comments.Len() < 10_000 {
		comments.WriteString(`<div class="comment"><p>Thanks for the write-up, we saw the same thing with our resolvers last year.</p></div>`)
	}
	page = page[:end] + filler.String() + page[end:]
	page = strings.Replace(page, `<h3>Comments</h3>`, `<h3>Comments</h3>`+comments.String(), 1)
	return []byte(page)
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
	in := Input{URL: "https://engineering.larkspur.example/2023/03/17/dns-incident", ContentType: "text/html", Body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu0 := cpuTime()
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
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "docs/cpu-s")
	}
}

// cpuTime is the CPU time this process has used (user plus system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExtractMarkdown measures a real-sized Markdown post.
func BenchmarkExtractMarkdown(b *testing.B) {
	ex := mustDefault(b)
	body, err := os.ReadFile(filepath.Join("testdata", "cases", "md-wrong-host.md"))
	if err != nil {
		b.Fatal(err)
	}
	body = bytes.Repeat(body, 4)
	in := Input{URL: "https://example.org/post.md", ContentType: "text/markdown", Body: body}
	b.SetBytes(int64(len(body)))
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := ex.Extract(in); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu0)
}
