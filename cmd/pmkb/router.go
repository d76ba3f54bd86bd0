package main

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/ui"
)

// serverOptions is what newRouter needs to build the HTTP handler. Only
// Index is required; the zero value of the rest serves without metrics,
// admin routes or a base URL, with the default limits.
type serverOptions struct {
	Index    *index.Index
	Logger   *slog.Logger
	Ready    func() bool
	Registry *prometheus.Registry // nil: no /metrics
	Metrics  *serviceMetrics      // nil: no queue, query or crawl metrics
	Budget   time.Duration        // wall time of one request; 0 means none

	// BaseURL is the public origin for absolute links ("" for relative
	// ones); an https one turns HSTS on.
	BaseURL string
	// Concurrency and Queue bound the requests that touch the index
	// (httpx.LimiterOptions); 0 means the default.
	Concurrency, Queue int
	MaxHeaderBytes     int // 0 means httpx.DefaultMaxHeaderBytes

	Admin      api.Admin // nil: no admin routes
	AdminToken string    // "": no admin routes
	// ReadToken, when set, makes every read need it (PMKB_READ_TOKEN);
	// /healthz and /readyz stay open, and the admin routes need the
	// admin token instead.
	ReadToken string
	// TrustedProxies are the addresses and CIDRs of reverse proxies whose
	// X-Forwarded-For names the client (for the token throttles); none:
	// the TCP peer is the client.
	TrustedProxies []string
	// DataDir, when set, lets the UI render local records' files.
	DataDir string

	// Ingested says when records without a date of their own were loaded
	// (the feed dates them so); nil means the server's start.
	Ingested func() time.Time
}

// unlimited are the routes that skip the limiter's queue: probes, metrics
// and files that never touch the index, and the admin routes, which only
// start or read a job. Every other route, API and UI alike (new ones too),
// takes its turn.
var unlimited = map[string]bool{
	"/healthz": true, "/readyz": true, "/metrics": true,
	"/static/:file": true, "/api/v1/openapi.json": true,
	"/api/v1/admin/crawl": true, "/api/v1/admin/reindex": true, "/api/v1/admin/jobs/:id": true,
	"/api/v1/incidents": true, // POST, admin: adds a URL
	"/login":            true, "/logout": true,
}

// readGuard is the read token's check, except on the admin routes when
// they exist: those need the admin token, which their requests carry in
// the same Authorization header.
func readGuard(guard gin.HandlerFunc, admin bool) gin.HandlerFunc {
	if !admin {
		return guard
	}
	return func(c *gin.Context) {
		p := c.Request.URL.Path
		if strings.HasPrefix(p, "/api/v1/admin/") || (p == "/api/v1/incidents" && c.Request.Method == "POST") {
			c.Next()
			return
		}
		guard(c)
	}
}

// newRouter mounts the API and the UI on one gin engine. Every request,
// API and UI, goes through the same middleware, mounted here once, in this
// order: a request id, metrics, the access log, security headers, the
// header-size limit, the read token (when set), gzip, the time budget,
// then the limiter's queue for the routes that touch the index. Errors the middleware answers are JSON
// under /api (and the probes) and pages elsewhere.
func newRouter(o serverOptions) (*gin.Engine, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	var ix interface {
		api.Searcher
		ui.Searcher
	} = o.Index
	if o.Metrics != nil {
		ix = timedIndex{Index: o.Index, m: o.Metrics}
	}
	boot := strconv.FormatInt(time.Now().UnixNano(), 36)
	ao := api.Options{Index: ix, Logger: o.Logger, Ready: o.Ready, Admin: o.Admin, AdminToken: o.AdminToken,
		// The version counts from 0 in each process: the boot time keeps
		// a tag from one run from matching another run's answers.
		Version: func() string { return boot + "-" + strconv.FormatUint(o.Index.Version(), 10) }}
	if o.Registry != nil {
		ao.Registerer, ao.Gatherer = o.Registry, o.Registry
	}
	ah, err := api.New(ao)
	if err != nil {
		return nil, err
	}
	uo := ui.Options{Index: ix, Logger: o.Logger, BaseURL: o.BaseURL, Ingested: o.Ingested, Private: o.ReadToken != ""}
	if o.DataDir != "" {
		uo.Sources = sourceFiles{o.DataDir}
	}
	uh, err := ui.New(uo)
	if err != nil {
		return nil, err
	}
	fail := func(c *gin.Context, status int, code, msg string) {
		if api.IsAPIPath(c.Request.URL.Path) {
			api.WriteError(c, status, code, msg)
			return
		}
		uh.WriteError(c, status, code, msg)
	}
	lim := httpx.NewLimiter(httpx.LimiterOptions{Concurrency: o.Concurrency, Queue: o.Queue,
		Waited: o.Metrics.waited, Shed: o.Metrics.shedOne})
	if o.Registry != nil {
		if err := o.Metrics.watchLoad(o.Registry, lim.Load); err != nil {
			return nil, err
		}
	}
	gin.SetMode(gin.ReleaseMode)
	e := httpx.NewEngine()
	if err := e.SetTrustedProxies(o.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	e.Use(httpx.RequestID(), ah.Middleware(), httpx.AccessLog(o.Logger),
		httpx.SecureHeaders(isHTTPS(o.BaseURL)), httpx.HeaderLimit(o.MaxHeaderBytes, fail))
	if o.ReadToken != "" {
		rt := httpx.NewReadToken(httpx.ReadTokenOptions{Token: o.ReadToken, APIPrefix: "/api/",
			Open: []string{"/healthz", "/readyz"}, OpenPrefixes: []string{"/static/"}, Page: uh.LoginPage, Logger: o.Logger})
		e.Use(readGuard(rt.Middleware(), o.AdminToken != ""))
		rt.Register(e)
	}
	e.Use(httpx.Gzip(), httpx.Budget(o.Budget),
		lim.Middleware(func(c *gin.Context) bool { return c.FullPath() == "" || unlimited[c.FullPath()] }, fail))
	ah.Register(e)
	uh.Register(e)
	e.NoRoute(ah.NoRoute, uh.NoRoute)
	e.NoMethod(ah.NoMethod, uh.NoMethod)
	return e, nil
}

func isHTTPS(base string) bool { return strings.HasPrefix(base, "https://") }
