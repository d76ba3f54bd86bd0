// Command pmkb-bench runs pmkb's load test end to end and reports it.
//
// It imports a JSONL file of records into a data dir (once), starts
// `pmkb serve` on a loopback port, warms it up, then keeps N connections
// busy for a while on each endpoint: /healthz (the ceiling of the HTTP
// stack on this machine), faceted searches (1,000 distinct ones by
// default) and POST /api/v1/similar with pasted alerts. It reports
// throughput, latency percentiles, 503s and other 5xx, the server's RSS
// after warm-up and at the end, its CPU time and the machine's load, and
// each throughput as a ratio to 2 connections and to /healthz.
//
//	PMKB_SYNTH_OUT=/tmp/synth100k.jsonl PMKB_SYNTH_N=100000 go test ./index/evaluate -run TestWriteSynthCorpus
//	go build -o pmkb ./cmd/pmkb && go build -o pmkb-bench ./cmd/pmkb/bench
//	./pmkb-bench --pmkb ./pmkb --records /tmp/synth100k.jsonl --data /tmp/bench100k --conns 64,2 --duration 60s
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is the command line.
type config struct {
	pmkb, records, data, url string
	pid                      int
	conns                    []int
	endpoints                []string
	duration, warmup         time.Duration
	readyTimeout             time.Duration
	queries, alerts          int
	seed                     uint64
	gzip                     bool
	jsonOut                  string
	serveArgs                []string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "pmkb-bench: %v\n", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(ctx, cfg, os.Stdout, log); err != nil {
		fmt.Fprintf(os.Stderr, "pmkb-bench: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("pmkb-bench", flag.ContinueOnError)
	fs.StringVar(&cfg.pmkb, "pmkb", "./pmkb", "the pmkb binary to import with and serve")
	fs.StringVar(&cfg.records, "records", "", "a JSONL file to import when the data dir has no index yet")
	fs.StringVar(&cfg.data, "data", "", "the data dir to serve (imported into first when it has no index)")
	fs.StringVar(&cfg.url, "url", "", "load a server already running at this URL instead (no import, no serve)")
	fs.IntVar(&cfg.pid, "pid", 0, "with --url: the server's pid, for its RSS and CPU time")
	conns := fs.String("conns", "64,2", "connection counts, each run in turn")
	endpoints := fs.String("endpoints", "healthz,search,similar", "what to load, in this order")
	fs.DurationVar(&cfg.duration, "duration", 60*time.Second, "length of each run")
	fs.DurationVar(&cfg.warmup, "warmup", 15*time.Second, "load before measuring, at the largest connection count")
	fs.DurationVar(&cfg.readyTimeout, "ready-timeout", 30*time.Minute, "how long pmkb serve may take to be ready")
	fs.IntVar(&cfg.queries, "queries", 1000, "distinct faceted searches")
	fs.IntVar(&cfg.alerts, "alerts", 1000, "distinct pasted alerts")
	seed := fs.Uint64("seed", 1, "seed of the workload")
	fs.BoolVar(&cfg.gzip, "gzip", false, "ask for gzip (costs CPU on both ends of one machine)")
	fs.StringVar(&cfg.jsonOut, "json", "", "also write the report as JSON to this file")
	serveArgs := fs.String("serve-args", "", "extra flags for pmkb serve, space-separated")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.seed = *seed
	for s := range strings.SplitSeq(*conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 4096 {
			return cfg, fmt.Errorf("--conns: %q is not a count between 1 and 4096", s)
		}
		cfg.conns = append(cfg.conns, n)
	}
	for e := range strings.SplitSeq(*endpoints, ",") {
		switch e = strings.TrimSpace(e); e {
		case "healthz", "search", "similar":
			cfg.endpoints = append(cfg.endpoints, e)
		default:
			return cfg, fmt.Errorf("--endpoints: %q is not healthz, search or similar", e)
		}
	}
	cfg.serveArgs = strings.Fields(*serveArgs)
	switch {
	case cfg.url == "" && cfg.data == "":
		return cfg, errors.New("--data DIR (or --url URL) is required")
	case cfg.duration <= 0 || cfg.queries < 1 || cfg.alerts < 1:
		return cfg, errors.New("--duration, --queries and --alerts must be positive")
	}
	return cfg, nil
}

// report is everything one bench run measured.
type report struct {
	Started    time.Time  `json:"started"`
	Import     *imported  `json:"import,omitempty"`
	Records    int        `json:"records"`
	RSSWarm    int64      `json:"rss_after_warmup_bytes"`
	RSSEnd     int64      `json:"rss_at_end_bytes"`
	Runs       []measured `json:"runs"`
	GzipAsked  bool       `json:"gzip"`
	Queries    int        `json:"distinct_queries"`
	AlertTexts int        `json:"distinct_alerts"`
}

// measured is one load run with the machine's state around it.
type measured struct {
	result
	ServerCPU time.Duration `json:"server_cpu_ns"`
	LoadStart float64       `json:"loadavg_start"`
	LoadEnd   float64       `json:"loadavg_end"`
}

func run(ctx context.Context, cfg config, out io.Writer, log *slog.Logger) error {
	rep := report{Started: time.Now().UTC(), GzipAsked: cfg.gzip, Queries: cfg.queries, AlertTexts: cfg.alerts}
	base, pid := cfg.url, cfg.pid
	if base == "" {
		imp, err := importOnce(ctx, cfg, log)
		if err != nil {
			return err
		}
		rep.Import = imp
		srv, err := startServer(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer srv.stop(log)
		base, pid = srv.base, srv.cmd.Process.Pid
	}
	maxConns := 0
	for _, n := range cfg.conns {
		maxConns = max(maxConns, n)
	}
	client := newClient(maxConns, cfg.gzip)
	f, err := fetchFacets(ctx, client, base)
	if err != nil {
		return err
	}
	rep.Records = countRecords(ctx, client, base)
	targets := buildTargets(f, cfg)
	log.Info("workload ready", "records", rep.Records, "queries", cfg.queries, "alerts", cfg.alerts)
	if cfg.warmup > 0 {
		for _, name := range cfg.endpoints {
			if name != "healthz" {
				log.Info("warming up", "endpoint", name, "conns", maxConns, "for", cfg.warmup/2)
				runLoad(ctx, client, base, targets[name], maxConns, cfg.warmup/2)
			}
		}
	}
	rep.RSSWarm = rss(pid)
	for _, name := range cfg.endpoints {
		for _, n := range cfg.conns {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			cpu0, load0 := cpu(pid), loadAvg()
			log.Info("load", "endpoint", name, "conns", n, "for", cfg.duration, "loadavg", load0)
			r := measured{result: runLoad(ctx, newClient(n, cfg.gzip), base, targets[name], n, cfg.duration), LoadStart: load0}
			r.ServerCPU, r.LoadEnd = cpu(pid)-cpu0, loadAvg()
			rep.Runs = append(rep.Runs, r)
		}
	}
	rep.RSSEnd = rss(pid)
	printReport(out, rep, cfg.conns)
	if cfg.jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.jsonOut, b, 0o644); err != nil {
			return fmt.Errorf("--json: %w", err)
		}
	}
	return nil
}

// buildTargets makes the workload of each endpoint.
func buildTargets(f facets, cfg config) map[string]target {
	alerts := alertTexts(f, cfg.alerts, cfg.seed)
	bodies := make([][]byte, len(alerts))
	for i, a := range alerts {
		bodies[i], _ = json.Marshal(map[string]any{"text": a, "size": 10})
	}
	return map[string]target{
		"healthz": {name: "healthz", method: http.MethodGet, paths: []string{"/healthz"}},
		"search":  {name: "search", method: http.MethodGet, paths: searchQueries(f, cfg.queries, cfg.seed)},
		"similar": {name: "similar", method: http.MethodPost, path: "/api/v1/similar", bodies: bodies},
	}
}

// countRecords asks the server how many records it searches, or -1.
func countRecords(ctx context.Context, c *http.Client, base string) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/stats", nil)
	if err != nil {
		return -1
	}
	resp, err := c.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var st struct{ Records int }
	if json.NewDecoder(resp.Body).Decode(&st) != nil {
		return -1
	}
	return st.Records
}

func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	n, _ := rssBytes(pid)
	return n
}

func cpu(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	d, _ := cpuTime(pid)
	return d
}
