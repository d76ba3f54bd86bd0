package page

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// boilerplate matches the element roles that never hold article text:
// navigation, page chrome, cookie and consent banners, comment threads,
// sharing widgets and the Wayback Machine's toolbar.
const boilerplate = `nav, footer, aside, form, dialog, menu,
[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=dialog],
[aria-hidden=true], [hidden],
#wm-ipp, #wm-ipp-base, #wm-ipp-print, #wm-ipp-inside, #donato, #playback, .wb-autocomplete-suggestions`

// noiseWords are id or class name parts of page chrome ("cookie-banner",
// "site_footer", "disqus_thread").
var noiseWords = map[string]bool{
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "onetrust": true, "banner": true,
	"newsletter": true, "subscribe": true, "signup": true, "share": true, "sharing": true, "social": true,
	"related": true, "recommend": true, "recommended": true, "comment": true, "comments": true,
	"disqus": true, "sidebar": true, "breadcrumb": true, "breadcrumbs": true, "promo": true,
	"advert": true, "ads": true, "popup": true, "modal": true, "toolbar": true, "masthead": true,
	"skip": true, "pagination": true, "bandeau": true, "footer": true, "navbar": true, "menu": true,
}

// isNoise reports whether an id or class attribute names page chrome.
func isNoise(attr string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(attr), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	}) {
		if noiseWords[w] {
			return true
		}
	}
	return false
}

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
func readHTML(body []byte, pageURL *url.URL) (Page, error) {
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

// removeBoilerplate deletes page chrome before readability sees the page, so
// that nothing from it can leak into the body even when readability falls
// back to the whole page. One walk of the tree: the boilerplate roles, a
// header outside the article (the site's masthead), and containers whose
// id or class names chrome.
func removeBoilerplate(root *html.Node) {
	var doomed []*html.Node
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if boilerMatch.Match(c) || c.DataAtom == atom.Header && !inArticle || chromeElems[c.DataAtom] && noisy(c) && !isArticleRoot(c) {
				doomed = append(doomed, c)
				continue
			}
			walk(c, inArticle || c.DataAtom == atom.Article || c.DataAtom == atom.Main)
		}
	}
	walk(root, false)
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

var (
	boilerMatch = cascadia.MustCompile(boilerplate)
	// chromeElems are the containers whose id or class may name chrome.
	chromeElems = map[atom.Atom]bool{atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true,
		atom.Span: true, atom.P: true, atom.Aside: true, atom.Table: true}
)

// noisy reports whether an element's id or class names page chrome.
func noisy(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "id" || a.Key == "class") && a.Val != "" && isNoise(a.Val) {
			return true
		}
	}
	return false
}

// isArticleRoot keeps a container that holds the article itself even when its
// class looks like chrome (e.g. "post-with-comments").
func isArticleRoot(n *html.Node) bool {
	return hasArticle(n) && textOver(n, 2000)
}

func hasArticle(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Article || c.DataAtom == atom.Main || c.DataAtom == atom.H1 || hasArticle(c)) {
			return true
		}
	}
	return false
}

// textOver reports whether the text below n is longer than limit bytes.
func textOver(n *html.Node, limit int) bool {
	total := 0
	var rec func(*html.Node) bool
	rec = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				if total += len(c.Data); total > limit {
					return true
				}
			} else if rec(c) {
				return true
			}
		}
		return false
	}
	return rec(n)
}

// removeWayback deletes the toolbar the Wayback Machine inserts between its
// BEGIN/END WAYBACK TOOLBAR INSERT comments.
func removeWayback(n *html.Node) {
	var inside bool
	var doomed []*html.Node
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.CommentNode {
				switch {
				case strings.Contains(c.Data, "BEGIN WAYBACK TOOLBAR INSERT"):
					inside = true
				case strings.Contains(c.Data, "END WAYBACK TOOLBAR INSERT"):
					inside = false
					doomed = append(doomed, c)
					continue
				}
			}
			if inside {
				doomed = append(doomed, c)
				continue
			}
			rec(c)
		}
	}
	rec(n)
	for _, d := range doomed {
		if d.Parent != nil {
			d.Parent.RemoveChild(d)
		}
	}
}

