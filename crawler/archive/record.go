package archive

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/nlnwa/gowarc/v3"
)

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
		return "", fmt.Errorf("archive: warc record id: %w", err)
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
			return nil, fmt.Errorf("archive: warc %s record: %w", t, err)
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
		return nil, fmt.Errorf("archive: warc %s record: %w", t, err)
	}
	return rec, nil
}

// warcinfo is the first record a crawl writes; software names the writer.
func warcinfo(software string) (gowarc.WarcRecord, error) {
	info := "software: " + software + "\r\n" +
		"format: WARC File Format 1.1\r\n" +
		"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
	return newRecord(gowarc.Warcinfo, 0, nil, []byte(info), false, func(b gowarc.WarcRecordBuilder) {
		b.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
		b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	})
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
