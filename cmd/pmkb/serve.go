package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pmkb/pmkb/api/httpx"
)

// defaultRequestTimeout is the wall time one HTTP request may take, all
// its index calls included: the one timeout a search has. A search past it
// answers 503 ("took too long"); searches take milliseconds.
const defaultRequestTimeout = 2 * time.Second

// writeTimeout bounds writing one answer. A request's budget ends before
// it, so that the 503 of a request over budget still goes out.
const writeTimeout = 30 * time.Second

// minRecrawl is the shortest --recrawl: a re-crawl is polite, hence slow,
// and one every few seconds would only ever skip.
const minRecrawl = time.Minute

// minAdminToken is the shortest admin token accepted.
const minAdminToken = 16

// serveConfig is what `pmkb serve` reads from its flags and environment.
type serveConfig struct {
	dir, addr   string
	budget      time.Duration
	baseURL     string
	recrawl     time.Duration
	concurrency int        // requests that touch the index at once
	queue       int        // requests waiting for a turn
	crawl       crawlFlags // how admin and scheduled crawls fetch
	lists       []string   // what they crawl when told no lists; none: the default lists
	adminToken  string
	readToken   string // "" leaves reads open
	watch       bool   // apply changes of the collections' local sources as they happen
	readOnly    bool   // serve the data dir without writing to it
	// trustedProxies may name the client in X-Forwarded-For.
	trustedProxies []string
}

func parseServeFlags(e env, args []string) (serveConfig, error) {
	fs, dir := newFlags(e, "serve")
	var cfg serveConfig
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.DurationVar(&cfg.budget, "request-timeout", defaultRequestTimeout,
		"wall time one HTTP request may take, its wait for a turn and its searches included")
	fs.StringVar(&cfg.baseURL, "base-url", "",
		"public origin for absolute links, e.g. https://pmkb.example.org (default: the listen address)")
	fs.DurationVar(&cfg.recrawl, "recrawl", 0, "re-crawl the default lists this often, e.g. 24h (0: never)")
	fs.IntVar(&cfg.concurrency, "max-concurrent", 0, "requests that touch the index run at once (0: one per core)")
	fs.IntVar(&cfg.queue, "max-queue", httpx.DefaultQueue, "requests that may wait for a turn; more are answered 503 at once")
	fs.BoolVar(&cfg.watch, "watch", false, "re-sync the collections' local sources when their files change")
	tokenFile := fs.String("read-token-file", "",
		"file holding the token every read needs ($PMKB_READ_TOKEN gives the token itself)")
	fs.BoolVar(&cfg.readOnly, "read-only", false,
		"serve the data dir without writing to it, under a lock readers share (automatic on a read-only data dir)")
	cfg.crawl.register(fs)
	var proxies stringsFlag
	fs.Var(&proxies, "trusted-proxy", "address or CIDR of a reverse proxy whose X-Forwarded-For names the client, for the token throttles (repeatable; default: none, the TCP peer is the client)")
	var lists stringsFlag
	fs.Var(&lists, "list", "a list the admin API's crawls and --recrawl use when given none (repeatable; default: the talk list and danluu's)")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return serveConfig{}, err
	}
	cfg.dir, cfg.lists, cfg.trustedProxies = *dir, lists, proxies
	if len(rest) > 0 {
		return serveConfig{}, &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	if err := cfg.validate(); err != nil {
		return serveConfig{}, err
	}
	if err := cfg.crawl.validate(); err != nil {
		return serveConfig{}, err
	}
	if cfg.adminToken, err = adminToken(e.getenv); err != nil {
		return serveConfig{}, err
	}
	if cfg.readToken, err = readToken(e, *tokenFile); err != nil {
		return serveConfig{}, err
	}
	return cfg, nil
}

func (cfg *serveConfig) validate() error {
	bad := func(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }
	switch {
	case cfg.budget <= 0 || cfg.budget >= writeTimeout:
		return bad("--request-timeout (or PMKB_REQUEST_TIMEOUT) must be above 0 and below %v, got %v", writeTimeout, cfg.budget)
	case cfg.recrawl != 0 && cfg.recrawl < minRecrawl:
		return bad("--recrawl must be 0 (never) or at least %v, got %v", minRecrawl, cfg.recrawl)
	case cfg.concurrency < 0 || cfg.concurrency > 1024:
		return bad("--max-concurrent must be between 0 (one per core) and 1024, got %d", cfg.concurrency)
	case cfg.queue < 0 || cfg.queue > 100000:
		return bad("--max-queue must be between 0 and 100000, got %d", cfg.queue)
	}
	for _, p := range cfg.trustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return bad("--trusted-proxy (or PMKB_TRUSTED_PROXY) must be an IP address or a CIDR such as 10.0.0.0/8, got %q", p)
		}
	}
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		return bad("--addr must be HOST:PORT, got %q", cfg.addr)
	}
	if cfg.baseURL != "" {
		u, err := url.Parse(cfg.baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return bad("--base-url (or PMKB_BASE_URL) must be an origin such as https://pmkb.example.org, got %q", cfg.baseURL)
		}
		cfg.baseURL = u.Scheme + "://" + u.Host
	}
	if cfg.queue == 0 {
		cfg.queue = -1 // httpx.LimiterOptions: no queue at all
	}
	return nil
}

