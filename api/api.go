// Package api serves pmkb's JSON API on gin, against a small index interface.
//
// It answers search with facets, single records, similar incidents, a
// random incident for drills, stats, the OpenAPI document, health and
// readiness probes and Prometheus metrics. The handlers talk to the search
// index through the small Searcher interface, so api never imports bleve.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/jobs"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// Searcher is what the handlers need from the index, in the order of the
// route table; *index.Index satisfies it.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (index.Results, error)
	Get(ctx context.Context, id string) (data.Postmortem, error)
	Duplicates(ctx context.Context, id string) ([]string, error)
	Primary(ctx context.Context, id string) (string, error)
	Similar(ctx context.Context, id string, size int) (index.Results, error)
	SimilarText(ctx context.Context, text string, size int) (index.Results, error)
	Random(ctx context.Context, q index.Query) (data.Postmortem, error)
	Stats(ctx context.Context) (index.Stats, error)
}

// Options configures a Handler. Index is required; everything else has a
// default (the caps' are httpx.DefaultMaxQueryLen and its neighbours). The wall time of a request is not an option here: handlers pass
// the request's context to the index, and whoever builds the engine bounds
// it (cmd/pmkb mounts httpx.Budget).
type Options struct {
	Index  Searcher
	Logger *slog.Logger // slog.Default() when nil
	// Ready reports whether the index has finished loading; /readyz answers
	// 503 until it does. Nil means always ready.
	Ready func() bool
	// Registerer receives the HTTP metrics and Gatherer serves /metrics.
	// Both nil means no metrics and no /metrics route.
	Registerer prometheus.Registerer
	Gatherer   prometheus.Gatherer

	// Version, when set, is the index's version: search and incident
	// answers carry it as their ETag and answer 304 to a client that has
	// it (httpx.ETag). Nil means no ETags.
	Version func() string
	// Admin runs the write jobs of the admin routes. The routes exist only
	// when Admin is set and AdminToken is not empty, and they require
	// "Authorization: Bearer AdminToken".
	Admin      Admin
	AdminToken string

	MaxQueryLen  int   // longest q accepted, in characters
	MaxTextLen   int   // longest pasted text for POST /similar, in characters
	MaxBodyBytes int64 // largest request body
}

// Admin starts and reports the write jobs of the admin routes; cmd/pmkb
// implements it with a jobs.Runner in the serving process. Starting
// returns at once with the job's first status, or an error wrapping
// jobs.ErrBusy while another job runs.
type Admin interface {
	Crawl(lists []string) (jobs.Status, error)
	Reindex() (jobs.Status, error)
	Add(url, company string) (jobs.Status, error)
	Job(id string) (jobs.Status, bool)
}

// Handler holds the API's dependencies. Build it with New.
type Handler struct {
	idx          Searcher
	log          *slog.Logger
	ready        func() bool
	metrics      *httpMetrics
	serveMetrics gin.HandlerFunc // nil without a Gatherer
	etag         gin.HandlerFunc // httpx.ETag, or noETag without Options.Version
	opts         Options
}

