package ui

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// templateAction is a template action: {{...}}, which says nothing to a
// reader by itself (messages come through t and tn).
var templateAction = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// wordRE finds words a reader would read.
var wordRE = regexp.MustCompile(`\p{L}{2,}`)

// notWords are the literals a template may hold in any language: the
// product's name and the names of formats.
var notWords = []string{"pmkb", "API", "JSON"}

// readAttrs are the attributes whose values people read or hear.
var readAttrs = []string{"aria-label", "title", "placeholder", "alt", "content", "label", "data-add", "data-remove"}

// TestTemplatesHaveNoLiteralText: every word a template shows comes
// from the catalog (t, tn) or from data, never typed in a language
// into the HTML, where French readers would get it in English. The
// check reads each template as HTML with its actions left out, and looks
// at the text and at the attributes people read; <code> examples of
// query syntax are not prose.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		for _, lit := range literalText(templateAction.ReplaceAllString(string(b), "")) {
			t.Errorf("%s: %q is typed into the template; put it in the catalog (t \"...\")", p, lit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := literalText(`<p title="Read more">Hello <code>year:2019</code> pmkb</p>`); !slices.Equal(got, []string{"Read more", "Hello"}) {
		t.Errorf("the check itself: got %q, want the title and Hello", got)
	}
}

// literalText returns the pieces of src, HTML without template actions,
// that hold words.
func literalText(src string) []string {
	var out []string
	add := func(s string) {
		for _, w := range wordRE.FindAllString(s, -1) {
			if !slices.Contains(notWords, w) {
				out = append(out, strings.TrimSpace(s))
				return
			}
		}
	}
	z := html.NewTokenizer(strings.NewReader(src))
	skip := 0 // inside <code>, <script> or <style>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if skip == 0 {
				add(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if slices.Contains([]string{"code", "script", "style"}, tok.Data) && tok.Type == html.StartTagToken {
				skip++
			}
			description := slices.Contains(tok.Attr, html.Attribute{Key: "name", Val: "description"})
			for _, a := range tok.Attr {
				// A meta's content is read only in the description
				// (not in viewport's width=device-width).
				if slices.Contains(readAttrs, a.Key) && (a.Key != "content" || description) {
					add(a.Val)
				}
			}
		case html.EndTagToken:
			if tok := z.Token(); slices.Contains([]string{"code", "script", "style"}, tok.Data) && skip > 0 {
				skip--
			}
		}
	}
}
