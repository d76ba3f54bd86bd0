package crawler

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/nlnwa/gowarc/v3"
)

// warcRef locates one response record in the WARC files.
type warcRef struct {
	File   string `json:"file"`   // base name under DataDir/warc
	Offset int64  `json:"offset"` // of the record's gzip member
}

// warcWriter appends request/response pairs to gzip-per-record WARC 1.1
// files under one directory. Files are named pmkb-TIMESTAMP-PID-SERIAL.warc.gz
// and carry an ".open" suffix while being written.
type warcWriter struct {
	dir    string
	w      *gowarc.WarcFileWriter
	info   sync.Once
	memMax int64 // the largest block built in memory
}

// openWARC prepares dir, repairs files a killed crawl left open, and starts
// a writer. The first record goes to a new file, so files of earlier runs
// are never appended to.
func openWARC(dir string, maxBody int64, log *slog.Logger) (*warcWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("crawler: create warc dir: %w", err)
	}
	if err := recoverOpenWARCs(dir, log); err != nil {
		return nil, err
	}
	gen := &nameGen{dir: dir, pid: os.Getpid()}
	w := gowarc.NewWarcFileWriter(
		gowarc.WithFileNameGenerator(gen),
		gowarc.WithCompression(true),
		gowarc.WithMaxFileSize(1<<30),
		gowarc.WithAddWarcConcurrentToHeader(true),
		// No WithWarcInfoFunc: the writer would build that record on its own
		// goroutine, outside gowarcMu. write adds a warcinfo record itself.
	)
	return &warcWriter{dir: dir, w: w, memMax: maxBody + 64<<10}, nil
}

// gowarcMu serialises every gowarc call that builds record options:
// gowarc's option constructor sets a process-wide flag of
// github.com/google/uuid (EnableRandPool) without synchronisation, so two
// builders made at once race even across Crawlers. Only the constructors
// are serialised: the records get their ids from recordID, which does not
// read that flag, so building them (digests, block parsing) runs in
// parallel.
var gowarcMu sync.Mutex

// recordID is a fresh WARC-Record-ID: a random (version 4) UUID URN read
// straight from crypto/rand, leaving uuid's shared pool flag alone.
func recordID() (string, error) {
	id, err := uuid.NewRandomFromReader(rand.Reader)
	if err != nil {
		return "", fmt.Errorf("crawler: warc record id: %w", err)
	}
	return id.URN(), nil
}

// newRecord builds a record of type t whose block is head followed by
// payload (the body as received, copied once). The fields are ours and
// known good, so gowarc neither validates them again nor parses the block
// (the WHATWG parse of every URI and the HTTP parse were most of the
// archive's CPU per page): the block digest and, for an HTTP record, the
// payload digest are computed here. memMax is how large a block may grow in
// memory before gowarc moves it to a temporary file.
func newRecord(t gowarc.RecordType, memMax int64, head, payload []byte, http bool,
	fields func(gowarc.WarcRecordBuilder)) (gowarc.WarcRecord, error) {
	gowarcMu.Lock()
	b := gowarc.NewRecordBuilder(t, gowarc.WithNoValidation(), gowarc.WithRecordIdFunc(recordID),
		gowarc.WithBufferMaxMemBytes(max(memMax, 1<<20)))
	gowarcMu.Unlock()
	block := sha256.New()
	for _, p := range [][]byte{head, payload} {
		block.Write(p)
		if _, err := b.Write(p); err != nil {
			b.Close()
			return nil, fmt.Errorf("crawler: warc %s record: %w", t, err)
		}
	}
	b.AddWarcHeader(gowarc.WarcBlockDigest, "sha256:"+hex.EncodeToString(block.Sum(nil)))
	if http {
		sum := sha256.Sum256(payload)
		b.AddWarcHeader(gowarc.WarcPayloadDigest, "sha256:"+hex.EncodeToString(sum[:]))
	}
	fields(b)
	rec, _, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("crawler: warc %s record: %w", t, err)
	}
	return rec, nil
}

