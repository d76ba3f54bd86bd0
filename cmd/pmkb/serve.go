package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/ui"
)

// defaultRequestTimeout is the wall time one HTTP request may take, all
// its index calls included: the one timeout a search has. A search past it
// answers 503 ("took too long"); searches take milliseconds.
const defaultRequestTimeout = 2 * time.Second

// writeTimeout bounds writing one answer. A request's budget ends before
// it, so that the 503 of a request over budget still goes out.
const writeTimeout = 30 * time.Second

// serverOptions is what newRouter needs to build the HTTP handler.
type serverOptions struct {
	Index    *index.Index
	Logger   *slog.Logger
	Ready    func() bool
	Registry *prometheus.Registry // nil: no /metrics
	Budget   time.Duration        // wall time of one request; 0 means none
	// ReadToken, when set, makes every read need it (PMKB_READ_TOKEN);
	// /healthz and /readyz stay open.
	ReadToken string
	// DataDir, when set, lets the UI render local records' files.
	DataDir string
	// Ingested says when records without a date of their own were loaded
	// (the feed dates them so); nil means the server's start.
	Ingested func() time.Time
}

// newRouter mounts the API and the UI on one gin engine: JSON errors under
// /api, HTML pages elsewhere, and one time budget per request for both.
func newRouter(o serverOptions) (*gin.Engine, error) {
	ao := api.Options{Index: o.Index, Logger: o.Logger, Ready: o.Ready}
	if o.Registry != nil {
		ao.Registerer, ao.Gatherer = o.Registry, o.Registry
	}
	ah, err := api.New(ao)
	if err != nil {
		return nil, err
	}
	uo := ui.Options{Index: o.Index, Logger: o.Logger, Ingested: o.Ingested}
	if o.DataDir != "" {
		uo.Sources = sourceFiles{o.DataDir}
	}
	uh, err := ui.New(uo)
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	e := httpx.NewEngine()
	e.Use(ah.Middleware(), httpx.Budget(o.Budget))
	if o.ReadToken != "" {
		rt := httpx.NewReadToken(o.ReadToken, "/api/", "/healthz", "/readyz")
		e.Use(rt.Middleware())
		rt.Register(e)
	}
	ah.Register(e)
	uh.Register(e)
	e.NoRoute(ah.NoRoute, uh.NoRoute)
	e.NoMethod(ah.NoMethod, uh.NoMethod)
	return e, nil
}

// serveConfig is what `pmkb serve` reads from its flags and environment.
type serveConfig struct {
	dir, addr string
	budget    time.Duration
	readToken string // "" leaves reads open
	watch     bool   // apply changes of the collections' local sources as they happen
}

func parseServeFlags(e env, args []string) (serveConfig, error) {
	def := defaultRequestTimeout
	if s := e.getenv("PMKB_REQUEST_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return serveConfig{}, &usageError{msg: fmt.Sprintf("PMKB_REQUEST_TIMEOUT must be a duration such as 2s, got %q", s)}
		}
		def = d
	}
	fs, dir := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	budget := fs.Duration("request-timeout", def,
		"wall time one HTTP request may take, its searches included (default from $PMKB_REQUEST_TIMEOUT)")
	tokenFile := fs.String("read-token-file", e.getenv("PMKB_READ_TOKEN_FILE"),
		"file holding the token every read needs (default from $PMKB_READ_TOKEN_FILE; $PMKB_READ_TOKEN gives the token itself)")
	watch := fs.Bool("watch", envBool(e, "PMKB_WATCH"), "re-sync the collections' local sources when their files change")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return serveConfig{}, err
	}
	token, err := readToken(e, *tokenFile)
	if err != nil {
		return serveConfig{}, err
	}
	switch {
	case len(rest) > 0:
		return serveConfig{}, &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	case *budget <= 0 || *budget >= writeTimeout:
		return serveConfig{}, &usageError{msg: fmt.Sprintf("--request-timeout (or PMKB_REQUEST_TIMEOUT) must be above 0 and below %v, got %v",
			writeTimeout, *budget)}
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return serveConfig{}, &usageError{msg: fmt.Sprintf("--addr must be HOST:PORT, got %q", *addr)}
	}
	return serveConfig{dir: *dir, addr: *addr, budget: *budget, readToken: token, watch: *watch}, nil
}

func runServe(ctx context.Context, e env, args []string) error {
	cfg, err := parseServeFlags(e, args)
	if err != nil {
		return err
	}
	// Listen before touching the data dir, so a busy port changes nothing.
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	d, err := openDataDir(ctx, e, cfg.dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Name our address in the lock, so `pmkb search` and `pmkb reindex` can
	// reach this server instead of failing on the lock.
	if err := writeLock(d.lock, ln.Addr().String()); err != nil {
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var ready atomic.Bool
	h, err := newRouter(serverOptions{Index: d.ix, Logger: e.logger, Ready: ready.Load, Registry: reg, Budget: cfg.budget,
		ReadToken: cfg.readToken, DataDir: d.path, Ingested: d.seededAt})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadTimeout:       15 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(e.logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	reads := "open to anyone who reaches the address (set PMKB_READ_TOKEN to require a token)"
	if cfg.readToken != "" {
		reads = "need the read token"
	}
	e.logger.Info("serving", "url", "http://"+ln.Addr().String(), "data_dir", d.path, "reads", reads)

	// Listen first so /healthz answers at once; /readyz waits for the seed.
	if err := d.seedOnce(ctx, e); err != nil {
		srv.Close()
		return err
	}
	if err := d.ix.Warm(ctx); err != nil {
		e.logger.Warn("warming the search columns", "error", err)
	}
	ready.Store(true)
	var watching sync.WaitGroup
	defer watching.Wait() // after shutdown has ended ctx, before the index closes
	if cfg.watch {
		if err := startWatch(ctx, e, d, &watching); err != nil {
			srv.Close()
			return err
		}
	}

	// SIGHUP (sent by `pmkb reindex`) rebuilds the index beside the live
	// one and swaps it in; searches keep being answered meanwhile.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var reindexing sync.WaitGroup
	defer reindexing.Wait()
	for {
		select {
		case <-hup:
			reindexing.Go(func() { reindexLogged(ctx, e, d) })
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-ctx.Done():
			return shutdown(e, srv)
		}
	}
}

// shutdown stops accepting requests and waits for those under way; the
// caller's defers then stop the workers and close the index, in that order.
func shutdown(e env, srv *http.Server) error {
	e.logger.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// reindexLogged runs one zero-downtime reindex and logs how it went; a
// reindex already under way makes the index refuse or queue the second.
func reindexLogged(ctx context.Context, e env, d *dataDir) {
	start := time.Now()
	e.logger.Info("reindex started")
	if err := d.ix.Reindex(ctx); err != nil {
		if errors.Is(err, context.Canceled) {
			e.logger.Warn("reindex cancelled", "err", err)
			return
		}
		e.logger.Error("reindex failed", "err", err)
		return
	}
	e.logger.Info("reindex done", "took", time.Since(start).Round(time.Millisecond))
}
