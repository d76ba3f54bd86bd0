package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/ui"
)

// serverOptions is what newRouter needs to build the HTTP handler.
type serverOptions struct {
	Index    *index.Index
	Logger   *slog.Logger
	Ready    func() bool
	Registry *prometheus.Registry // nil: no /metrics
}

// newRouter mounts the API and the UI on one gin engine: JSON errors under
// /api, HTML pages elsewhere.
func newRouter(o serverOptions) (*gin.Engine, error) {
	ao := api.Options{Index: o.Index, Logger: o.Logger, Ready: o.Ready}
	if o.Registry != nil {
		ao.Registerer, ao.Gatherer = o.Registry, o.Registry
	}
	ah, err := api.New(ao)
	if err != nil {
		return nil, err
	}
	uh, err := ui.New(ui.Options{Index: o.Index, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.Use(ah.Middleware())
	ah.Register(e)
	uh.Register(e)
	e.NoRoute(ah.NoRoute, uh.NoRoute)
	e.NoMethod(ah.NoMethod, uh.NoMethod)
	return e, nil
}

func runServe(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return &usageError{msg: fmt.Sprintf("--addr must be HOST:PORT, got %q", *addr)}
	}
	d, err := openDataDir(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer d.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var ready atomic.Bool
	h, err := newRouter(serverOptions{Index: d.ix, Logger: e.logger, Ready: ready.Load, Registry: reg})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadTimeout:       15 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(e.logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	e.logger.Info("serving", "url", "http://"+ln.Addr().String(), "data_dir", d.path)

	// Listen first so /healthz answers at once; /readyz waits for the seed.
	if err := d.seedIfEmpty(ctx, e); err != nil {
		srv.Close()
		return err
	}
	ready.Store(true)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	e.logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
