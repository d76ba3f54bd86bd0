package extract

import (
	"net/url"
	"path"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"

	"github.com/pmkb/pmkb/crawler/extract/page"

	"github.com/pmkb/pmkb/crawler/extract/dates"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
)

// analyse turns a read page into an article: title and metadata, sections,
// root cause, dates, categories and technologies. It also returns how the
// categories were scored, which the harness reports.
func (e *Extractor) analyse(in Input, u *url.URL, p page.Page) (data.Article, analysis) {
	r := e.read(in, u, p)
	a, sents, d := r.a, r.sents, r.doc
	rcIdx, confident := rootCause(sents, r.rcContext())
	d.RaiseRootCause(rcIdx, confident)
	a.RootCause = joinSentences(sents, rcIdx)
	page.FallbackSections(&a.Sections, sents, r.blocks)
	if a.Sections.RootCause == "" {
		a.Sections.RootCause = a.RootCause
	}
	a.Summary = summaryOf(a.Sections.Summary, p.Desc, in.Blurb)
	lang := a.Language

	urlDate, fileDate, urlMonth, urlYear := "", false, "", 0
	if u != nil {
		urlDate, fileDate = dates.FromURL(u.Path)
		if urlDate == "" {
			urlMonth, urlYear = dates.MonthFromURL(u.Path), dates.YearFromURL(u.Path)
		}
	}
	if a.Published == "" {
		a.Published = dates.Published(p.Blocks, lang)
	}
	if a.Published == "" && !fileDate {
		a.Published = urlDate // /2021/10/04/slug is the day the post went up
	}
	if a.Published == "" {
		a.Published = dates.Day(in.Published) // what the page does not say, its source may know
	}
	if !fileDate {
		urlDate = ""
	}
	dd := dates.Doc{Title: a.Title, Sents: sents, Published: a.Published, URLDate: urlDate, URLMonth: urlMonth, URLYear: urlYear, Meta: p.Meta, Lang: lang, Fetched: in.Fetched}
	it := dates.Incident(dd)
	a.IncidentDate, a.Start, a.End, a.DurationMinutes = it.Date, it.Start, it.End, it.Minutes

	cls := d.Classify()
	a.Categories, a.CategoryScores, a.CategoryEvidence = cls.Slugs, cls.Scores, cls.Evidence
	addTagged(&a, e.tags.slugs(p.Meta.Tags), p.Meta.Tags)
	if a.Categories == nil {
		a.Categories = []string{}
	}
	a.Technologies = e.tech.Find(a.Title + "\n" + a.Body)
	return a, analysis{cls: cls, doc: d, sents: sents, dates: dd}
}

// reading is a page read up to its sentences and the classifier's first
// pass over them: what the root-cause picker needs.
type reading struct {
	a      data.Article // title, company, body, language, published, product, sections
	blocks []page.Block // the page's blocks, the title's heading left out
	sents  []page.Sentence
	cues   []float64 // each sentence's cause-cue score
	doc    *classify.Doc
}

// read lays out a page's title, metadata, sections and sentences and runs
// the classifier's patterns over them.
func (e *Extractor) read(in Input, u *url.URL, p page.Page) reading {
	host := ""
	if u != nil {
		host = u.Hostname()
	}
	var r reading
	a := &r.a
	a.Company = e.company.resolve(in.Company, p, in.URL)
	a.Title = pageTitle(p, in, u, host, a.Company)
	r.blocks = dropTitleBlock(p.Blocks, a.Title)
	a.Body = page.JoinBlocks(p.Blocks)
	a.Language = data.DetectLanguage(a.Body, p.Lang)
	a.Published = dates.Day(p.Published)
	a.Product = productOf(a.Title, a.Company)
	secs := page.AssignSections(r.blocks)
	r.sents = page.Sentences(r.blocks, secs)
	a.Sections = page.BuildSections(r.blocks, secs)
	r.cues = classify.CueScores(r.sents)
	r.doc = e.classifier.Read(a.Title, in.Blurb, r.sents, r.cues, a.Language)
	return r
}