// warcinfo is the first record a crawl writes.
func warcinfo() (gowarc.WarcRecord, error) {
	info := "software: " + DefaultUserAgent + "\r\n" +
		"format: WARC File Format 1.1\r\n" +
		"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
	return newRecord(gowarc.Warcinfo, 0, nil, []byte(info), false, func(b gowarc.WarcRecordBuilder) {
		b.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
		b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	})
}

func (w *warcWriter) close() error {
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("crawler: close warc: %w", err)
	}
	return nil
}

// nameGen names WARC files so that two runs, even in the same second, never
// collide.
type nameGen struct {
	dir    string
	pid    int
	serial atomic.Int32
}

// NewWarcfileName implements gowarc.WarcFileNameGenerator.
func (g *nameGen) NewWarcfileName() (string, string) {
	ts := time.Now().UTC().Format("20060102150405.000")
	ts = strings.Replace(ts, ".", "", 1)
	return g.dir, fmt.Sprintf("pmkb-%s-%d-%05d.warc", ts, g.pid, g.serial.Add(1))
}

// write archives one exchange: the request as sent and the response as
// received (body raw, transfer coding removed). It returns where the
// response record landed.
func (w *warcWriter) write(req *http.Request, resp *http.Response, raw []byte, truncated bool, at time.Time) (warcRef, error) {
	w.info.Do(func() {
		if rec, err := warcinfo(); err == nil {
			w.w.Write(rec)
		}
	})
	target := req.URL.String()
	reqRec, err := w.buildRecord(gowarc.Request, "request", target, at, false, requestBytes(req), nil)
	if err != nil {
		return warcRef{}, err
	}
	respRec, err := w.buildRecord(gowarc.Response, "response", target, at, truncated, responseHead(resp, len(raw)), raw)
	if err != nil {
		reqRec.Close()
		return warcRef{}, err
	}
	res := w.w.Write(reqRec, respRec)
	for _, r := range res {
		if r.Err != nil {
			return warcRef{}, fmt.Errorf("crawler: write warc record for %s: %w", target, r.Err)
		}
	}
	last := res[len(res)-1]
	return warcRef{File: last.FileName, Offset: last.FileOffset}, nil
}

// buildRecord makes one request or response record: head, then the body
// as received.
func (w *warcWriter) buildRecord(t gowarc.RecordType, msgtype, target string, at time.Time, truncated bool,
	head, body []byte) (gowarc.WarcRecord, error) {
	rec, err := newRecord(t, w.memMax, head, body, true, func(b gowarc.WarcRecordBuilder) {
		b.AddWarcHeader(gowarc.WarcTargetURI, target)
		b.AddWarcHeaderTime(gowarc.WarcDate, at)
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype="+msgtype)
		if truncated {
			b.AddWarcHeader(gowarc.WarcTruncated, "length")
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, target)
	}
	return rec, nil
}

// requestBytes renders the request as it went on the wire (HTTP/1.1 form).
func requestBytes(req *http.Request) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", req.URL.RequestURI(), req.URL.Host)
	req.Header.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

// responseHead renders the response's status line and headers, the body
// as received to follow. Go has already removed any chunked transfer
// coding, so the Transfer-Encoding header goes and Content-Length states
// the stored size.
func responseHead(resp *http.Response, size int) []byte {
	var b bytes.Buffer
	// Written as HTTP/1.1 whatever the wire protocol was: WARC readers expect it.
	fmt.Fprintf(&b, "HTTP/1.1 %s\r\n", statusText(resp))
	h := resp.Header.Clone()
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(size))
	h.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

func statusText(resp *http.Response) string {
	if resp.Status != "" {
		return resp.Status
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}

// path returns the file a ref points to; a file still being written has
// its ".open" suffix.
func (w *warcWriter) path(ref warcRef) string {
	p := filepath.Join(w.dir, filepath.Base(ref.File))
	if _, err := os.Stat(p); err != nil {
		if _, err2 := os.Stat(p + ".open"); err2 == nil {
			return p + ".open"
		}
	}
	return p
}
