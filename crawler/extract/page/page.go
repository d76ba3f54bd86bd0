// Package page reads a page (HTML, Markdown, plain text, PDF) into blocks of text in reading order, with their sections and sentences.
package page

import (
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Page is what the format-specific readers hand to the common pipeline.
type Page struct {
	Blocks    []Block
	Title     string // the page's own title, before suffix stripping
	TitleRaw  bool   // title came from <title>/og:title and may carry a site suffix
	SiteName  string
	Published string // as the page states it: a date or a timestamp, not yet a day
	Author    string
	Lang      string // declared language, if any
	Desc      string // meta description or front-matter description
	Meta      Meta   // what a Markdown front matter says
}

// Read reads a page of UTF-8 body as HTML, Markdown or plain text by
// its content type (a response's Content-Type), sniffing when that is
// missing or generic; u, the page's URL, may be nil.
func Read(body []byte, contentType string, u *url.URL) (Page, error) {
	switch format(body, contentType, u) {
	case "html":
		return readHTML(body, u)
	case "markdown":
		return readMarkdown(body)
	default:
		return readText(body), nil
	}
}

var (
	mdHeading = regexp.MustCompile(`(?m)^(#{1,6} \S|[=-]{3,}\s*$|\+\+\+\s*$|\* \S|- \S|\d+\. \S|\[[^\]]+\]\([^)]+\))`)
	htmlStart = regexp.MustCompile(`(?i)^\s*(<!doctype html|<html|<head|<body|<article|<div|<p>|<!--)`)
)

// format returns "html", "markdown" or "text".
func format(body []byte, contentType string, u *url.URL) string {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "html") || strings.Contains(ct, "xml"):
		return "html"
	case strings.Contains(ct, "markdown"):
		return "markdown"
	}
	head := body[:min(len(body), 2048)]
	if htmlStart.Match(head) || (ct == "" && strings.HasPrefix(http.DetectContentType(head), "text/html")) {
		return "html"
	}
	if u != nil {
		switch strings.ToLower(path.Ext(u.Path)) {
		case ".md", ".markdown", ".mdx":
			return "markdown"
		case ".txt":
			return "text"
		}
	}
	if mdHeading.Match(head) || strings.HasPrefix(string(head), "---") {
		return "markdown"
	}
	return "text"
}

// detectionHeading opens a part about how the incident was noticed, or why
// noticing it took long: what it says is the symptom or the response, not
// the cause.
var detectionHeading = regexp.MustCompile(`(?i)^\W*(detection|discovery|how (we|it was) (detected|noticed|found|discovered)( it)?|how was (it|this|the \w+) detected|d[ée]tection|why (it|this) took (so )?long|why (we|it) (was|were) (slow|late) to \w+|(time to|delays? in) (detect|detection|respond|response)|pourquoi (ça|cela|il) a (pris|fallu) (si )?longtemps)\b`)

// backgroundHeading opens a part that explains how things normally work:
// what it says is true of the system, not of the incident.
var backgroundHeading = regexp.MustCompile(`(?i)^\W*(background|context|contexte|primer|a primer|some context|a bit of context)\b|^\W*how (\w+ ){1,3}works?\W*$|^\W*(what is|what are|about) (\w+ ){1,3}\??\W*$`)

// The letters the words that open a background or detection heading start
// with: a heading that opens with another needs no regexp.
const (
	backgroundFirst = "abchpsw"
	detectionFirst  = "dhptw"
)

// mayOpenWith reports whether text, past its leading ASCII characters that
// are not word characters (what the headings' ^\W* skips), may open with
// one of letters (lower-case ASCII), in any case. A non-ASCII character
// before the first word character says it may: it may fold to one of them
// ("ſ" to "s"), or \W* skip it.
func mayOpenWith(text, letters string) bool {
	for i := 0; i < len(text); i++ {
		switch b := text[i]; {
		case b >= 0x80:
			return true
		case b >= 'A' && b <= 'Z':
			return strings.IndexByte(letters, b+'a'-'A') >= 0
		case b >= 'a' && b <= 'z':
			return strings.IndexByte(letters, b) >= 0
		case b >= '0' && b <= '9' || b == '_':
			return false
		}
	}
	return false
}

// Sentences splits every block into sentences, each tagged with its block
// and section, and marked aside under a background heading.
func Sentences(bs []Block, secs []string) []Sentence {
	var out []Sentence
	aside, detect := false, false
	for i, b := range bs {
		if b.Kind == KindHeading {
			aside = mayOpenWith(b.Text, backgroundFirst) && backgroundHeading.MatchString(b.Text)
			detect = mayOpenWith(b.Text, detectionFirst) && detectionHeading.MatchString(b.Text)
			out = append(out, Sentence{Text: b.Text, lower: strings.ToLower(b.Text), Block: i, Section: secs[i], Heading: true, Aside: aside, Detect: detect})
			continue
		}
		text := b.Text
		if b.Kind == KindPre && len(text) > 2000 {
			text = text[:2000] // a log dump says little and costs a lot
		}
		for _, s := range SplitSentences(text) {
			out = append(out, Sentence{Text: s, lower: strings.ToLower(s), Block: i, Section: secs[i], Code: b.Kind == KindPre, Item: b.Kind == KindItem, Aside: aside, Detect: detect})
		}
	}
	return out
}
