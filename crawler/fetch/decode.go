package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// UnsupportedTypeError is a response whose content type pmkb cannot read.
type UnsupportedTypeError struct {
	Type string
}

func (e *UnsupportedTypeError) Error() string {
	return "fetch: unsupported content type " + e.Type
}

// Page is a response body made ready for the extractor.
type Page struct {
	ContentType string // media type handed to the extractor
	Body        []byte // UTF-8 text
}

// Media types the extractor is given.
const (
	typeHTML     = "text/html"
	typeMarkdown = "text/markdown"
	typePlain    = "text/plain"
)

// DecodePage turns a raw response body into UTF-8 text of a type the
// extractor reads: content coding undone (capped at maxBody, so a gzip bomb
// stops at the cap), the charset converted, PDFs turned into text, and the
// Wayback toolbar removed.
func DecodePage(header http.Header, raw []byte, maxBody int64) (Page, error) {
	body, err := decodeContent(header.Get("Content-Encoding"), raw, maxBody)
	if err != nil {
		return Page{}, err
	}
	ctype := header.Get("Content-Type")
	media, params, _ := mime.ParseMediaType(ctype)
	media = strings.ToLower(media)
	if media == "" || media == "application/octet-stream" || media == "binary/octet-stream" {
		media, params, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	switch {
	case media == typeHTML || media == "application/xhtml+xml":
		enc, _, _ := charset.DetermineEncoding(body, ctype)
		text, err := toUTF8(enc, body)
		if err != nil {
			return Page{}, err
		}
		return Page{ContentType: typeHTML, Body: stripToolbar(text)}, nil
	case media == typeMarkdown || media == "text/x-markdown":
		text, err := textToUTF8(params["charset"], body)
		return Page{ContentType: typeMarkdown, Body: text}, err
	case media == typePlain:
		text, err := textToUTF8(params["charset"], body)
		return Page{ContentType: typePlain, Body: text}, err
	case media == "application/pdf":
		text, err := page.PDFText(body)
		if err != nil {
			return Page{}, err
		}
		return Page{ContentType: typePlain, Body: text}, nil
	}
	return Page{}, &UnsupportedTypeError{Type: media}
}

// decodeContent undoes a gzip or deflate content coding, never producing
// more than maxBody bytes.
func decodeContent(coding string, raw []byte, maxBody int64) ([]byte, error) {
	var r io.ReadCloser
	switch strings.ToLower(strings.TrimSpace(coding)) {
	case "", "identity":
		return raw, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("fetch: gzip body: %w", err)
		}
		r = zr
	case "deflate":
		r = deflateReader(raw)
	default:
		return nil, fmt.Errorf("fetch: unsupported content encoding %q", coding)
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("fetch: decode %s body: %w", coding, err)
	}
	if int64(len(out)) > maxBody {
		return nil, fmt.Errorf("%w: decoded %s body over the %d-byte cap", ErrTooLarge, coding, maxBody)
	}
	return out, nil
}

// deflateReader reads "deflate" as servers send it: usually zlib-wrapped as
// the RFC says, sometimes raw.
func deflateReader(raw []byte) io.ReadCloser {
	if len(raw) >= 2 && raw[0]&0x0f == 8 && (uint16(raw[0])<<8|uint16(raw[1]))%31 == 0 {
		if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			return zr
		}
	}
	return flate.NewReader(bytes.NewReader(raw))
}

// textToUTF8 converts a Markdown or plain-text body: the declared charset
// when there is one, UTF-8 when the bytes are valid UTF-8, else Windows-1252
// (which also reads ISO-8859-1 correctly).
func textToUTF8(label string, body []byte) ([]byte, error) {
	if label != "" {
		if enc, err := htmlindex.Get(label); err == nil {
			return toUTF8(enc, body)
		}
	}
	if utf8.Valid(body) {
		return bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), nil
	}
	return toUTF8(charmap.Windows1252, body)
}

func toUTF8(enc encoding.Encoding, body []byte) ([]byte, error) {
	if enc == nil || enc == encoding.Nop {
		return body, nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("fetch: decode charset: %w", err)
	}
	return bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")), nil
}

// Markers the Wayback Machine wraps its toolbar in when it rewrites a page.
var (
	toolbarStart = []byte("<!-- BEGIN WAYBACK TOOLBAR INSERT -->")
	toolbarEnd   = []byte("<!-- END WAYBACK TOOLBAR INSERT -->")
)

// stripToolbar removes the Wayback toolbar, in case a capture was served in
// its rewritten form rather than raw.
func stripToolbar(b []byte) []byte {
	for {
		i := bytes.Index(b, toolbarStart)
		if i < 0 {
			return b
		}
		j := bytes.Index(b[i:], toolbarEnd)
		if j < 0 {
			return b[:i]
		}
		b = append(b[:i:i], b[i+j+len(toolbarEnd):]...)
	}
}
