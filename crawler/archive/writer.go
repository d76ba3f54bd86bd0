// Package archive writes the crawl's exchanges to WARC files and reads their responses back.
package archive

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Ref locates one response record in the WARC files.
type Ref struct {
	File   string `json:"file"`   // base name under DataDir/warc
	Offset int64  `json:"offset"` // of the record's gzip member
}

// Writer appends request/response pairs to gzip-per-record WARC 1.1
// files under one directory. Files are named pmkb-TIMESTAMP-PID-SERIAL.warc.gz
// and carry an ".open" suffix while being written.
type Writer struct {
	dir      string
	w        *gowarc.WarcFileWriter
	info     sync.Once
	memMax   int64  // the largest block built in memory
	software string // for the warcinfo record
}

// Options configure a Writer.
type Options struct {
	MaxBody  int64  // the largest body written: blocks up to about this size are built in memory
	Software string // names the writer in the warcinfo record that starts each run
	Logger   *slog.Logger
}

// Open prepares dir, repairs files a killed crawl left open, and starts
// a writer. The first record goes to a new file, so files of earlier runs
// are never appended to.
func Open(dir string, o Options) (*Writer, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("archive: create warc dir: %w", err)
	}
	if err := recoverOpenWARCs(dir, o.Logger); err != nil {
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
	return &Writer{dir: dir, w: w, memMax: o.MaxBody + 64<<10, software: o.Software}, nil
}

func (w *Writer) Close() error {
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("archive: close warc: %w", err)
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

// Write archives one exchange: the request as sent and the response as
// received (body raw, transfer coding removed). It returns where the
// response record landed.
func (w *Writer) Write(req *http.Request, resp *http.Response, raw []byte, truncated bool, at time.Time) (Ref, error) {
	w.info.Do(func() {
		if rec, err := warcinfo(w.software); err == nil {
			w.w.Write(rec)
		}
	})
	target := req.URL.String()
	reqRec, err := w.buildRecord(gowarc.Request, "request", target, at, false, requestBytes(req), nil)
	if err != nil {
		return Ref{}, err
	}
	respRec, err := w.buildRecord(gowarc.Response, "response", target, at, truncated, responseHead(resp, len(raw)), raw)
	if err != nil {
		reqRec.Close()
		return Ref{}, err
	}
	res := w.w.Write(reqRec, respRec)
	for _, r := range res {
		if r.Err != nil {
			return Ref{}, fmt.Errorf("archive: write warc record for %s: %w", target, r.Err)
		}
	}
	last := res[len(res)-1]
	return Ref{File: last.FileName, Offset: last.FileOffset}, nil
}

// buildRecord makes one request or response record: head, then the body
// as received.
func (w *Writer) buildRecord(t gowarc.RecordType, msgtype, target string, at time.Time, truncated bool,
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

// path returns the file a ref points to; a file still being written has
// its ".open" suffix.
func (w *Writer) path(ref Ref) string {
	p := filepath.Join(w.dir, filepath.Base(ref.File))
	if _, err := os.Stat(p); err != nil {
		if _, err2 := os.Stat(p + ".open"); err2 == nil {
			return p + ".open"
		}
	}
	return p
}
