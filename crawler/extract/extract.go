// Package extract turns one fetched page into a data.Article. It is pure:
// bytes and a URL in, an article out, no network.
package extract

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// Input is one fetched page plus what the list said about it.
type Input struct {
	URL         string // the page's URL (the origin URL, not the archive copy)
	ContentType string // the response's Content-Type; sniffed when empty
	Body        []byte // already decoded to UTF-8 by the fetcher
	Company     string // the list's link text, trusted first for the company
	Blurb       string // the list's one-line description, if any
}

// ErrEmpty is returned for a page with nothing to extract.
var ErrEmpty = errors.New("extract: empty page")

// Options configures an Extractor. Zero-valued data means "none": use
// Default for the embedded defaults.
type Options struct {
	Taxonomy     data.Taxonomy
	Technologies data.Gazetteer
	Domains      data.Domains
}

// Extractor turns pages into articles. It compiles its rules once and is
// safe for concurrent use.
type Extractor struct {
	classifier *classifier
	tech       *data.TechSpotter
	domains    data.Domains
	trace      func(units []unit, hits []hit, c classification) // tests only: see how tags were chosen
}

// New compiles the taxonomy patterns and the gazetteer. An invalid pattern is
// an error that names its category and pattern.
func New(opts Options) (*Extractor, error) {
	c, err := newClassifier(opts.Taxonomy)
	if err != nil {
		return nil, err
	}
	return &Extractor{classifier: c, tech: data.NewTechSpotter(opts.Technologies), domains: opts.Domains}, nil
}

// Default returns an Extractor built from the embedded taxonomy, gazetteer
// and domain table.
func Default() (*Extractor, error) {
	t, err := data.DefaultTaxonomy()
	if err != nil {
		return nil, fmt.Errorf("extract: default taxonomy: %w", err)
	}
	g, err := data.DefaultGazetteer()
	if err != nil {
		return nil, fmt.Errorf("extract: default gazetteer: %w", err)
	}
	d, err := data.DefaultDomains()
	if err != nil {
		return nil, fmt.Errorf("extract: default domains: %w", err)
	}
	return New(Options{Taxonomy: t, Technologies: g, Domains: d})
}

// Extract reads one page. It fails only when there is nothing to read (an
// empty page, unparseable markup); a thin page gives a thin article.
func (e *Extractor) Extract(in Input) (data.Article, error) {
	a, _, err := e.extract(in)
	return a, err
}

// extract is Extract plus the category scores behind the article's tags.
func (e *Extractor) extract(in Input) (data.Article, classification, error) {
	if len(strings.TrimSpace(string(in.Body))) == 0 {
		return data.Article{}, classification{}, ErrEmpty
	}
	var pageURL *url.URL
	if in.URL != "" {
		u, err := url.Parse(in.URL)
		if err != nil {
			return data.Article{}, classification{}, fmt.Errorf("extract: url %q: %w", in.URL, err)
		}
		pageURL = u
	}
	p, err := readPage(in, pageURL)
	if err != nil {
		return data.Article{}, classification{}, err
	}
	if len(p.blocks) == 0 {
		return data.Article{}, classification{}, fmt.Errorf("extract %s: %w", in.URL, ErrEmpty)
	}
	a, cls := e.analyse(in, pageURL, p)
	return a, cls, nil
}

// readPage dispatches on the content type, sniffing when it is missing or
// generic.
func readPage(in Input, u *url.URL) (page, error) {
	switch format(in, u) {
	case "html":
		return readHTML(in.Body, u)
	case "markdown":
		return readMarkdown(in.Body)
	default:
		return readText(in.Body), nil
	}
}

var (
	mdHeading = regexp.MustCompile(`(?m)^(#{1,6} \S|[=-]{3,}\s*$|\+\+\+\s*$|\* \S|- \S|\d+\. \S|\[[^\]]+\]\([^)]+\))`)
	htmlStart = regexp.MustCompile(`(?i)^\s*(<!doctype html|<html|<head|<body|<article|<div|<p>|<!--)`)
)

// format returns "html", "markdown" or "text".
func format(in Input, u *url.URL) string {
	ct := strings.ToLower(in.ContentType)
	switch {
	case strings.Contains(ct, "html") || strings.Contains(ct, "xml"):
		return "html"
	case strings.Contains(ct, "markdown"):
		return "markdown"
	}
	head := in.Body[:min(len(in.Body), 2048)]
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
