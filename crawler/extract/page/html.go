package page

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"sync"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// compiled holds every CSS selector this file uses, compiled once: goquery's
// Find would parse the selector again on every call.
var compiled sync.Map

// find is Selection.Find with a cached compiled selector.
func find(s *goquery.Selection, selector string) *goquery.Selection {
	m, ok := compiled.Load(selector)
	if !ok {
		m, _ = compiled.LoadOrStore(selector, cascadia.MustCompile(selector))
	}
	return s.FindMatcher(m.(cascadia.Selector))
}

// readHTML reads an HTML page: its metadata first, then its main content.
// An HTML file a static site generator renders (Jekyll, Hugo) may open
// with front matter: it is read as a Markdown file's is, not as text.
func readHTML(body []byte, pageURL *url.URL) (Page, error) {
	fm, body := splitFrontMatter(body)
	p, err := readHTMLBody(body, pageURL)
	if err != nil {
		return Page{}, err
	}
	p.Meta = fm
	if p.Title == "" {
		p.Title = fm.Title
	}
	if p.Desc == "" {
		p.Desc = fm.Description
	}
	if p.Published == "" {
		p.Published = fm.Date
	}
	return p, nil
}

// readHTMLBody reads the HTML itself.
func readHTMLBody(body []byte, pageURL *url.URL) (Page, error) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return Page{}, fmt.Errorf("extract: parse html: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	p := readMeta(root)
	removeWayback(root)
	removeBoilerplate(root)

	// A page with its own article container is read from it directly,
	// cleaned of link lists and byline; readability's scoring is for pages
	// without one (and for a container too thin to trust).
	if n := articleContainer(doc); n != nil {
		cleanContainer(n)
		if blocks := blocksOf(n); textLen(blocks) >= 200 {
			p.Blocks = dropTitleHeading(blocks, p.Title)
			return p, nil
		}
	}
	candidate := find(doc.Selection, "article, main, [role=main]").First()
	var fallback []Block
	if candidate.Length() > 0 {
		fallback = blocksOf(candidate.Get(0))
	} else {
		fallback = blocksOf(root)
	}
	parser := readability.NewParser()
	parser.DisableJSONLD = true // readMeta has read it
	art, rerr := parser.ParseAndMutate(root, pageURL)
	var main []Block
	if rerr == nil && art.Node != nil {
		main = blocksOf(art.Node)
	}
	if textLen(main) < 200 || (candidate.Length() > 0 && textLen(main) < textLen(fallback)*7/10) {
		main = fallback
	}
	p.Blocks = main
	if p.SiteName == "" {
		p.SiteName = art.SiteName()
	}
	return p, nil
}

// articleContainer returns the page's own container of the post: the
// <article> with the most text, else <main>, when it holds at least
// minContainerText characters; nil otherwise. <main> often wraps the post
// together with related links and comments, so an <article> comes first.
func articleContainer(doc *goquery.Document) *html.Node {
	var best *html.Node
	bestLen := 0
	for _, sel := range []string{"article", "main, [role=main]"} {
		for _, n := range find(doc.Selection, sel).Nodes {
			if l := nodeTextLen(n); l > bestLen {
				best, bestLen = n, l
			}
		}
		if bestLen >= minContainerText {
			return best
		}
	}
	return nil
}

// dropTitleHeading removes a heading among the first blocks that repeats
// the page's title (the title may carry a site suffix: "Post | Blog").
func dropTitleHeading(bs []Block, title string) []Block {
	t := prose.NormName(title)
	if t == "" {
		return bs
	}
	for i, b := range bs[:min(len(bs), 3)] {
		if b.Kind != KindHeading || b.Level > 2 {
			continue
		}
		if h := prose.NormName(b.Text); h != "" && strings.HasPrefix(t, h) {
			return append(bs[:i:i], bs[i+1:]...)
		}
	}
	return bs
}

func textLen(bs []Block) int {
	n := 0
	for _, b := range bs {
		n += len(b.Text)
	}
	return n
}
