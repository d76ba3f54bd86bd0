package page

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// Kind says what a block of text was in the page.
type Kind int

const (
	KindPara    Kind = iota // a paragraph or loose inline text
	KindHeading             // h1-h6, or a bold one-line paragraph
	KindItem                // a list item, table row or definition
	KindPre                 // preformatted text: logs, code, config
)

// pseudoHeadingLevel is the level given to a bold one-line paragraph: below
// every real heading, so it never closes a section opened by one.
const pseudoHeadingLevel = 7

// Block is one unit of a page's main text, in reading order. Every later
// step (sections, sentences, dates, categories) works on blocks, so HTML,
// Markdown and plain text all end up in the same shape.
type Block struct {
	Kind  Kind
	Level int // 1-7 for headings
	Text  string
	opens bool // a heading that opens a known section (set by AssignSections)
	// section is the section the block belongs to whatever heading it sits
	// under: the rows of a "| Time | Event |" table are a timeline.
	section string
}

// blockElems are elements whose text is emitted as one block.
var blockElems = map[atom.Atom]Kind{
	atom.P: KindPara, atom.H1: KindHeading, atom.H2: KindHeading, atom.H3: KindHeading,
	atom.H4: KindHeading, atom.H5: KindHeading, atom.H6: KindHeading, atom.Li: KindItem,
	atom.Tr: KindItem, atom.Dt: KindItem, atom.Dd: KindItem, atom.Pre: KindPre,
	atom.Figcaption: KindPara, atom.Caption: KindPara,
}

// containerElems hold blocks; their loose inline text becomes a paragraph.
var containerElems = map[atom.Atom]bool{
	atom.Html: true, atom.Body: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Blockquote: true,
	atom.Figure: true, atom.Details: true, atom.Summary: true, atom.Center: true,
	atom.Header: true, atom.Hgroup: true, atom.Address: true, atom.Form: true,
	atom.Fieldset: true, atom.Span: false,
}

// skipElems never carry article text.
var skipElems = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Head: true, atom.Title: true, atom.Img: true, atom.Video: true, atom.Audio: true,
	atom.Canvas: true,
}

// blocksOf walks n and returns its text as blocks in reading order.
func blocksOf(n *html.Node) []Block {
	w := &blockWalker{}
	w.walk(n)
	w.flush()
	return w.out
}

type blockWalker struct {
	out    []Block
	inline strings.Builder // loose inline text waiting for the next block boundary
}

func (w *blockWalker) flush() {
	if t := prose.CollapseSpace(w.inline.String()); t != "" {
		w.out = append(w.out, Block{Kind: KindPara, Text: t})
	}
	w.inline.Reset()
}

func (w *blockWalker) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			w.inline.WriteString(c.Data)
		case html.ElementNode:
			w.element(c)
		case html.DocumentNode:
			w.walk(c)
		}
	}
}

func (w *blockWalker) element(c *html.Node) {
	if skipElems[c.DataAtom] {
		return
	}
	if c.DataAtom == atom.Br {
		w.inline.WriteByte('\n')
		return
	}
	if c.DataAtom == atom.Hr {
		w.flush()
		return
	}
	if c.DataAtom == atom.Table {
		w.flush()
		w.table(c)
		return
	}
	kind, isBlock := blockElems[c.DataAtom]
	switch {
	case isBlock:
		w.flush()
		w.emit(c, kind)
	case containerElems[c.DataAtom]:
		w.flush()
		w.walk(c)
		w.flush()
	default: // inline element: a, em, strong, code, span, time...
		if hasBlockChild(c) {
			w.flush()
			w.walk(c)
			w.flush()
			return
		}
		w.inline.WriteString(textOf(c))
	}
}

