package ui

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages the handlers render. Each has a file
// templates/<name>.html defining "main"; every file there must be one of
// these or a shared file, so a stray or missing template fails startup.
var pageNames = []string{"search", "incident", "similar", "stats", "wheel", "selection", "error", "source", "login"}

// sharedFiles are parsed into every page.
var sharedFiles = []string{"templates/layout.html", "templates/parts.html"}

// templates holds one parsed template set per page and language.
type templates struct {
	pages map[string]*template.Template // by language "/" page
}

// parseTemplates parses every page from fsys (the embedded templates in
// production), once per language with that language's messages, and
// checks that each one can be found and has its blocks.
func parseTemplates(fsys fs.FS, as *assets, lim limits, msgs catalogs) (*templates, error) {
	if err := checkTemplateFiles(fsys); err != nil {
		return nil, err
	}
	t := &templates{pages: make(map[string]*template.Template, len(pageNames)*len(languages))}
	for _, l := range languages {
		loc := msgs.localizer(l.Code)
		funcs := template.FuncMap{
			"asset":       as.path,
			"maxQueryLen": func() int { return lim.maxQueryLen },
			"t":           loc.T,
			"tn":          loc.N,
			"date":        loc.Date,
			"lang":        func() string { return l.Code },
		}
		for _, name := range pageNames {
			files := append(append([]string{}, sharedFiles...), "templates/"+name+".html")
			p, err := template.New(name).Funcs(funcs).ParseFS(fsys, files...)
			if err != nil {
				return nil, fmt.Errorf("ui: parse template %s: %w", name, err)
			}
			for _, must := range []string{"layout", "main"} {
				if p.Lookup(must) == nil {
					return nil, fmt.Errorf("ui: template %s: no %q block", name, must)
				}
			}
			t.pages[l.Code+"/"+name] = p
		}
	}
	return t, nil
}

// checkTemplateFiles makes sure the embedded files and the declared pages
// agree in both directions.
func checkTemplateFiles(fsys fs.FS) error {
	want := make(map[string]bool)
	for _, f := range sharedFiles {
		want[f] = true
	}
	for _, n := range pageNames {
		want["templates/"+n+".html"] = true
	}
	entries, err := fs.ReadDir(fsys, "templates")
	if err != nil {
		return fmt.Errorf("ui: read templates: %w", err)
	}
	have := make(map[string]bool)
	for _, e := range entries {
		f := "templates/" + e.Name()
		have[f] = true
		if !want[f] {
			return fmt.Errorf("ui: template file %s is not a declared page", f)
		}
	}
	var missing []string
	for f := range want {
		if !have[f] {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("ui: missing template files: %s", strings.Join(missing, ", "))
	}
	return nil
}

// viewer is a page's view: it embeds page, which the layout reads.
type viewer interface{ base() *page }

// render executes a page into a buffer and writes it only when that
// succeeds, so a failed render never leaves half a page. It fills in what
// the layout needs from every page: the language and its switch.
func (h *Handler) render(c *gin.Context, status int, name string, view viewer) {
	lang := h.lang(c)
	pg := view.base()
	from := c.Request.URL
	if pg.switchFrom != nil {
		from = pg.switchFrom
	}
	pg.Lang, pg.Langs = lang, langLinks(from, lang)
	pg.SignOut = h.private && !pg.Bare
	if pg.Nav == "" {
		pg.Nav = name
	}
	var buf bytes.Buffer
	p, ok := h.tmpl.pages[lang+"/"+name]
	err := fmt.Errorf("ui: no page %q", name)
	if ok {
		err = p.ExecuteTemplate(&buf, "layout", view)
	}
	if err != nil {
		h.log.ErrorContext(c.Request.Context(), "ui: render page", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/html; charset=utf-8", []byte(h.msgs.localizer(lang).fallbackPage()))
		c.Abort()
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// fallbackPage is sent when even the error page cannot render: no
// template, the catalog's words only.
func (l localizer) fallbackPage() string {
	return `<!doctype html><html lang="` + l.lang + `"><meta charset="utf-8"><title>` +
		html.EscapeString(l.T("Something went wrong")) + ` · pmkb</title><h1>` + html.EscapeString(l.T("Something went wrong")) +
		`</h1><p>` + html.EscapeString(l.T("The server could not render this page. The details are in its log.")) + `</p></html>`
}

// errorView is the data of the error page.
type errorView struct {
	page
	Status  int
	Heading string
	Message string
}

// errorPage renders an error page; heading and message are English
// messages of the catalog, translated here.
func (h *Handler) errorPage(c *gin.Context, status int, heading, message string, args ...any) {
	l := h.loc(c)
	h.render(c, status, "error", &errorView{
		page:    page{Title: l.T(heading)},
		Status:  status,
		Heading: l.T(heading),
		Message: l.T(message, args...),
	})
}

// record returns the incident id names, or answers the page that says why
// not (404 for what cannot be an id, else the index's error, as fail maps
// it); ok is false once it has answered.
func (h *Handler) record(c *gin.Context, id string) (pm data.Postmortem, ok bool) {
	if !httpx.ValidID(id) {
		h.errorPage(c, http.StatusNotFound, "Not found", "No incident has this id.")
		return pm, false
	}
	pm, err := h.idx.Get(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return pm, false
	}
	return pm, true
}

// fail is the one place that maps an index error to an error page. Bad
// input is a 4xx; a server failure is logged and shown as a generic 500.
func (h *Handler) fail(c *gin.Context, err error) {
	var qe *index.QueryError
	switch {
	case errors.As(err, &qe):
		h.errorPage(c, http.StatusBadRequest, "Bad query", "%s", h.loc(c).errorText(qe.Msg))
	case errors.Is(err, index.ErrNotFound):
		h.errorPage(c, http.StatusNotFound, "Not found", "No incident matches this address.")
	case httpx.ClientGone(c, err):
		h.log.WarnContext(c.Request.Context(), "ui: request canceled by client", "path", c.Request.URL.Path)
		c.AbortWithStatus(httpx.StatusClientClosed)
	case errors.Is(err, context.DeadlineExceeded):
		h.log.WarnContext(c.Request.Context(), "ui: page timed out", "path", c.Request.URL.Path, "err", err)
		h.errorPage(c, http.StatusServiceUnavailable, "Too slow",
			"The search took too long. Try a narrower query.")
	default:
		h.log.ErrorContext(c.Request.Context(), "ui: page failed", "path", c.Request.URL.Path, "err", err)
		h.errorPage(c, http.StatusInternalServerError, "Something went wrong",
			"The server could not answer. The details are in its log.")
	}
}
