package extract

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
)

// page is what the format-specific readers hand to the common pipeline.
type page struct {
	blocks    []block
	title     string // the page's own title, before suffix stripping
	titleRaw  bool   // title came from <title>/og:title and may carry a site suffix
	siteName  string
	published string // YYYY-MM-DD
	author    string
	lang      string // declared language, if any
	desc      string // meta description or front-matter description
}

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
func readHTML(body []byte, pageURL *url.URL) (page, error) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return page{}, fmt.Errorf("extract: parse html: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	p := readMeta(doc)
	removeWayback(root)
	removeBoilerplate(doc)

	// The page's own article container, read before readability rewrites
	// the tree, is the fallback when readability keeps too little of it.
	var fallback []block
	candidate := find(doc.Selection, "article, main, [role=main]").First()
	if candidate.Length() > 0 {
		fallback = blocksOf(candidate.Get(0))
	} else {
		fallback = blocksOf(root)
	}
	// With an article container, readability only needs to clean inside it:
	// it gets a document holding that container alone, which is far less
	// work than the whole page.
	target := root
	if candidate.Length() > 0 && textLen(fallback) >= 500 {
		target = isolate(candidate.Get(0))
	}
	parser := readability.NewParser()
	art, rerr := parser.ParseAndMutate(target, pageURL)
	var main []block
	if rerr == nil && art.Node != nil {
		main = blocksOf(art.Node)
	}
	if textLen(main) < 200 || (candidate.Length() > 0 && textLen(main) < textLen(fallback)*7/10) {
		main = fallback
	}
	p.blocks = main
	if p.siteName == "" {
		p.siteName = art.SiteName()
	}
	return p, nil
}

// isolate detaches n from its page and returns a new document whose body
// holds only n.
func isolate(n *html.Node) *html.Node {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
	doc := &html.Node{Type: html.DocumentNode}
	htmlEl := &html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	doc.AppendChild(htmlEl)
	htmlEl.AppendChild(body)
	body.AppendChild(n)
	return doc
}

func textLen(bs []block) int {
	n := 0
	for _, b := range bs {
		n += len(b.text)
	}
	return n
}

// removeBoilerplate deletes page chrome before readability sees the page, so
// that nothing from it can leak into the body even when readability falls
// back to the whole page.
func removeBoilerplate(doc *goquery.Document) {
	find(doc.Selection, boilerplate).Remove()
	// A header outside the article is the site's masthead.
	find(doc.Selection, "header").Each(func(_ int, s *goquery.Selection) {
		if s.ParentsFiltered("article, main").Length() == 0 {
			s.Remove()
		}
	})
	find(doc.Selection, "div, section, ul, ol, span, p, aside, table").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		class, _ := s.Attr("class")
		if (id != "" || class != "") && isNoise(id+" "+class) && !isArticleRoot(s) {
			s.Remove()
		}
	})
}

// isArticleRoot keeps a container that holds the article itself even when its
// class looks like chrome (e.g. "post-with-comments").
func isArticleRoot(s *goquery.Selection) bool {
	return find(s, "article, main, h1").Length() > 0 && len(s.Text()) > 2000
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
func readMeta(doc *goquery.Document) page {
	var p page
	meta := func(sel string) string {
		v, _ := find(doc.Selection, sel).First().Attr("content")
		return strings.TrimSpace(v)
	}
	ld := readJSONLD(doc)
	p.title = firstNonEmpty(meta(`meta[property="og:title"]`), meta(`meta[name="twitter:title"]`), ld.headline)
	if p.title != "" {
		p.titleRaw = true
	}
	if h1 := find(doc.Selection, "article h1, main h1, h1"); p.title == "" && h1.Length() == 1 {
		p.title = collapseSpace(h1.Text())
	}
	if t := collapseSpace(find(doc.Selection, "title").First().Text()); p.title == "" && t != "" {
		p.title, p.titleRaw = t, true
	}
	p.siteName = firstNonEmpty(meta(`meta[property="og:site_name"]`), meta(`meta[name="application-name"]`), ld.publisher)
	p.author = firstNonEmpty(meta(`meta[name="author"]`), ld.author)
	p.desc = firstNonEmpty(meta(`meta[name="description"]`), meta(`meta[property="og:description"]`))
	pub := firstNonEmpty(ld.published, meta(`meta[property="article:published_time"]`),
		meta(`meta[name="date"]`), meta(`meta[name="pubdate"]`), meta(`meta[name="DC.date.issued"]`),
		meta(`meta[itemprop="datePublished"]`))
	if pub == "" {
		pub, _ = find(doc.Selection, "time[datetime]").First().Attr("datetime")
	}
	p.published = isoDay(pub)
	p.lang, _ = find(doc.Selection, "html").Attr("lang")
	return p
}

type jsonLD struct{ headline, publisher, author, published string }

// readJSONLD reads the first Article-like object of the page's JSON-LD.
func readJSONLD(doc *goquery.Document) jsonLD {
	var out jsonLD
	find(doc.Selection, `script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return true
		}
		for _, obj := range ldObjects(v) {
			if h, _ := obj["headline"].(string); h != "" && out.headline == "" {
				out.headline = h
			}
			if d, _ := obj["datePublished"].(string); d != "" && out.published == "" {
				out.published = d
			}
			out.publisher = firstNonEmpty(out.publisher, ldName(obj["publisher"]))
			out.author = firstNonEmpty(out.author, ldName(obj["author"]))
		}
		return out.headline == ""
	})
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

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
