// Package feed reads Atom and RSS feeds (an engineering blog's) into entries: title, link, date and the text the feed carries.
package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Feed is a parsed feed.
type Feed struct {
	Title   string
	Entries []Entry
}

// Entry is one post of a feed.
type Entry struct {
	Title     string
	Link      string // the post's URL
	Published string // YYYY-MM-DD when the feed dates the post
	Content   string // the post's text as the feed carries it (HTML), full or a summary
	Author    string
}

// ErrNotAFeed is returned for a document that is neither Atom nor RSS.
var ErrNotAFeed = errors.New("feed: not an Atom or RSS feed")

// atom and rss are the parts of the two formats pmkb reads.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Entries []struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Links     []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
		Summary string `xml:"summary"`
		Author  string `xml:"author>name"`
	} `xml:"entry"`
}

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
			Description string `xml:"description"`
			Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		} `xml:"item"`
	} `xml:"channel"`
}

// Parse reads an Atom or RSS 2.0 feed.
func Parse(b []byte) (Feed, error) {
	dec := func() *xml.Decoder {
		d := xml.NewDecoder(bytes.NewReader(b))
		d.CharsetReader = charset.NewReaderLabel
		d.Strict = false
		return d
	}
	var a atom
	if err := dec().Decode(&a); err == nil {
		f := Feed{Title: strings.TrimSpace(a.Title)}
		for _, e := range a.Entries {
			link := e.ID
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = l.Href
					break
				}
			}
			f.Entries = append(f.Entries, Entry{Title: clean(e.Title), Link: strings.TrimSpace(link),
				Published: day(e.Published, e.Updated), Content: first(e.Content, e.Summary), Author: clean(e.Author)})
		}
		return f, nil
	}
	var r rss
	if err := dec().Decode(&r); err != nil {
		return Feed{}, fmt.Errorf("%w: %v", ErrNotAFeed, err)
	}
	f := Feed{Title: strings.TrimSpace(r.Channel.Title)}
	for _, it := range r.Channel.Items {
		link := it.Link
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		f.Entries = append(f.Entries, Entry{Title: clean(it.Title), Link: strings.TrimSpace(link),
			Published: day(it.PubDate, it.Date), Content: first(it.Encoded, it.Description), Author: clean(it.Creator)})
	}
	return f, nil
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func first(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// dateLayouts are the ways feeds write dates: RFC 3339 (Atom, dc:date) and
// RFC 822 with its variants (RSS).
var dateLayouts = []string{time.RFC3339, time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700", time.DateOnly}

// day is the first date of ds that parses, as YYYY-MM-DD.
func day(ds ...string) string {
	for _, d := range ds {
		d = strings.TrimSpace(d)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, d); err == nil {
				return t.UTC().Format(time.DateOnly)
			}
		}
	}
	return ""
}
