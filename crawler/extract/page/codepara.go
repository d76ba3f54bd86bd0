package page

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Inline code makes a paragraph code (KindPre) when it holds at least
// codeShare of the paragraph's text and at least codeMin bytes: a log or a
// command's output pasted between single backticks that span lines. A
// paragraph that only names a command or a file ("Run `make` again.")
// stays prose.
const (
	codeShare = 0.6
	codeMin   = 80
)

// mostlyCode reports whether paragraph c, whose text is text, is code set
// inline (see codeShare).
func mostlyCode(c *html.Node, text string) bool {
	if len(text) < codeMin {
		return false
	}
	n := 0
	var rec func(*html.Node)
	rec = func(p *html.Node) {
		for k := p.FirstChild; k != nil; k = k.NextSibling {
			if k.Type != html.ElementNode {
				continue
			}
			if k.DataAtom == atom.Code {
				n += len(strings.TrimSpace(textOf(k)))
				continue
			}
			rec(k)
		}
	}
	rec(c)
	return n >= codeMin && float64(n) >= codeShare*float64(len(text))
}
