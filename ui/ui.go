// Package ui serves pmkb's server-rendered web pages on gin.
//
// The pages are search with facets, one incident, similar incidents for
// pasted alert text, stats, the Wheel of Misfortune drill and an Atom
// feed. Templates and static assets are embedded and parsed once at
// startup; pages work without JavaScript.
//
// The handlers talk to the index through the small Searcher interface, so
// ui never imports bleve.
package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// Searcher is what the pages need from the index; *index.Index satisfies
// it.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (index.Results, error)
	Get(ctx context.Context, id string) (data.Postmortem, error)
	Primary(ctx context.Context, id string) (string, error)
	Similar(ctx context.Context, id string, size int) (index.Results, error)
	SimilarText(ctx context.Context, text string, size int) (index.Results, error)
	Random(ctx context.Context, q index.Query) (data.Postmortem, error)
	Stats(ctx context.Context) (index.Stats, error)
}

// DefaultPageSize is how many results a search page shows. The other
// caps' defaults are httpx.DefaultMaxQueryLen and its neighbours, the
// API's too.
const DefaultPageSize = 20

// Options configures a Handler. Index is required; a limit left at zero
// (or below) gets its default. The wall time of a page is not an option
// here: pages pass the request's context to the index, and whoever builds
// the engine bounds it (cmd/pmkb mounts httpx.Budget).
type Options struct {
	Index  Searcher
	Logger *slog.Logger // slog.Default() when nil
	// Taxonomy names the categories on the pages; the embedded default
	// when its Categories are empty.
	Taxonomy data.Taxonomy
	// BaseURL is the public origin used for absolute links in the Atom
	// feed ("https://pmkb.example.org"). Empty means relative links; the
	// request's Host header is never used.
	BaseURL string
	// Ingested says when the records that carry no date of their own (no
	// incident, publication or fetch date) were loaded; the Atom feed
	// dates them so. Nil means the time New ran.
	Ingested func() time.Time

	// Sources reads the files of local records for their own page
	// (/incidents/ID/source); nil shows their extracted text.
	Sources SourceReader

	// Private says that reads need the read token (PMKB_READ_TOKEN):
	// pages then offer to sign out (POST /logout, which the token's
	// guard mounts).
	Private bool

	MaxQueryLen  int   // longest search query, in characters
	PageSize     int   // results per search page, at most index.MaxSize
	MaxTextLen   int   // longest text pasted on /similar, in characters
	MaxBodyBytes int64 // largest form body posted to /similar
}

// Handler renders the pages. Build it with New.
type Handler struct {
	idx        Searcher
	log        *slog.Logger
	tmpl       *templates
	assets     *assets
	categories map[string]data.Category
	slugs      []string // taxonomy order
	baseURL    string
	ingested   func() time.Time
	lim        limits
	sources    SourceReader
	private    bool // pages offer to sign out
	msgs       catalogs
	companies  data.Companies // the names a drill holds back
}

