// Package lists parses every list of post-mortems pmkb reads (danluu's Markdown, pmkb's YAML, one URL per line) into crawl entries.
package lists

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// DanluuName is the list name given to danluu's post-mortems list, whatever
// the file is called locally.
const DanluuName = "danluu/post-mortems"

// Entry is one post-mortem as a list names it.
type Entry struct {
	URL          string // canonical URL (data.CanonicalURL): the identity
	Link         string // the URL as the list wrote it (data.ParseLink): what is fetched and shown
	ArchiveURL   string // the Wayback Machine URL when the list linked to one
	Company      string // the link text or the list's company field
	Blurb        string // the list's one-line description
	List         string // the list's name
	Section      string // the list's heading the entry sits under
	IncidentDate string // YYYY-MM-DD when the list gives it
	// OtherSections are further headings of the same list that mention the
	// URL again; each is one more source.
	OtherSections []string
	// Kind says what the entry names: a post-mortem's page (KindPage, with
	// URL set) or, with Source set as the list wrote it, a local file or
	// folder, a status page or a feed.
	Kind   string
	Source string
}

// Entry kinds.
const (
	KindPage       = ""           // a post-mortem's URL
	KindPath       = "path"       // a local file or folder of post-mortems
	KindStatuspage = "statuspage" // an Atlassian Statuspage status page
	KindFeed       = "feed"       // an Atom or RSS feed of an engineering blog
)

// key is what makes two entries the same: the URL of a page, the kind and
// source of anything else.
func (e Entry) key() string {
	if e.Kind == KindPage {
		return e.URL
	}
	return e.Kind + "\x00" + e.Source
}

// Sources returns the entry's provenance as record sources: one per heading
// of its list that mentions it.
func (e Entry) Sources() []data.Source {
	out := []data.Source{{List: e.List, Section: e.Section}}
	for _, s := range e.OtherSections {
		out = append(out, data.Source{List: e.List, Section: s})
	}
	return out
}

// Format is one of the list formats Parse understands.
type Format string

// The formats Parse detects.
const (
	FormatMarkdown Format = "markdown"
	FormatYAML     Format = "yaml"
	FormatURLs     Format = "urls"
)

// LineError is a list line that could not be parsed.
type LineError struct {
	Name string // the list's file name or URL
	Line int    // 1-based
	Msg  string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("lists: %s:%d: %s", e.Name, e.Line, e.Msg)
}

// Parse reads a list. name is the file path or URL it came from: its
// extension helps detect the format and its base name names the list unless
// the list is known (a YAML list's name:, danluu's list by its title or its
// GitHub URL). Entries
// whose canonical URLs are equal merge into one, keeping the first company
// and blurb. Input that cannot be parsed is an error that names the line;
// so is a list with no entries at all.
func Parse(name string, b []byte) ([]Entry, error) {
	var (
		entries []Entry
		err     error
	)
	switch Detect(name, b) {
	case FormatYAML:
		entries, err = parseYAML(name, b)
	case FormatMarkdown:
		entries, err = parseMarkdown(name, b)
	default:
		entries, err = parseURLs(name, b)
	}
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("lists: %s: no entries found (want danluu Markdown, pmkb YAML or one URL per line)", name)
	}
	return merge(entries), nil
}

// Detect guesses the format of a list from its name and content.
func Detect(name string, b []byte) Format {
	switch strings.ToLower(path.Ext(baseName(name))) {
	case ".yaml", ".yml":
		return FormatYAML
	case ".md", ".markdown":
		return FormatMarkdown
	}
	if looksLikeYAML(b) {
		return FormatYAML
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		l := strings.TrimSpace(string(line))
		switch {
		case l == "" || strings.HasPrefix(l, "# ") && !bytes.Contains(b, []byte("\n## ")):
			continue
		case strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "# ") && !strings.HasPrefix(l, "##"):
			continue // a comment in a URL list
		case strings.HasPrefix(l, "## ") || mdLink.MatchString(l):
			return FormatMarkdown
		}
	}
	return FormatURLs
}

// baseName returns the last path element of a file path or URL, without any
// query.
func baseName(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimRight(name, "/")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// listName is the name of a list that does not name itself: its file's base
// name without the extension.
func listName(name string) string {
	b := baseName(name)
	if ext := path.Ext(b); ext != "" && ext != b {
		b = strings.TrimSuffix(b, ext)
	}
	if b == "" {
		return "list"
	}
	return b
}

// canonical canonicalises an entry's URL, keeping the archive URL when the
// list linked to the Wayback Machine.
func canonical(e *Entry, raw string) error {
	l, err := data.ParseLink(raw)
	if err != nil {
		return err
	}
	e.URL, e.Link, e.ArchiveURL = l.Canonical, l.URL, l.Archive
	return nil
}

// merge folds entries with the same canonical URL into the first one; the
// headings of later mentions become OtherSections.
func merge(in []Entry) []Entry {
	seen := make(map[string]int, len(in))
	out := in[:0:0]
	for _, e := range in {
		i, ok := seen[e.key()]
		if !ok {
			seen[e.key()] = len(out)
			out = append(out, e)
			continue
		}
		have := &out[i]
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		fill(&have.ArchiveURL, e.ArchiveURL)
		fill(&have.Link, e.Link)
		fill(&have.Company, e.Company)
		fill(&have.Blurb, e.Blurb)
		fill(&have.IncidentDate, e.IncidentDate)
		if e.Section != have.Section && !slices.Contains(have.OtherSections, e.Section) {
			have.OtherSections = append(have.OtherSections, e.Section)
		}
	}
	return out
}