// readMeta reads title, site name, dates, author and language from the head.
func readMeta(root *html.Node) Page {
	var p Page
	m := scanMeta(root)
	ld := readJSONLD(m.ldScripts)
	p.Title = prose.FirstNonEmpty(m.meta["og:title"], m.meta["twitter:title"], ld.headline)
	if p.Title != "" {
		p.TitleRaw = true
	}
	if p.Title == "" && m.h1s == 1 {
		p.Title = prose.CollapseSpace(m.h1)
	}
	if t := prose.CollapseSpace(m.title); p.Title == "" && t != "" {
		p.Title, p.TitleRaw = t, true
	}
	p.SiteName = prose.FirstNonEmpty(m.meta["og:site_name"], m.meta["application-name"], ld.publisher)
	p.Author = prose.FirstNonEmpty(m.meta["author"], ld.author)
	p.Desc = prose.FirstNonEmpty(m.meta["description"], m.meta["og:description"])
	pub := prose.FirstNonEmpty(ld.published, m.meta["article:published_time"], m.meta["date"], m.meta["pubdate"],
		m.meta["dc.date.issued"], m.meta["itemprop:datepublished"], m.timeAttr)
	p.Published = pub
	p.Lang = m.lang
	return p
}

// metaScan is what one walk over the page collects for readMeta.
type metaScan struct {
	meta      map[string]string // first content per lower-cased property, name or "itemprop:" + itemprop
	title, h1 string            // the <title> text and the first <h1> text
	h1s       int
	timeAttr  string // the first <time datetime>
	lang      string // <html lang>
	ldScripts []string
}

// scanMeta walks the page once for the metadata readMeta needs; a walk per
// CSS selector would visit every node a dozen times.
func scanMeta(root *html.Node) metaScan {
	m := metaScan{meta: map[string]string{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				if c.Type == html.DocumentNode {
					walk(c)
				}
				continue
			}
			switch c.DataAtom {
			case atom.Html:
				if m.lang == "" {
					m.lang = attr(c, "lang")
				}
			case atom.Meta:
				m.addMeta(c)
				continue
			case atom.Title:
				if m.title == "" {
					m.title = textOf(c)
				}
				continue
			case atom.H1:
				if m.h1s++; m.h1s == 1 {
					m.h1 = textOf(c)
				}
			case atom.Time:
				if v := attr(c, "datetime"); v != "" && m.timeAttr == "" {
					m.timeAttr = v
				}
			case atom.Script:
				if strings.EqualFold(attr(c, "type"), "application/ld+json") {
					m.ldScripts = append(m.ldScripts, textOf(c))
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return m
}

func (m *metaScan) addMeta(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	for _, k := range []string{"property", "name"} {
		if v := strings.ToLower(attr(n, k)); v != "" {
			if _, ok := m.meta[v]; !ok {
				m.meta[v] = content
			}
		}
	}
	if v := strings.ToLower(attr(n, "itemprop")); v != "" {
		if _, ok := m.meta["itemprop:"+v]; !ok {
			m.meta["itemprop:"+v] = content
		}
	}
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

type jsonLD struct{ headline, publisher, author, published string }

// readJSONLD reads the first Article-like object of the page's JSON-LD.
func readJSONLD(scripts []string) jsonLD {
	var out jsonLD
	for _, text := range scripts {
		var v any
		if json.Unmarshal([]byte(text), &v) != nil {
			continue
		}
		for _, obj := range ldObjects(v) {
			if h, _ := obj["headline"].(string); h != "" && out.headline == "" {
				out.headline = h
			}
			if d, _ := obj["datePublished"].(string); d != "" && out.published == "" {
				out.published = d
			}
			out.publisher = prose.FirstNonEmpty(out.publisher, ldName(obj["publisher"]))
			out.author = prose.FirstNonEmpty(out.author, ldName(obj["author"]))
		}
		if out.headline != "" {
			break
		}
	}
	return out
}

// ldObjects flattens a JSON-LD value (object, array or @graph) into objects.
func ldObjects(v any) []map[string]any {
	switch t := v.(type) {
	case map[string]any:
		out := []map[string]any{t}
		if g, ok := t["@graph"]; ok {
			out = append(out, ldObjects(g)...)
		}
		return out
	case []any:
		var out []map[string]any
		for _, e := range t {
			out = append(out, ldObjects(e)...)
		}
		return out
	}
	return nil
}

func ldName(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["name"].(string)
		return s
	case []any:
		if len(t) > 0 {
			return ldName(t[0])
		}
	}
	return ""
}
