package page

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

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