// rcContext is what the root-cause model reads besides the sentences.
func (r *reading) rcContext() rootcause.Context {
	return rootcause.Context{Cues: r.cues, Strong: r.doc.StrongCategories, Rules: ruleScores(r.sents, r.cues, r.doc.StrongCategories)}
}

// analysis is how analyse reached an article: the classifier's reading of
// the post and its sentences, which the harness looks into.
type analysis struct {
	cls   classify.Result
	doc   *classify.Doc
	sents []page.Sentence
	dates dates.Doc
}

// pageTitle picks the page's title, then the first heading, then the list's
// blurb, then the URL's last path segment.
func pageTitle(p page.Page, in Input, u *url.URL, host, company string) string {
	if t := cleanTitle(p.Title, p.TitleRaw, p.SiteName, company, host); t != "" {
		return t
	}
	for _, level := range []int{1, 2} {
		for _, b := range p.Blocks {
			if b.Kind == page.KindHeading && b.Level == level && titleLike(b.Text) {
				return cleanTitle(b.Text, false, "", "", "")
			}
		}
	}
	if len(p.Blocks) > 0 && p.Blocks[0].Kind == page.KindHeading && titleLike(p.Blocks[0].Text) {
		return cleanTitle(p.Blocks[0].Text, false, "", "", "") // "### ..." or a bold first line heads the page
	}
	if s := page.SplitSentences(in.Blurb); len(s) > 0 {
		return prose.Truncate(s[0], 120)
	}
	if u != nil {
		base := path.Base(u.Path)
		if dec, err := url.PathUnescape(base); err == nil {
			base = dec
		}
		if base = strings.TrimSuffix(base, path.Ext(base)); base != "" && base != "/" && base != "." {
			if t := slugTitle(base); t != "" {
				return t
			}
		}
	}
	for _, b := range p.Blocks {
		if s := page.SplitSentences(b.Text); len(s) > 0 {
			return prose.Truncate(s[0], 120)
		}
	}
	return ""
}

// titleLike reports whether a heading may be the page's title: not the
// name of a section ("Summary"), unless it says more.
func titleLike(h string) bool {
	return page.SectionOf(h) == "" || len(strings.Fields(h)) > 3
}

// slugTitle turns a file or URL slug into words, keeping the hyphens of
// dates ("2024-02-28-db-stall" -> "2024-02-28 db stall").
func slugTitle(slug string) string {
	b := []byte(slug)
	for i, c := range b {
		isDigit := func(j int) bool { return j >= 0 && j < len(b) && b[j] >= '0' && b[j] <= '9' }
		if c == '_' || c == '+' || (c == '-' && !(isDigit(i-1) && isDigit(i+1))) {
			b[i] = ' '
		}
	}
	return prose.CollapseSpace(string(b))
}

// dropTitleBlock removes the heading that repeats the title, so it does not
// open a section of its own.
func dropTitleBlock(bs []page.Block, title string) []page.Block {
	for i, b := range bs {
		if i > 3 {
			break
		}
		if b.Kind == page.KindHeading && (b.Level <= 2 || i == 0) && prose.NormName(b.Text) == prose.NormName(title) {
			return append(append([]page.Block(nil), bs[:i]...), bs[i+1:]...)
		}
	}
	return bs
}

// summaryOf takes the summary section's first sentences, else the page's
// description, else the list's blurb.
func summaryOf(section, desc, blurb string) string {
	if section != "" {
		var b strings.Builder
		for _, s := range page.SplitSentences(strings.ReplaceAll(section, "\n\n", "\n")) {
			if b.Len() > 0 && b.Len()+len(s) > 600 {
				break
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
		return b.String()
	}
	return prose.FirstNonEmpty(desc, blurb)
}
