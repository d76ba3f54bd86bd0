package page

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// markdown renders Markdown with tables and raw HTML kept: real post-mortems
// embed <time>, <small> and <div> in their Markdown. Footnotes are rendered
// as such so that they can be left out (see isFootnote).
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

// readMarkdown reads a Markdown page: front matter, then the rendered text.
func readMarkdown(body []byte) (Page, error) {
	fm, rest := splitFrontMatter(body)
	var buf bytes.Buffer
	if err := markdown.Convert(rest, &buf); err != nil {
		return Page{}, fmt.Errorf("extract: render markdown: %w", err)
	}
	root, err := html.Parse(&buf)
	if err != nil {
		return Page{}, fmt.Errorf("extract: parse rendered markdown: %w", err)
	}
	removeFootnotes(root) // the author's own HTML stays: only footnotes are chrome here
	blocks := blocksOf(root)
	if fb := fieldBlocks(fm, len(blocks) == 0); len(fb) > 0 {
		blocks = append(fb, blocks...)
	}
	p := Page{Blocks: blocks, Title: fm.Title, Desc: fm.Description, Meta: fm}
	if len(fm.Authors) > 0 {
		p.Author = fm.Authors[0]
	}
	p.Published = fm.Date
	return p, nil
}

// readText reads a plain-text page: paragraphs split on blank lines; a short
// line without final punctuation followed by text, or a line underlined with
// === or ---, is a heading.
func readText(body []byte) Page {
	var p Page
	paras := blankLine.Split(string(body), -1)
	for _, para := range paras {
		lines := strings.Split(strings.TrimSpace(para), "\n")
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		first := strings.TrimSpace(lines[0])
		if len(lines) >= 2 && isUnderline(lines[1]) {
			p.Blocks = append(p.Blocks, Block{Kind: KindHeading, Level: 2, Text: first})
			lines = lines[2:]
		} else if len(lines) > 1 && looksLikeHeading(first) {
			p.Blocks = append(p.Blocks, Block{Kind: KindHeading, Level: 2, Text: strings.TrimSuffix(first, ":")})
			lines = lines[1:]
		} else if len(lines) == 1 && looksLikeHeading(first) {
			p.Blocks = append(p.Blocks, Block{Kind: KindHeading, Level: 2, Text: strings.TrimSuffix(first, ":")})
			continue
		}
		if len(lines) > 0 {
			p.Blocks = append(p.Blocks, textBlocks(lines)...)
		}
	}
	if len(p.Blocks) > 0 && p.Blocks[0].Kind == KindHeading {
		p.Title = p.Blocks[0].Text
	}
	return p
}

// textBlocks turns the lines of one plain-text paragraph into blocks: bullet
// and timestamped lines become items, the rest one paragraph.
func textBlocks(lines []string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if t := prose.CollapseSpace(strings.Join(para, " ")); t != "" {
			out = append(out, Block{Kind: KindPara, Text: t})
		}
		para = nil
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if item := strings.TrimLeft(t, "-*•+ "); item != t || timeLine.MatchString(t) {
			flush()
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, Block{Kind: KindItem, Text: prose.CollapseSpace(item)})
			}
			continue
		}
		para = append(para, t)
	}
	flush()
	return out
}

var (
	timeLine  = regexp.MustCompile(`^(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2})`)
	blankLine = regexp.MustCompile(`\r?\n[ \t]*\r?\n`)
)

func isUnderline(l string) bool {
	l = strings.TrimSpace(l)
	return len(l) >= 3 && (strings.Trim(l, "=") == "" || strings.Trim(l, "-") == "")
}

// looksLikeHeading: short, no sentence punctuation at the end, starts with a
// capital or a digit.
func looksLikeHeading(l string) bool {
	if len(l) == 0 || len(l) > 70 || strings.ContainsAny(l[len(l)-1:], ".,;!?") {
		return false
	}
	c := l[0]
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && !timeLine.MatchString(l)) || strings.HasPrefix(l, "#")
}
