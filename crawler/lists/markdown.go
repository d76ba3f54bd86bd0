package lists

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// mdLink matches a line that starts with a Markdown link, optionally as a
// list item.
var mdLink = regexp.MustCompile(`^(?:[-*+]\s+)?\[[^\]]*\]\(`)

// inlineLink matches an inline Markdown link inside a blurb.
var inlineLink = regexp.MustCompile(`\[([^\]]*)\]\([^)\s]*(?:\([^)]*\))?[^)\s]*\)`)

// notPostmortems are danluu's headings whose links are other lists,
// essays or people rather than post-mortems (compared in lower case).
var notPostmortems = []string{
	"table of contents", "other lists of postmortems", "other lists of post-mortems",
	"other lists", "analysis", "contributors",
}

// danluuTitle is the H1 of danluu's list; a Markdown list with it is named
// DanluuName wherever it was read from.
const danluuTitle = "a list of post-mortems!"

// isDanluu reports whether a Markdown list is danluu's: read from danluu's
// repository on GitHub (a github.com or raw.githubusercontent.com URL under
// danluu/post-mortems), or titled as danluu titles it. A local file whose
// path merely mentions danluu is not enough.
func isDanluu(name string, b []byte) bool {
	if u, err := url.Parse(name); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		host := strings.ToLower(u.Hostname())
		p := strings.ToLower(u.Path)
		if (host == "github.com" || host == "www.github.com" || host == "raw.githubusercontent.com") &&
			(p == "/danluu/post-mortems" || strings.HasPrefix(p, "/danluu/post-mortems/")) {
			return true
		}
	}
	for _, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if t, ok := strings.CutPrefix(line, "# "); ok && strings.EqualFold(strings.TrimSpace(t), danluuTitle) {
			return true
		}
	}
	return false
}

// parseMarkdown reads the danluu format: "## Section" headings, then one
// paragraph per post-mortem that starts with "[Company](url)", optionally
// followed by ". blurb". Lines that are prose are ignored; a line that starts
// like a link but is not one is an error.
func parseMarkdown(name string, b []byte) ([]Entry, error) {
	list := listName(name)
	if isDanluu(name, b) {
		list = DanluuName
	}
	var (
		out     []Entry
		section string
		skip    bool
		cur     *Entry // the entry whose paragraph is still open
	)
	for i, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		switch {
		case line == "":
			cur = nil
		case strings.HasPrefix(line, "# "):
			cur = nil
		case strings.HasPrefix(line, "## "):
			section = strings.TrimSpace(strings.Trim(line[3:], "# "))
			skip = isSkipped(section)
			cur = nil
		case strings.HasPrefix(line, "#"):
			cur = nil // deeper headings keep the section
		case skip:
		case mdLink.MatchString(line):
			e, err := parseEntryLine(line)
			if err != nil {
				return nil, &LineError{Name: name, Line: i + 1, Msg: err.Error()}
			}
			e.List, e.Section = list, section
			out = append(out, e)
			cur = &out[len(out)-1]
		case cur != nil:
			cur.Blurb = strings.TrimSpace(cur.Blurb + " " + cleanInline(line))
		}
	}
	return out, nil
}

func isSkipped(section string) bool {
	s := strings.ToLower(section)
	for _, n := range notPostmortems {
		if s == n {
			return true
		}
	}
	return false
}

// parseEntryLine reads "[Company](url). blurb". The URL may hold balanced
// parentheses (Wikipedia titles do).
func parseEntryLine(line string) (Entry, error) {
	line = strings.TrimLeft(line, "-*+ \t")
	end := strings.Index(line, "](")
	if !strings.HasPrefix(line, "[") || end < 0 {
		return Entry{}, fmt.Errorf("want [Company](url), got %q", clip(line))
	}
	company := cleanInline(line[1:end])
	rest := line[end+2:]
	depth, stop := 0, -1
	for j, r := range rest {
		if r == '(' {
			depth++
		} else if r == ')' {
			if depth == 0 {
				stop = j
				break
			}
			depth--
		}
	}
	if stop < 0 {
		return Entry{}, fmt.Errorf("link without closing parenthesis: %q", clip(line))
	}
	target := linkDestination(rest[:stop])
	var e Entry
	if err := canonical(&e, target); err != nil {
		return Entry{}, err
	}
	e.Company = company
	blurb := strings.TrimSpace(rest[stop+1:])
	blurb = strings.TrimSpace(strings.TrimLeft(blurb, ".:,;"))
	e.Blurb = cleanInline(blurb)
	return e, nil
}

// linkTitle matches the title that may end a link's destination:
// [x](url "title"), [x](url 'title'), [x](url (title)).
var linkTitle = regexp.MustCompile(`\s+(?:"[^"]*"|'[^']*'|\([^()]*\))$`)

// linkDestination returns the URL of a link's "(...)" part: without a
// title, without the angle brackets of [x](<url>), and with inner spaces
// kept, as hand-written lists hold unescaped ones ([x](https://host/my
// post.html)); data.ParseLink escapes them.
func linkDestination(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") {
		if end := strings.IndexByte(s, '>'); end > 0 {
			return strings.TrimSpace(s[1:end])
		}
	}
	return strings.TrimSpace(linkTitle.ReplaceAllString(s, ""))
}

// cleanInline turns inline Markdown into plain text: links keep their text,
// emphasis and code marks go.
func cleanInline(s string) string {
	s = inlineLink.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "*", "", "__", "", "`", "", "<br/>", " ", "<br>", " ").Replace(s)
	s = strings.Trim(s, "*_ ")
	return strings.Join(strings.Fields(s), " ")
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
