// Package extract turns one fetched page into a data.Article. It is pure:
// bytes and a URL in, an article out, no network.
package extract

import "github.com/pmkb/pmkb/data"

// Input is one fetched page plus what the list said about it.
type Input struct {
	URL         string // the page's URL (the origin URL, not the archive copy)
	ContentType string // the response's Content-Type; sniffed when empty
	Body        []byte // already decoded to UTF-8 by the fetcher
	Company     string // the list's link text, trusted first for the company
	Blurb       string // the list's one-line description, if any
}

// TODO(extract helper): Options, New and (*Extractor).Extract(Input) (data.Article, error).
var _ = data.Article{}
