package page

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// frontMatter is what a Markdown post says about itself before its text.
type frontMatter struct {
	title, date, author, desc string
}

// markdown renders Markdown with tables and raw HTML kept: real post-mortems
// embed <time>, <small> and <div> in their Markdown.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
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
	p := Page{Blocks: blocksOf(root), Title: fm.title, Author: fm.author, Desc: fm.desc}
	p.Published = fm.date
	return p, nil
}

var (
	fmYAML  = regexp.MustCompile(`(?s)\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\z)`)
	fmJSON  = regexp.MustCompile(`(?s)\A---json[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\z)`)
	fmTOML  = regexp.MustCompile(`(?s)\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(\r?\n|\z)`)
	fmBare  = regexp.MustCompile(`\A((?:[A-Za-z][\w-]*:[^\n]*\r?\n)+)\r?\n`)
	tomlKey = regexp.MustCompile(`(?m)^\s*(title|date|authors?|description)\s*=\s*(.+?)\s*$`)
)

// splitFrontMatter separates YAML (---), JSON (---json), TOML (+++) or bare
// "key: value" front matter from the Markdown text. A block that does not
// parse is left in the text rather than lost.
func splitFrontMatter(b []byte) (frontMatter, []byte) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	if m := fmJSON.FindSubmatchIndex(trimmed); m != nil {
		var v map[string]any
		if json.Unmarshal(trimmed[m[2]:m[3]], &v) == nil {
			return fmFromMap(v), trimmed[m[1]:]
		}
	}
	if m := fmYAML.FindSubmatchIndex(trimmed); m != nil {
		var v map[string]any
		if yaml.Unmarshal(trimmed[m[2]:m[3]], &v) == nil {
			return fmFromMap(v), trimmed[m[1]:]
		}
	}
	if m := fmTOML.FindSubmatchIndex(trimmed); m != nil {
		return fmFromTOML(string(trimmed[m[2]:m[3]])), trimmed[m[1]:]
	}
	if m := fmBare.FindSubmatchIndex(trimmed); m != nil && bytes.Contains(trimmed[:m[1]], []byte("title:")) {
		var v map[string]any
		if yaml.Unmarshal(trimmed[m[2]:m[3]], &v) == nil {
			return fmFromMap(v), trimmed[m[1]:]
		}
	}
	return frontMatter{}, b
}

func fmFromMap(v map[string]any) frontMatter {
	str := func(keys ...string) string {
		for _, k := range keys {
			switch t := v[k].(type) {
			case string:
				return strings.TrimSpace(t)
			case []any:
				if len(t) > 0 {
					return strings.TrimSpace(fmt.Sprint(t[0]))
				}
			case nil:
			default:
				return strings.TrimSpace(fmt.Sprint(t))
			}
		}
		return ""
	}
	return frontMatter{
		title:  str("title"),
		date:   str("date", "published", "pubDate"),
		author: str("author", "authors"),
		desc:   str("description", "summary"),
	}
}

// fmFromTOML reads the few top-level TOML keys we use without a TOML parser.
func fmFromTOML(s string) frontMatter {
	if i := strings.Index(s, "\n["); i >= 0 { // stop at the first table
		s = s[:i]
	}
	var fm frontMatter
	for _, m := range tomlKey.FindAllStringSubmatch(s, -1) {
		v := strings.Trim(m[2], `[]"' `)
		if j := strings.Index(v, `"`); j >= 0 { // first element of an array
			v = v[:j]
		}
		switch m[1] {
		case "title":
			fm.title = v
		case "date":
			fm.date = v
		case "author", "authors":
			fm.author = v
		case "description":
			fm.desc = v
		}
	}
	return fm
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
