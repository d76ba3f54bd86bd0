package page

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// errNotPDF is PDFText's answer to bytes that are not a PDF.
var errNotPDF = errors.New("page: not a pdf")

// PDFText extracts the text of a PDF page by page. The parser is pure Go
// but was written for well-formed files, so a panic on a broken one becomes
// an error rather than a crash.
func PDFText(body []byte) (text []byte, err error) {
	if !bytes.HasPrefix(bytes.TrimLeft(body, "\x00\t\r\n "), []byte("%PDF-")) {
		return nil, errNotPDF
	}
	defer func() {
		if r := recover(); r != nil {
			text, err = nil, fmt.Errorf("page: read pdf: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return nil, fmt.Errorf("page: read pdf: %w", err)
	}
	var out strings.Builder
	fonts := map[string]*pdf.Font{}
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		for _, name := range p.Fonts() {
			if _, ok := fonts[name]; !ok {
				f := p.Font(name)
				fonts[name] = &f
			}
		}
		t, err := p.GetPlainText(fonts)
		if err != nil {
			return nil, fmt.Errorf("page: read pdf page %d: %w", i, err)
		}
		out.WriteString(strings.TrimSpace(t))
		out.WriteString("\n\n")
	}
	s := strings.TrimSpace(out.String())
	if s == "" {
		return nil, fmt.Errorf("page: read pdf: no text (a scanned document?)")
	}
	return []byte(s), nil
}
