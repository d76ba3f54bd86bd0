// Package extract turns one fetched page into a data.Article, purely: bytes and a URL in, no network, no file reads.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/page"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
)

// Input is one fetched page plus what the list said about it.
type Input struct {
	URL         string // the page's URL (the origin URL, not the archive copy)
	ContentType string // the response's Content-Type; sniffed when empty
	Body        []byte // already decoded to UTF-8 by the fetcher
	Company     string // the list's link text, trusted first for the company
	Blurb       string // the list's one-line description, if any
	// Path is the file a local page was read from, when URL is empty:
	// its name and extension stand in for a URL's path (format, dates,
	// a title of last resort), and no host suggests a company.
	Path string
	// Published is the day the page went up as its source knows it
	// (YYYY-MM-DD, or a timestamp): a feed entry's date, a status page
	// incident's creation, a local file's first commit. The page's own
	// metadata, byline and dated URL win over it. Dates the text gives
	// without a year take theirs from it, and "yesterday" counts from it.
	// Never the incident's day: that is what extraction finds.
	Published string
	// Fetched is when the page was fetched or read, zero when unknown. No
	// incident the page tells of began after it: it bounds the text's
	// dates, and so the years of dates given without one. It is not a
	// publication day (a crawl reads old posts), so relative dates do not
	// count from it.
	Fetched time.Time
}

// ErrEmpty is returned for a page with nothing to extract.
var ErrEmpty = errors.New("extract: empty page")

// Options configures an Extractor. Zero-valued data means "none": use
// Default for the embedded defaults.
type Options struct {
	Taxonomy     data.Taxonomy
	Technologies data.Gazetteer
	Domains      data.Domains
	// Knobs override the classifier's tuning values by name (see Knobs);
	// the quality harness sweeps them, nothing else sets them.
	Knobs map[string]float64
	// Model is the classifier's learned layer (JSON, see
	// internal/classify.Model): it decides the tags from how the taxonomy's
	// patterns voted. Without it the taxonomy's thresholds decide.
	Model []byte
	// Words is the word model the layer also reads (JSON, see
	// internal/lexical.Model), trained with it; without it the layer reads
	// its feature as 0.
	Words []byte
}

// Extractor turns pages into articles. It compiles its rules once and is
// safe for concurrent use.
type Extractor struct {
	classifier *classify.Classifier
	tech       *data.TechSpotter
	company    companyResolver
	tags       tagIndex // front-matter tags to taxonomy slugs
}

// New compiles the taxonomy patterns and the gazetteer. An invalid pattern is
// an error that names its category and pattern.
func New(opts Options) (*Extractor, error) {
	c, err := classify.New(opts.Taxonomy, opts.Model, opts.Words)
	if err != nil {
		return nil, err
	}
	for name, v := range opts.Knobs {
		if err := c.SetKnob(name, v); err != nil {
			return nil, fmt.Errorf("extract: %w", err)
		}
	}
	return &Extractor{classifier: c, tech: data.NewTechSpotter(opts.Technologies), company: newCompanyResolver(opts.Technologies, opts.Domains), tags: newTagIndex(opts.Taxonomy)}, nil
}

// Default returns an Extractor built from the embedded taxonomy, gazetteer
// and domain table.
func Default() (*Extractor, error) {
	opts, err := DefaultOptions()
	if err != nil {
		return nil, err
	}
	return New(opts)
}

// DefaultOptions are the options of Default: the embedded taxonomy,
// gazetteer and domain table.
func DefaultOptions() (Options, error) {
	t, err := data.DefaultTaxonomy()
	if err != nil {
		return Options{}, fmt.Errorf("extract: default taxonomy: %w", err)
	}
	g, err := data.DefaultGazetteer()
	if err != nil {
		return Options{}, fmt.Errorf("extract: default gazetteer: %w", err)
	}
	d, err := data.DefaultDomains()
	if err != nil {
		return Options{}, fmt.Errorf("extract: default domains: %w", err)
	}
	return Options{Taxonomy: t, Technologies: g, Domains: d, Model: classify.DefaultModel(), Words: classify.DefaultWords()}, nil
}

// Extract reads one page. It fails only when there is nothing to read (an
// empty page, unparseable markup); a thin page gives a thin article.
func (e *Extractor) Extract(in Input) (data.Article, error) {
	a, _, err := e.extract(in)
	return a, err
}

// ExtractScored is Extract plus every category's score before the
// thresholds (the article's tags are those that passed them), which the
// quality harness quotes.
func (e *Extractor) ExtractScored(in Input) (data.Article, map[string]float64, error) {
	a, an, err := e.extract(in)
	return a, an.cls.Raw, err
}

// extract is Extract plus how the article was reached.
func (e *Extractor) extract(in Input) (data.Article, analysis, error) {
	in, pageURL, p, err := readPage(in)
	if err != nil {
		return data.Article{}, analysis{}, err
	}
	a, an := e.analyse(in, pageURL, p)
	return a, an, nil
}

// readPage reads an input's page: its URL (a local file's path stands in
// for one) and its blocks.
func readPage(in Input) (Input, *url.URL, page.Page, error) {
	if len(bytes.TrimSpace(in.Body)) == 0 {
		return in, nil, page.Page{}, ErrEmpty
	}
	var pageURL *url.URL
	if in.URL == "" && in.Path != "" {
		pageURL = &url.URL{Scheme: "file", Path: filepath.ToSlash(in.Path)}
		in.URL = pageURL.String()
	} else if in.URL != "" {
		u, err := url.Parse(in.URL)
		if err != nil {
			return in, nil, page.Page{}, fmt.Errorf("extract: url %q: %w", in.URL, err)
		}
		pageURL = u
	}
	p, err := page.Read(in.Body, in.ContentType, pageURL)
	if err != nil {
		return in, nil, page.Page{}, err
	}
	if len(p.Blocks) == 0 {
		return in, nil, page.Page{}, fmt.Errorf("extract %s: %w", in.URL, ErrEmpty)
	}
	return in, pageURL, p, nil
}

// RootCauseSentences reads a page as Extract does and returns its
// sentences and what the root-cause model scores them with, for the
// model's trainer (crawler/extract/internal/rootcause/train).
func (e *Extractor) RootCauseSentences(in Input) ([]page.Sentence, rootcause.Context, error) {
	in, u, p, err := readPage(in)
	if err != nil {
		return nil, rootcause.Context{}, err
	}
	r := e.read(in, u, p)
	return r.sents, r.rcContext(), nil
}
