package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/internal/testutil"
)

// rawRecord is one WARC record parsed by hand, without gowarc.
type rawRecord struct {
	header map[string]string
	block  []byte
}

// testOptions are the options the tests open writers with.
var testOptions = Options{MaxBody: 10 << 20, Software: "pmkb/test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}

// readRawRecords reads every record of a gzip-per-record WARC file.
func readRawRecords(t *testing.T, path string) []rawRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(zr)
	var out []rawRecord
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			return out
		}
		if err != nil || line != "WARC/1.1\r\n" {
			t.Fatalf("record start: got %q, %v", line, err)
		}
		r := rawRecord{header: map[string]string{}}
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if line == "\r\n" {
				break
			}
			k, v, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ": ")
			r.header[k] = v
		}
		n, err := strconv.Atoi(r.header["Content-Length"])
		if err != nil {
			t.Fatal(err)
		}
		r.block = make([]byte, n)
		if _, err := io.ReadFull(br, r.block); err != nil {
			t.Fatal(err)
		}
		if end := make([]byte, 4); func() bool { _, err := io.ReadFull(br, end); return err != nil }() || string(end) != "\r\n\r\n" {
			t.Fatalf("record end missing after %s", r.header["WARC-Record-ID"])
		}
		out = append(out, r)
	}
}

func sha256Label(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// TestWARCRecordsWellFormed writes an exchange and reads the file back by
// hand: ids are unique UUID URNs, request and response point at each
// other, and the block and payload digests are those of the bytes stored.
func TestWARCRecordsWellFormed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	w, err := Open(dir, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://pm.example/post?id=1", nil)
	req.Header.Set("User-Agent", testOptions.Software)
	resp := &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"text/html"}}}
	body := []byte("<!doctype html><html><head><title>Outage</title></head><body><p>the cache ran out of memory</p></body></html>")
	if _, err := w.Write(req, resp, body, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) != 1 {
		t.Fatalf("got files %v, want one", files)
	}
	recs := readRawRecords(t, files[0])
	if len(recs) != 3 {
		t.Fatalf("got %d records, want warcinfo, request, response", len(recs))
	}
	ids := map[string]bool{}
	for i, r := range recs {
		id := r.header["WARC-Record-ID"]
		if !strings.HasPrefix(id, "<urn:uuid:") || len(id) != len("<urn:uuid:>")+36 || ids[id] {
			t.Errorf("record %d: got id %q, want a fresh UUID URN", i, id)
		}
		ids[id] = true
		if got, want := r.header["WARC-Block-Digest"], sha256Label(r.block); got != want {
			t.Errorf("record %d (%s): got block digest %s, want %s", i, r.header["WARC-Type"], got, want)
		}
	}
	rq, rs := recs[1], recs[2]
	if rq.header["WARC-Concurrent-To"] != rs.header["WARC-Record-ID"] || rs.header["WARC-Concurrent-To"] != rq.header["WARC-Record-ID"] {
		t.Errorf("request and response do not point at each other: %v / %v", rq.header, rs.header)
	}
	_, payload, _ := bytes.Cut(rs.block, []byte("\r\n\r\n"))
	if !bytes.Equal(payload, body) || rs.header["WARC-Payload-Digest"] != sha256Label(body) {
		t.Errorf("response payload: got %q with digest %s, want the body with %s", payload, rs.header["WARC-Payload-Digest"], sha256Label(body))
	}
	if rs.header["WARC-Target-URI"] != "http://pm.example/post?id=1" || rs.header["Content-Type"] != "application/http;msgtype=response" {
		t.Errorf("response header: got %v", rs.header)
	}
}

// BenchmarkWARCWrite archives one request and its 2.4 KB HTML response: the
// per-page cost of the WARC files on the crawl's hot path.
func BenchmarkWARCWrite(b *testing.B) {
	w, err := Open(b.TempDir(), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	body := []byte("<!doctype html><html><head><title>Benchmark post-mortem</title></head><body><article><p>" +
		strings.Repeat("The cache tier ran out of memory and requests queued. ", 40) + "</p></article></body></html>")
	req, _ := http.NewRequest(http.MethodGet, "http://bench.example/post/1", nil)
	req.Header.Set("User-Agent", testOptions.Software)
	resp := &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{
		"Content-Type": {"text/html; charset=utf-8"}, "Date": {"Mon, 02 Jan 2006 15:04:05 GMT"}}}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	cpu0 := testutil.ProcessCPU()
	defer func() { b.ReportMetric(float64((testutil.ProcessCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu_ns/op") }()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := w.Write(req, resp, body, false, time.Now()); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