// emit turns one block element into a block. A list item with a nested list
// emits its own text first, then the nested items.
func (w *blockWalker) emit(c *html.Node, kind Kind) {
	if kind == KindItem && c.DataAtom != atom.Tr && hasBlockChild(c) {
		w.walk(c)
		w.flush()
		return
	}
	var text string
	switch {
	case c.DataAtom == atom.Tr:
		text = strings.Join(cells(c), " | ")
	case kind == KindPre:
		text = strings.TrimSpace(textOf(c))
	default:
		raw := textOf(c)
		if kind == KindPara {
			if head, rest, ok := leadLine(c, raw); ok {
				w.out = append(w.out, Block{Kind: KindHeading, Level: pseudoHeadingLevel, Text: head})
				w.out = append(w.out, Block{Kind: KindPara, Text: rest})
				return
			}
		}
		text = prose.CollapseSpace(raw)
	}
	if text == "" {
		return
	}
	b := Block{Kind: kind, Text: text}
	if kind == KindHeading && isProse(text) {
		b.Kind = KindPara // a paragraph that Markdown made a heading ("text\n---")
	} else if kind == KindHeading {
		b.Level = int(c.Data[1] - '0')
	} else if kind == KindPara && isBoldLine(c, text) {
		b.Kind, b.Level = KindHeading, pseudoHeadingLevel
	} else if kind == KindPara && mostlyCode(c, text) {
		b.Kind = KindPre
	}
	w.out = append(w.out, b)
}

// table emits a table's rows. A small table with a header row (a summary
// box: "Customer Data Loss | None") reads as "header: value" pairs, so each
// value stays next to what it answers; a long one (a timeline) keeps one
// item per row.
func (w *blockWalker) table(t *html.Node) {
	var rows []*html.Node
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				collect(c)
			}
		}
	}
	collect(t)
	if len(rows) == 0 {
		w.walk(t)
		return
	}
	header := cells(rows[0])
	isHeader := firstCellIs(rows[0], atom.Th) || (rows[0].Parent != nil && rows[0].Parent.DataAtom == atom.Thead)
	if isTimelineTable(header, isHeader, rows) {
		for _, r := range rows[1:] {
			if t := strings.Join(cells(r), " | "); t != "" {
				w.out = append(w.out, Block{Kind: KindItem, Text: t, section: data.SectionTimeline})
			}
		}
		return
	}
	if isHeader && len(rows) <= 3 {
		for _, r := range rows[1:] {
			vals := cells(r)
			if len(vals) != len(header) {
				w.out = append(w.out, Block{Kind: KindItem, Text: strings.Join(vals, " | ")})
				continue
			}
			pairs := make([]string, len(vals))
			for i := range vals {
				pairs[i] = header[i] + ": " + vals[i]
			}
			w.out = append(w.out, Block{Kind: KindItem, Text: strings.Join(pairs, "; ")})
		}
		return
	}
	for _, r := range rows {
		if t := strings.Join(cells(r), " | "); t != "" {
			w.out = append(w.out, Block{Kind: KindItem, Text: t})
		}
	}
}

var (
	// timeColumn and eventColumn name the columns of a timeline table.
	timeColumn  = regexp.MustCompile(`(?i)^\W*(time|timestamp|when|date|date ?(/|and|&) ?time|heure|horodatage|moment|date et heure|quand)\b`)
	eventColumn = regexp.MustCompile(`(?i)\b(events?|actions?|descriptions?|what happened|updates?|details?|notes?|activity|activities|[ée]v[ée]nements?|d[ée]tails?|faits?|ce qui s'est pass[ée])`)
	// timeCell opens a cell that gives a time or a day.
	timeCell = regexp.MustCompile(`(?i)^\W*(\d{1,2}[:h]\s?\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}\b|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|f[ée]vr|avr|mai|juin|juil|ao[uû]t|d[ée]c)\w*|t[+-]\d)`)
)

// isTimelineTable reports whether a table tells a timeline: a header that
// names a time column and an event column ("| Time | Event |"), or rows
// that mostly open with a time.
func isTimelineTable(header []string, isHeader bool, rows []*html.Node) bool {
	if isHeader && len(header) >= 2 && timeColumn.MatchString(header[0]) {
		for _, h := range header[1:] {
			if eventColumn.MatchString(h) {
				return true
			}
		}
	}
	body := rows
	if isHeader {
		body = rows[1:]
	}
	if len(body) < 3 {
		return false
	}
	timed := 0
	for _, r := range body {
		if c := cells(r); len(c) >= 2 && timeCell.MatchString(c[0]) {
			timed++
		}
	}
	return timed*10 >= len(body)*7
}

