package ui

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/pmkb/pmkb/data"
)

// SourceReader reads the file a local record was read from. cmd/pmkb's
// checks that the record's collection was built from that file, so that a
// record cannot make the server read any other.
type SourceReader interface {
	Source(ctx context.Context, pm data.Postmortem) ([]byte, error)
}

// sourceView is the data of a local file's page: pmkb's own rendering of
// a post-mortem that has no URL of its own (no --link-base).
type sourceView struct {
	page
	ID   string
	File string        // the file's name
	Lang string        // the record's language, for lang= on its text
	HTML template.HTML // Markdown rendered safely: no raw HTML, no script URLs
	Text string        // other formats, or the record's text when the file is gone
}

// safeMarkdown renders Markdown without the raw HTML it holds (goldmark
// leaves it out unless told otherwise) and without javascript: or
// other dangerous link targets; the page's CSP forbids scripts besides.
var safeMarkdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// frontMatterBlock is a Markdown file's leading YAML or TOML block: its
// fields are on the record page, and rendered it would be a heading.
var frontMatterBlock = regexp.MustCompile(`(?s)\A\s*(---|\+\+\+)[ \t]*\r?\n.*?\r?\n(---|\+\+\+)[ \t]*(\r?\n|\z)`)

// sourcePage renders /incidents/:id/source.
func (h *Handler) sourcePage(c *gin.Context) {
	pm, ok := h.record(c, c.Param("id"))
	if !ok {
		return
	}
	if pm.Path == "" {
		h.errorPage(c, http.StatusNotFound, "Not found", "This incident was not read from a local file.")
		return
	}
	v := sourceView{page: page{Title: orUntitled(h.loc(c), pm.Title)}, ID: pm.ID, File: filepath.Base(pm.Path), Lang: pm.Language, Text: pm.Body}
	if h.sources != nil {
		b, err := h.sources.Source(c.Request.Context(), pm)
		switch {
		case err != nil:
			h.log.Warn("ui: local source", "id", pm.ID, "err", err)
		case isMarkdown(pm.Path):
			var buf bytes.Buffer
			if safeMarkdown.Convert(frontMatterBlock.ReplaceAll(b, nil), &buf) == nil {
				v.HTML, v.Text = template.HTML(buf.String()), "" // #nosec G203 -- goldmark without WithUnsafe drops raw HTML and dangerous URLs
			}
		case strings.HasSuffix(strings.ToLower(pm.Path), ".txt"):
			v.Text = string(b)
		}
	}
	h.render(c, http.StatusOK, "source", &v)
}

func isMarkdown(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".md", ".markdown", ".mdx":
		return true
	}
	return false
}