// New parses every template and hashes every static asset, so a broken
// template stops startup instead of the first request.
func New(opts Options) (*Handler, error) {
	if opts.Index == nil {
		return nil, errors.New("ui: options: Index is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	lim, err := newLimits(&opts)
	if err != nil {
		return nil, err
	}
	if len(opts.Taxonomy.Categories) == 0 {
		t, err := data.DefaultTaxonomy()
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		opts.Taxonomy = t
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	msgs, err := loadCatalogs()
	if err != nil {
		return nil, err
	}
	tm, err := parseTemplates(templateFS, as, lim, msgs)
	if err != nil {
		return nil, err
	}
	co, err := data.DefaultCompanies()
	if err != nil {
		return nil, fmt.Errorf("ui: %w", err)
	}
	h := &Handler{idx: opts.Index, log: opts.Logger, tmpl: tm, assets: as,
		categories: make(map[string]data.Category), baseURL: opts.BaseURL, lim: lim, ingested: opts.Ingested, sources: opts.Sources, private: opts.Private,
		msgs: msgs, companies: co}
	if started := time.Now().UTC().Truncate(time.Second); h.ingested == nil {
		h.ingested = func() time.Time { return started }
	}
	for _, c := range opts.Taxonomy.Categories {
		h.categories[c.Slug] = c
		h.slugs = append(h.slugs, c.Slug)
	}
	return h, nil
}

// newLimits fills in the defaults of the limits in opts and checks them.
func newLimits(opts *Options) (limits, error) {
	for _, f := range []struct {
		v   *int
		def int
	}{{&opts.MaxQueryLen, httpx.DefaultMaxQueryLen}, {&opts.PageSize, DefaultPageSize}, {&opts.MaxTextLen, httpx.DefaultMaxTextLen}} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = httpx.DefaultMaxBodyBytes
	}
	if opts.PageSize > index.MaxSize {
		return limits{}, fmt.Errorf("ui: options: PageSize is %d; the index answers at most %d", opts.PageSize, index.MaxSize)
	}
	return limits{maxQueryLen: opts.MaxQueryLen, pageSize: opts.PageSize,
		maxTextLen: opts.MaxTextLen, maxBody: opts.MaxBodyBytes}, nil
}

// Register mounts every page on r. This is the whole UI in one place.
// Pages answer HEAD as well as GET, for uptime checks and link checkers.
func (h *Handler) Register(r gin.IRouter) {
	g := r.Group("/", h.secure, h.chooseLang, httpx.Recover(h.log, "ui: page panicked", h.internalError))
	for _, p := range []struct {
		path   string
		handle gin.HandlerFunc
	}{
		{"/", h.searchPage},
		{"/incidents/:id", h.incidentPage},
		{"/incidents/:id/source", h.sourcePage},
		{"/similar", h.similarPage},
		{"/stats", h.statsPage},
		{"/wheel", h.wheelPage},
		{"/selection", h.selectionPage},
		{"/feed.atom", h.feed},
		{"/static/:file", h.static},
	} {
		httpx.GetAndHead(g, p.path, p.handle)
	}
	g.POST("/similar", h.similarPage)
}

// NewEngine builds a gin engine that serves only the UI, with HTML 404 and
// 405 pages. A server that also serves the API mounts Register, NoRoute
// and NoMethod on its own engine instead.
func NewEngine(opts Options) (*gin.Engine, error) {
	h, err := New(opts)
	if err != nil {
		return nil, err
	}
	e := httpx.NewEngine()
	h.Register(e)
	e.NoRoute(h.NoRoute)
	e.NoMethod(h.NoMethod)
	return e, nil
}

// NoRoute renders the 404 page.
func (h *Handler) NoRoute(c *gin.Context) {
	h.secure(c)
	h.chooseLang(c)
	h.errorPage(c, http.StatusNotFound, "Page not found", "There is no page at this address.")
}

// NoMethod renders the 405 page.
func (h *Handler) NoMethod(c *gin.Context) {
	h.secure(c)
	h.chooseLang(c)
	h.errorPage(c, http.StatusMethodNotAllowed, "Method not allowed", "%s does not work on this page.", c.Request.Method)
}

// csp allows only our own scripts, styles, forms and fetches (search as you
// type loads the search page itself): crawled text can never
// run code even if an escape were missed.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// secure sets the security headers every page carries.
func (h *Handler) secure(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hd.Set("X-Frame-Options", "DENY")
}

// WriteError renders the error page for status with message; it is an
// httpx.ErrorFunc, so the shared middleware (431, 503) answers pages as
// pages. The code is for the API's clients; a page shows the message.
func (h *Handler) WriteError(c *gin.Context, status int, code, message string) {
	h.secure(c)
	if c.GetString(langKey) == "" { // refused before the pages' own middleware ran
		h.chooseLang(c)
	}
	heading, ok := statusHeadings[status]
	if !ok {
		heading = http.StatusText(status)
	}
	h.errorPage(c, status, heading, "%s", h.loc(c).errorText(message))
	c.Abort()
}

// statusHeadings head the error pages of the statuses the shared
// middleware answers.
var statusHeadings = map[int]string{
	http.StatusRequestHeaderFieldsTooLarge: msg("Request too large"),
	http.StatusServiceUnavailable:          msg("The server is busy"),
	http.StatusUnauthorized:                msg("Sign-in needed"),
	http.StatusTooManyRequests:             msg("Too many requests"),
}

// internalError renders the generic 500 page; the cause is in the log.
func (h *Handler) internalError(c *gin.Context) {
	h.errorPage(c, http.StatusInternalServerError, "Something went wrong",
		"The server could not render this page. The details are in its log.")
}
