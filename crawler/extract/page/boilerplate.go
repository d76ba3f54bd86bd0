package page

import (
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerplate matches the element roles that never hold article text:
// navigation, page chrome, cookie and consent banners, comment threads,
// sharing widgets and the Wayback Machine's toolbar. Footnotes are left out
// too (isFootnote).
const boilerplate = `nav, footer, aside, form, dialog, menu,
[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=dialog],
[aria-hidden=true], [hidden],
#wm-ipp, #wm-ipp-base, #wm-ipp-print, #wm-ipp-inside, #donato, #playback, .wb-autocomplete-suggestions`

// isFootnote reports whether an element is a footnote as Markdown
// renderers write them (goldmark, kramdown, Pandoc): the notes at the end
// and the marks in the text. A note is an aside (a source, a retention
// period, a thought in passing), not the story: read as a sentence of it,
// it was picked as a root cause or voted for a category; its mark glues a
// digit to a word. An attribute check, not a selector: it runs on every
// element of every page.
func isFootnote(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "role":
			if a.Val == "doc-endnotes" || a.Val == "doc-noteref" || a.Val == "doc-backlink" {
				return true
			}
		case "class":
			for _, c := range strings.Fields(a.Val) {
				if c == "footnotes" || c == "footnote-ref" || c == "footnote-backref" {
					return true
				}
			}
		}
	}
	return false
}

// removeFootnotes deletes the footnotes below n (see isFootnote).
func removeFootnotes(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && isFootnote(c) {
			n.RemoveChild(c)
		} else {
			removeFootnotes(c)
		}
		c = next
	}
}

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
			if boilerMatch.Match(c) || isFootnote(c) || c.DataAtom == atom.Header && !inArticle || chromeElems[c.DataAtom] && noisy(c) && !isArticleRoot(c) {
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