func firstCellIs(tr *html.Node, a atom.Atom) bool {
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c.DataAtom == a
		}
	}
	return false
}

// cells returns the text of a row's cells, empty ones included.
func cells(tr *html.Node) []string {
	var out []string
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			out = append(out, prose.CollapseSpace(textOf(c)))
		}
	}
	return out
}

// statusWord names the state of a status-page update.
var statusWord = regexp.MustCompile(`(?i)^\W*(resolved|monitoring|identified|investigating|update|updated|verifying|completed|in progress|scheduled|post-?mortem|r[ée]solu|surveillance|identifi[ée]|investigation|investigation en cours|mise à jour|probl[èe]me identifi[ée]|en cours|suivi)\W*([—–:|(-]|$)|[—–|-]\s*(resolved|monitoring|identified|investigating|update|r[ée]solu|surveillance|identifi[ée]|investigation)\W*$`)

// leadLine splits a paragraph (raw is its text) that opens with a line of its own: a bold
// lead-in on its own line ("**Resolved** — May 18, 05:41 PDT" then the
// update's text) or a status-page stamp. Markdown keeps the line break
// only as a newline inside the paragraph, which would glue the stamp to
// the first sentence of the update.
func leadLine(p *html.Node, raw string) (head, rest string, ok bool) {
	raw = strings.TrimLeft(raw, " \t\n")
	i := strings.IndexByte(raw, '\n')
	if i < 0 || i > 200 {
		return "", "", false
	}
	head, rest = prose.CollapseSpace(raw[:i]), prose.CollapseSpace(raw[i+1:])
	// head is empty when its line held only white space the trim above
	// keeps ("\v").
	if head == "" || len(head) > 100 || len(rest) < 20 || strings.ContainsAny(head[len(head)-1:], ".,;") {
		return "", "", false
	}
	return head, rest, statusWord.MatchString(head) || startsBold(p, head)
}

// startsBold reports whether a paragraph opens with a bold element that
// holds at least half of its first line.
func startsBold(p *html.Node, head string) bool {
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if c.Type != html.ElementNode || (c.DataAtom != atom.Strong && c.DataAtom != atom.B) || strings.Contains(textOf(c), "\n") {
			return false
		}
		return 2*len(prose.CollapseSpace(textOf(c))) >= len(head)
	}
	return false
}

// isProse reports whether a heading's text is really a paragraph: long, or
// made of more than one sentence.
func isProse(text string) bool {
	return len(text) > 150 || (len(text) > 60 && len(SplitSentences(text)) > 1)
}

// hasBlockChild reports whether n contains a block element somewhere below.
func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if _, ok := blockElems[c.DataAtom]; ok || (containerElems[c.DataAtom] && c.DataAtom != atom.Span) {
			return true
		}
		if hasBlockChild(c) {
			return true
		}
	}
	return false
}

// isBoldLine reports whether a paragraph is a heading in disguise: its whole
// text sits inside one strong/b element and it is short.
func isBoldLine(p *html.Node, text string) bool {
	if len(text) > 80 || strings.HasSuffix(text, ".") {
		return false
	}
	var bold *html.Node
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && (c.DataAtom == atom.Strong || c.DataAtom == atom.B) && bold == nil:
			bold = c
		default:
			return false
		}
	}
	return bold != nil
}

// textOf returns the text below n, skipping elements that never carry text.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && skipElems[c.DataAtom]:
			case c.Type == html.ElementNode && c.DataAtom == atom.Br:
				b.WriteByte('\n')
			case c.Type == html.ElementNode:
				rec(c)
			}
		}
	}
	rec(n)
	return b.String()
}

// JoinBlocks renders blocks as plain text, one block per paragraph.
func JoinBlocks(bs []Block) string {
	var b strings.Builder
	n := 0
	for _, bl := range bs {
		n += len(bl.Text) + 2
	}
	b.Grow(n)
	for i, bl := range bs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(bl.Text)
	}
	return b.String()
}
