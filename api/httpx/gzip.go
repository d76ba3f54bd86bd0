package httpx

import (
	"bufio"
	"compress/gzip"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// gzipMinBytes is the smallest body worth compressing: below it the gzip
// header and the CPU cost more than they save. Smaller answers go out as
// they are.
const gzipMinBytes = 1024

// gzipPool reuses compressors, each of which holds about a megabyte of
// tables. BestSpeed: on a small, busy machine the CPU is what is short,
// and JSON and HTML compress well even so.
var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// Gzip compresses HTML, JSON, feeds, CSS, JavaScript and other text
// answers of gzipMinBytes or more for clients that accept gzip, and marks
// every answer "Vary: Accept-Encoding". It leaves alone what is already
// encoded, partial content (Range), and answers without a body.
func Gzip() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Writer.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(c.GetHeader("Accept-Encoding")) {
			c.Next()
			return
		}
		w := &gzipWriter{ResponseWriter: c.Writer}
		c.Writer = w
		defer w.finish()
		c.Next()
	}
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: named
// (or "*") with a quality above zero.
func acceptsGzip(h string) bool {
	for part := range strings.SplitSeq(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "x-gzip" && name != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// compressible reports whether a Content-Type is text that gzip shrinks.
func compressible(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"),
		mt == "application/json", strings.HasSuffix(mt, "+json"),
		mt == "application/xml", strings.HasSuffix(mt, "+xml"),
		mt == "application/javascript", mt == "image/svg+xml":
		return true
	}
	return false
}

// gzipWriter decides at the first byte of the body whether to compress:
// then the status and headers are known. It holds back the first
// gzipMinBytes so that small answers go out uncompressed.
type gzipWriter struct {
	gin.ResponseWriter
	mode int // undecided, plain or compressing
	buf  []byte
	gz   *gzip.Writer
}

const (
	gzUndecided = iota
	gzBuffering
	gzPlain
	gzCompressing
)

// decide picks plain or buffering at the first byte of the body.
func (w *gzipWriter) decide() {
	if w.mode != gzUndecided {
		return
	}
	h := w.Header()
	st := w.Status()
	if st < 200 || st == http.StatusNoContent || st == http.StatusNotModified || st == http.StatusPartialContent ||
		h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" || !compressible(h.Get("Content-Type")) {
		w.mode = gzPlain
		return
	}
	w.mode = gzBuffering
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	w.decide()
	switch w.mode {
	case gzPlain:
		return w.ResponseWriter.Write(b)
	case gzCompressing:
		return w.gz.Write(b)
	}
	w.buf = append(w.buf, b...)
	if len(w.buf) >= gzipMinBytes {
		if err := w.startGzip(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

func (w *gzipWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// startGzip sends the headers of a compressed answer and what was held
// back, compressed.
func (w *gzipWriter) startGzip() error {
	h := w.Header()
	h.Set("Content-Encoding", "gzip")
	h.Del("Content-Length")
	if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
		h.Set("ETag", "W/"+et) // the bytes differ from the identity encoding's
	}
	w.mode = gzCompressing
	w.gz = gzipPool.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	buf := w.buf
	w.buf = nil
	_, err := w.gz.Write(buf)
	return err
}

// flushPlain sends what was held back as it is: the body was too small.
func (w *gzipWriter) flushPlain() {
	w.mode = gzPlain
	if len(w.buf) > 0 {
		_, _ = w.ResponseWriter.Write(w.buf)
	}
	w.buf = nil
}

// finish ends the answer once the handlers have returned.
func (w *gzipWriter) finish() {
	switch w.mode {
	case gzBuffering:
		w.flushPlain()
	case gzCompressing:
		_ = w.gz.Close()
		w.gz.Reset(nil)
		gzipPool.Put(w.gz)
		w.gz = nil
	}
}

// WriteHeaderNow sends the headers before any body byte (HEAD, 304, an
// empty answer): nothing will be compressed.
func (w *gzipWriter) WriteHeaderNow() {
	if w.mode == gzUndecided {
		w.mode = gzPlain
	}
	w.ResponseWriter.WriteHeaderNow()
}

// Written reports true once a byte of the body was written, held back or
// not, so that a handler that panics after writing is not answered twice.
func (w *gzipWriter) Written() bool {
	return len(w.buf) > 0 || w.mode == gzCompressing || w.ResponseWriter.Written()
}

// Size counts held-back bytes too, so middleware sees a body was written.
func (w *gzipWriter) Size() int {
	if len(w.buf) > 0 {
		return max(w.ResponseWriter.Size(), 0) + len(w.buf)
	}
	return w.ResponseWriter.Size()
}

// Flush sends what is held back (compressing it when the answer
// qualifies) and flushes the compressor and the connection.
func (w *gzipWriter) Flush() {
	switch w.mode {
	case gzBuffering:
		if err := w.startGzip(); err != nil {
			return
		}
		fallthrough
	case gzCompressing:
		_ = w.gz.Flush()
	}
	w.ResponseWriter.Flush()
}

// Hijack hands the connection over; nothing is compressed afterwards.
func (w *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.mode = gzPlain
	return w.ResponseWriter.Hijack()
}
