package archive

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Response is a response read back from the WARC files.
type Response struct {
	Target string
	Status int
	Header http.Header
	Raw    []byte
}

// Read returns the response record at ref.
func (w *Writer) Read(ref Ref) (Response, error) {
	p := w.path(ref)
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReader(p, ref.Offset)
	gowarcMu.Unlock()
	if err != nil {
		return Response{}, fmt.Errorf("archive: open warc %s: %w", p, err)
	}
	defer r.Close()
	rec, err := r.Next()
	if err != nil {
		return Response{}, fmt.Errorf("archive: read warc %s@%d: %w", p, ref.Offset, err)
	}
	defer rec.Close()
	return responseOf(rec.WarcRecord)
}

func responseOf(wr gowarc.WarcRecord) (Response, error) {
	if wr.Type() != gowarc.Response {
		return Response{}, fmt.Errorf("archive: warc record %s is a %s, want a response", wr.RecordId(), wr.Type())
	}
	blk, ok := wr.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return Response{}, fmt.Errorf("archive: warc record %s holds no http response", wr.RecordId())
	}
	pr, err := blk.PayloadBytes()
	if err != nil {
		return Response{}, fmt.Errorf("archive: warc record %s: %w", wr.RecordId(), err)
	}
	raw, err := io.ReadAll(pr)
	if err != nil {
		return Response{}, fmt.Errorf("archive: warc record %s: %w", wr.RecordId(), err)
	}
	h := http.Header{}
	if ph := blk.HttpHeader(); ph != nil {
		h = ph.Clone()
	}
	return Response{
		Target: wr.WarcHeader().Get(gowarc.WarcTargetURI),
		Status: blk.HttpStatusCode(),
		Header: h,
		Raw:    raw,
	}, nil
}

// recoverOpenWARCs repairs the files a killed crawl left behind with the
// ".open" suffix: a record cut off mid-write is dropped (each record is its
// own gzip member, so everything before it stays readable) and the file gets
// its final name.
func recoverOpenWARCs(dir string, log *slog.Logger) error {
	open, err := filepath.Glob(filepath.Join(dir, "*.warc.gz.open"))
	if err != nil {
		return fmt.Errorf("archive: list warc files: %w", err)
	}
	for _, p := range open {
		good, err := completeMembers(p)
		if err != nil {
			return err
		}
		if err := os.Truncate(p, good); err != nil {
			return fmt.Errorf("archive: repair %s: %w", p, err)
		}
		final := strings.TrimSuffix(p, ".open")
		if good == 0 {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("archive: remove empty %s: %w", p, err)
			}
			continue
		}
		if err := os.Rename(p, final); err != nil {
			return fmt.Errorf("archive: repair %s: %w", p, err)
		}
		log.Info("repaired warc file left open by an interrupted crawl", "file", filepath.Base(final), "bytes", good)
	}
	return nil
}

// completeMembers returns the length of the longest prefix of the gzip file
// at p made of complete members.
func completeMembers(p string) (int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, fmt.Errorf("archive: repair %s: %w", p, err)
	}
	defer f.Close()
	cr := &countingByteReader{r: bufio.NewReader(f)}
	var good int64
	zr := new(gzip.Reader)
	for {
		if err := zr.Reset(cr); err != nil {
			return good, nil // EOF or a cut-off header
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			return good, nil // a member cut off mid-write
		}
		good = cr.n
	}
}

// countingByteReader counts the bytes gzip consumes; it implements
// io.ByteReader so gzip reads exactly up to a member's end.
type countingByteReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingByteReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingByteReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// EachResponse calls fn for every response record in every WARC file of
// dir, oldest file first.
func EachResponse(dir string, fn func(file string, offset int64, r Response) error) error {
	return EachResponseSince(dir, time.Time{}, fn)
}

// EachResponseSince is EachResponse over the files written to at or after
// since: those of a crawl run that began then.
func EachResponseSince(dir string, since time.Time, fn func(file string, offset int64, r Response) error) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if err != nil {
		return fmt.Errorf("archive: list warc files: %w", err)
	}
	for _, p := range files {
		if fi, err := os.Stat(p); err != nil || fi.ModTime().Before(since) {
			continue
		}
		if err := eachInFile(p, fn); err != nil {
			return err
		}
	}
	return nil
}

func eachInFile(p string, fn func(file string, offset int64, r Response) error) error {
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReader(p, 0)
	gowarcMu.Unlock()
	if err != nil {
		return fmt.Errorf("archive: open warc %s: %w", p, err)
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("archive: read warc %s: %w", p, err)
		}
		if rec.WarcRecord.Type() == gowarc.Response {
			sr, err := responseOf(rec.WarcRecord)
			if err == nil {
				err = fn(filepath.Base(p), rec.Offset, sr)
			}
			if err != nil {
				rec.Close()
				return err
			}
		}
		rec.Close()
	}
}
