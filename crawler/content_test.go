package crawler

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

func TestCharsets(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	// “quoted” café in windows-1252, declared three ways.
	cp1252 := "<html><head><title>Caf\xe9</title>%s</head><body><p>\x93quoted\x94 caf\xe9 \x96 na\xefve</p></body></html>"
	s.mux.HandleFunc("/header", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		fmt.Fprintf(w, cp1252, "")
	})
	s.mux.HandleFunc("/meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, cp1252, `<meta charset="windows-1252">`)
	})
	s.mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		fmt.Fprintf(w, "<html><head><title>x</title></head><body><p>caf\xe9 na\xefve</p></body></html>")
	})
	s.mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "Report\ncaf\xe9 na\xefve\n")
	})
	c, _ := newCrawler(t, testOptions(t))
	cases := []struct{ path, want string }{
		{"/header", "“quoted” café – naïve"},
		{"/meta", "“quoted” café – naïve"},
		{"/latin1", "café naïve"},
		{"/plain", "café naïve"},
	}
	for _, tc := range cases {
		t.Run(strings.Trim(tc.path, "/"), func(t *testing.T) {
			pm := crawlOne(t, c, s.URL+tc.path)
			if pm.Fetch.Status != data.FetchOK || !strings.Contains(pm.Body, tc.want) {
				t.Errorf("got %s body %q, want ok with %q", pm.Fetch.Status, pm.Body, tc.want)
			}
		})
	}
}

func TestMarkdownPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	md := "# Storage outage\n\nA disk filled up.\n\n## Root cause\n\nLogs were never rotated.\n"
	s.mux.HandleFunc("/pm.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		io.WriteString(w, md)
	})
	c, ex := newCrawler(t, testOptions(t))
	pm := crawlOne(t, c, s.URL+"/pm.md")
	in, ok := ex.input(s.URL + "/pm.md")
	if !ok || in.ContentType != "text/markdown" || string(in.Body) != md {
		t.Fatalf("extractor input: got %q %q, want text/markdown and the page as is", in.ContentType, in.Body)
	}
	if pm.Fetch.Status != data.FetchOK || pm.Title != "Storage outage" {
		t.Errorf("got %s %q, want ok, Storage outage", pm.Fetch.Status, pm.Title)
	}
}

func TestContentEncodingAndTypes(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	text := htmlPage("Compressed", "small and squeezed")
	s.mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBytes(t, []byte(text)))
	})
	s.mux.HandleFunc("/deflate", func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		io.WriteString(zw, text)
		zw.Close()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "deflate")
		w.Write(b.Bytes())
	})
	s.mux.HandleFunc("/rawdeflate", func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		zw, _ := flate.NewWriter(&b, flate.BestSpeed)
		io.WriteString(zw, text)
		zw.Close()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "deflate")
		w.Write(b.Bytes())
	})
	s.mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	s.mux.HandleFunc("/sniffed", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // let nothing be declared
		io.WriteString(w, text)
	})
	c, _ := newCrawler(t, testOptions(t))
	for _, p := range []string{"/gzip", "/deflate", "/rawdeflate", "/sniffed"} {
		pm := crawlOne(t, c, s.URL+p)
		if pm.Fetch.Status != data.FetchOK || pm.Title != "Compressed" {
			t.Errorf("%s: got %+v title %q, want ok, Compressed", p, pm.Fetch, pm.Title)
		}
	}
	pm := crawlOne(t, c, s.URL+"/image")
	if pm.Fetch.Status != data.FetchSkipped || pm.Fetch.Error != "fetch: unsupported content type image/png" {
		t.Errorf("image: got %+v, want skipped: unsupported content type image/png", pm.Fetch)
	}
}

func TestPDF(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(minimalPDF("Power failure in hall two"))
	})
	s.mux.HandleFunc("/broken.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
	})
	c, ex := newCrawler(t, testOptions(t))
	pm := crawlOne(t, c, s.URL+"/report.pdf")
	in, _ := ex.input(s.URL + "/report.pdf")
	if pm.Fetch.Status != data.FetchOK || in.ContentType != "text/plain" || !strings.Contains(string(in.Body), "Power failure in hall two") {
		t.Errorf("pdf: got %+v, input %q %q; want ok with the text", pm.Fetch, in.ContentType, in.Body)
	}
	pm = crawlOne(t, c, s.URL+"/broken.pdf")
	if pm.Fetch.Status != data.FetchFailed || !strings.Contains(pm.Fetch.Error, "pdf") {
		t.Errorf("broken pdf: got %+v, want failed with a pdf error", pm.Fetch)
	}
}

// minimalPDF writes a one-page PDF showing text, with a correct xref table.
func minimalPDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestNoFetch(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Never fetched", "x")
	o := testOptions(t)
	o.NoFetch = true
	c, _ := newCrawler(t, o)
	pm := crawlOne(t, c, s.URL+"/pm")
	if s.hit("/pm")+s.hit("/robots.txt") != 0 {
		t.Errorf("no-fetch: got %d requests, want 0", s.hit("/pm")+s.hit("/robots.txt"))
	}
	if pm.Fetch.Status != data.FetchSkipped || pm.Title != "Acme: Acme had an outage" ||
		pm.Summary != "Acme had an outage. More words." || pm.Company != "Acme" {
		t.Errorf("no-fetch record: got status %s title %q summary %q company %q", pm.Fetch.Status, pm.Title, pm.Summary, pm.Company)
	}
}
