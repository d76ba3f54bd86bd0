package page

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page's own article container (<article>, <main>) already holds the
// post: boilerplate removal has taken the page chrome around it. What is
// left to clean inside is what readability would take: blocks that are
// mostly links (tag lists, "read next", share bars) and the byline. Doing it
// in one pass is much cheaper than running readability's scoring over the
// container.

// minContainerText is how much text an article container needs for the page
// to be read from it directly rather than through readability.
const minContainerText = 500

// linkyElems are the elements that cleanContainer may drop as link lists.
var linkyElems = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true, atom.P: true, atom.Nav: true,
	atom.Aside: true, atom.Footer: true, atom.Dl: true,
}

// bylineLine is a short line that credits the post: "Posted by the Platform
// team on March 17, 2023", "By Jane Doe · 5 min read".
var bylineLine = regexp.MustCompile(`(?i)^\s*(posted|published|written|updated)\b.{0,80}\b(by|on)\b|^\s*by \p{Lu}[^.]{0,60}$|\bmin(ute)? read\b|^\s*(publié|rédigé) (le|par)\b`)

// cleanContainer removes from n the blocks that are mostly links and the
// byline paragraphs near its top.
func cleanContainer(n *html.Node) {
	var doomed []*html.Node
	var visit func(*html.Node) (text, links int)
	visit = func(e *html.Node) (text, links int) {
		for c := e.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				text += len(strings.TrimSpace(c.Data))
			case html.ElementNode:
				if skipElems[c.DataAtom] {
					continue
				}
				t, l := visit(c)
				if c.DataAtom == atom.A {
					l = t
				}
				if linkyElems[c.DataAtom] && t > 0 && t < 600 && l*10 > t*6 {
					doomed = append(doomed, c)
					continue
				}
				text, links = text+t, links+l
			}
		}
		return text, links
	}
	visit(n)
	doomed = append(doomed, bylines(n)...)
	for _, d := range doomed {
		if d.Parent != nil {
			d.Parent.RemoveChild(d)
		}
	}
}

// bylines returns the byline paragraphs among the first blocks of n.
func bylines(n *html.Node) []*html.Node {
	var out []*html.Node
	seen := 0
	var walk func(*html.Node) bool
	walk = func(e *html.Node) bool {
		for c := e.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipElems[c.DataAtom] {
				continue
			}
			if _, isBlock := blockElems[c.DataAtom]; isBlock || c.DataAtom == atom.Time {
				if t := textOf(c); len(t) < 120 && bylineLine.MatchString(t) {
					out = append(out, c)
				}
				if seen++; seen >= 4 {
					return false
				}
				continue
			}
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(n)
	return out
}

// nodeTextLen counts the text under n, blanks aside, without building blocks.
func nodeTextLen(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			total += len(strings.TrimSpace(c.Data))
		case c.Type == html.ElementNode && !skipElems[c.DataAtom]:
			total += nodeTextLen(c)
		}
	}
	return total
}