// New checks opts, fills in defaults and registers the HTTP metrics.
func New(opts Options) (*Handler, error) {
	if opts.Index == nil {
		return nil, errors.New("api: options: Index is required")
	}
	if (opts.Registerer == nil) != (opts.Gatherer == nil) {
		return nil, errors.New("api: options: Registerer and Gatherer go together")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Ready == nil {
		opts.Ready = func() bool { return true }
	}
	if opts.MaxQueryLen <= 0 {
		opts.MaxQueryLen = httpx.DefaultMaxQueryLen
	}
	if opts.MaxTextLen <= 0 {
		opts.MaxTextLen = httpx.DefaultMaxTextLen
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = httpx.DefaultMaxBodyBytes
	}
	h := &Handler{idx: opts.Index, log: opts.Logger, ready: opts.Ready, opts: opts, etag: noETag}
	if opts.Version != nil {
		h.etag = httpx.ETag(opts.Version)
	}
	if opts.Registerer != nil {
		h.serveMetrics = metricsHandler(opts.Gatherer, opts.Logger)
		m, err := newHTTPMetrics(opts.Registerer)
		if err != nil {
			return nil, err
		}
		h.metrics = m
	}
	return h, nil
}

// Register mounts every API route on r. This is the whole API in one place.
// Every GET route answers HEAD too, with the same status and headers and
// no body, for uptime checkers.
func (h *Handler) Register(r gin.IRouter) {
	get := httpx.GetAndHead
	get(r, "/healthz", h.healthz)
	get(r, "/readyz", h.readyz)
	if h.serveMetrics != nil {
		get(r, "/metrics", h.serveMetrics)
	}
	v1 := r.Group("/api/v1", httpx.Recover(h.log, "api: handler panicked", h.internalError))
	tagged := v1.Group("", h.etag) // answers that change only with the index: ETag and 304
	get(tagged, "/search", h.search)
	get(tagged, "/incidents/:id", h.incident)
	get(tagged, "/incidents/:id/similar", h.similarTo)
	v1.POST("/similar", h.similarText)
	get(v1, "/random", h.random)
	get(v1, "/stats", h.stats)
	get(v1, "/export", h.export)
	get(v1, "/openapi.json", h.openapi)
	if h.opts.Admin != nil && h.opts.AdminToken != "" {
		admin := v1.Group("", httpx.BearerToken(h.opts.AdminToken, WriteError))
		admin.POST("/admin/crawl", h.adminCrawl)
		admin.POST("/admin/reindex", h.adminReindex)
		admin.POST("/incidents", h.addIncident)
		get(admin, "/admin/jobs/:id", h.adminJob)
	}
}

func noETag(c *gin.Context) { c.Next() }

// NewEngine builds a gin engine that serves only the API: metrics
// middleware, every route, and JSON answers for unknown routes and wrong
// methods. A server that also serves the UI mounts Register, Middleware,
// NoRoute and NoMethod on its own engine instead.
func NewEngine(opts Options) (*gin.Engine, error) {
	h, err := New(opts)
	if err != nil {
		return nil, err
	}
	e := httpx.NewEngine()
	e.Use(h.Middleware())
	h.Register(e)
	e.NoRoute(h.NoRoute, h.notFound)
	e.NoMethod(h.NoMethod, h.methodNotAllowed)
	return e, nil
}

// IsAPIPath reports whether path belongs to the API rather than the UI, so
// that unknown routes under it get JSON errors.
func IsAPIPath(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/") ||
		path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// NoRoute answers an unknown API path with a JSON 404 and passes any other
// path to the next handler (the UI's HTML 404), so an engine can chain
// both: e.NoRoute(api.NoRoute, ui.NoRoute).
func (h *Handler) NoRoute(c *gin.Context) {
	if !IsAPIPath(c.Request.URL.Path) {
		c.Next()
		return
	}
	h.notFound(c)
}

// NoMethod answers a known API path called with the wrong method with a
// JSON 405 and passes any other path to the next handler.
func (h *Handler) NoMethod(c *gin.Context) {
	if !IsAPIPath(c.Request.URL.Path) {
		c.Next()
		return
	}
	h.methodNotAllowed(c)
}

func (h *Handler) notFound(c *gin.Context) {
	writeError(c, http.StatusNotFound, codeNotFound, "no such route: "+c.Request.URL.Path)
}

func (h *Handler) methodNotAllowed(c *gin.Context) {
	writeError(c, http.StatusMethodNotAllowed, codeMethodNotAllowed,
		c.Request.Method+" is not allowed on "+c.Request.URL.Path)
}

// internalError answers a generic JSON 500; the cause is in the log.
func (h *Handler) internalError(c *gin.Context) {
	writeError(c, http.StatusInternalServerError, codeInternal, msgInternal)
}