// adminToken reads the admin token from $PMKB_ADMIN_TOKEN or the file
// named by $PMKB_ADMIN_TOKEN_FILE (a mounted secret); never from a flag,
// which any user of the machine could read in the process list.
func adminToken(getenv func(string) string) (string, error) {
	tok, file := getenv("PMKB_ADMIN_TOKEN"), getenv("PMKB_ADMIN_TOKEN_FILE")
	if tok != "" && file != "" {
		return "", &usageError{msg: "set PMKB_ADMIN_TOKEN or PMKB_ADMIN_TOKEN_FILE, not both"}
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("PMKB_ADMIN_TOKEN_FILE: %w", err)
		}
		tok = strings.TrimSpace(string(b))
		if tok == "" {
			return "", &usageError{msg: "PMKB_ADMIN_TOKEN_FILE names an empty file"}
		}
	}
	if tok != "" && len(tok) < minAdminToken {
		return "", &usageError{msg: fmt.Sprintf("the admin token must be at least %d characters long", minAdminToken)}
	}
	return tok, nil
}

// baseURLFor is the origin absolute links use: --base-url, else the
// listen address when it names a host, else nothing (relative links),
// as 0.0.0.0 is no address a browser can use.
func baseURLFor(cfg serveConfig, ln net.Listener) string {
	if cfg.baseURL != "" {
		return cfg.baseURL
	}
	if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		return ""
	}
	return "http://" + ln.Addr().String()
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
	d, err := openServeDir(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	// Name our address in the lock, so `pmkb search` and `pmkb reindex` can
	// reach this server instead of failing on the lock. A read-only server
	// shares its lock with readers, which search the dir themselves.
	if !d.readOnly {
		if err := writeLock(d.lock, ln.Addr().String()); err != nil {
			return err
		}
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := newServiceMetrics(reg, d.ix, d.path)
	if err != nil {
		return err
	}
	adm := newAdmin(e, d, cfg.crawl, cfg.lists, m)
	defer adm.Close() // before d.Close: stop the job, then close the index
	base := baseURLFor(cfg, ln)
	if base == "" {
		e.logger.Warn("no --base-url and a wildcard listen address: feed links are relative", "addr", ln.Addr().String())
	}
	var ready atomic.Bool
	h, err := newRouter(serverOptions{Index: d.ix, Logger: e.logger, Ready: ready.Load, Registry: reg, Metrics: m,
		Budget: cfg.budget, BaseURL: base, Concurrency: cfg.concurrency, Queue: cfg.queue,
		Admin: adm, AdminToken: cfg.adminToken, ReadToken: cfg.readToken, TrustedProxies: cfg.trustedProxies, DataDir: d.path, Ingested: d.seededAt})
	if err != nil {
		return err
	}
	srv := newHTTPServer(e, h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logServing(e, cfg, d.path, ln)

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
	if cfg.recrawl > 0 {
		go adm.recrawlEvery(ctx, cfg.recrawl)
	}

	return serveUntilDone(ctx, e, srv, errc, adm)
}

// newHTTPServer is the server's HTTP settings: time limits on reading a
// request and writing an answer (a request's own budget ends first), the
// header cap, and net/http's complaints logged as warnings.
func newHTTPServer(e env, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadTimeout:       15 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    httpx.ServerMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(e.logger.Handler(), slog.LevelWarn),
	}
}

// logServing is serve's start-up line: where, on which data dir, and
// whether reads are open to anyone.
func logServing(e env, cfg serveConfig, dir string, ln net.Listener) {
	reads := "open to anyone who reaches the address (set PMKB_READ_TOKEN to require a token)"
	if cfg.readToken != "" {
		reads = "need the read token"
	}
	e.logger.Info("serving", "url", "http://"+ln.Addr().String(), "data_dir", dir, "reads", reads,
		"admin_api", cfg.adminToken != "", "recrawl", cfg.recrawl.String())
}

// serveUntilDone waits for the server to fail or ctx to end (then shuts
// it down). SIGHUP (sent by `pmkb reindex`) meanwhile rebuilds the index
// beside the live one and swaps it in, as a job like the admin API's;
// searches keep being answered.
func serveUntilDone(ctx context.Context, e env, srv *http.Server, errc <-chan error, adm *admin) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-hup:
			adm.startLogged(ctx, "reindex (SIGHUP)", adm.Reindex)
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-ctx.Done():
			return shutdown(e, srv)
		}
	}
}

// openServeDir opens the data dir for serve: for writing, or read-only
// with --read-only or when the dir cannot be written (a read-only mount).
func openServeDir(ctx context.Context, e env, cfg serveConfig) (*dataDir, error) {
	if !cfg.readOnly && writable(cfg.dir) {
		return openDataDir(ctx, e, cfg.dir)
	}
	d, err := openReadOnly(ctx, e, cfg.dir)
	if err != nil {
		return nil, err
	}
	if cfg.watch || cfg.recrawl > 0 {
		d.Close()
		return nil, &usageError{msg: "--watch and --recrawl write the data dir: not with a read-only one"}
	}
	e.logger.Info("serving read-only: no catalog seeding, no reindex", "data_dir", cfg.dir)
	return d, nil
}

// shutdown stops accepting requests and waits for those under way; the
// caller's defers then stop the jobs and close the index, in that order.
func shutdown(e env, srv *http.Server) error {
	e.logger.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
