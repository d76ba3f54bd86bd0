// Command pmkb crawls, indexes and serves public incident post-mortems.
//
// Usage: pmkb COMMAND [flags]; run "pmkb help" for the list of commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/pmkb/pmkb/api/httpx"
)

const usage = `pmkb: a post-mortem knowledge base and search server

Usage:
  pmkb serve     [--data DIR] [--addr HOST:PORT] [--request-timeout DURATION] [--base-url URL]
                 [--max-concurrent N] [--max-queue N] [--recrawl DURATION] [--list URL]...
                 [--watch] [--read-token-file FILE] [--trusted-proxy ADDR|CIDR]...
                 (and crawl's fetch flags, for its admin and scheduled crawls)
  pmkb crawl     [--data DIR] [--list FILE|URL]... [--no-fetch] [--concurrency N] [--delay DURATION]
                 [--allow-private] [--wayback-url URL] [--no-wayback] [--max-age DURATION]
                 [--statuspage URL]... [--feed URL]... [--collection NAME]
  pmkb add       [--data DIR] [--collection NAME] [--link-base URL] [--include GLOB]... [--exclude GLOB]...
                 [--all] [--company NAME] PATH|URL...
  pmkb sync      [--data DIR] [--collection NAME]...
  pmkb reextract [--data DIR]
  pmkb reindex   [--data DIR]
  pmkb search    [--data DIR] [--json] [--category SLUG]... [--company NAME] [--year YYYY] QUERY
  pmkb export    [--data DIR] [--format jsonl|csv|md] [--q QUERY] [--category SLUG]...
  pmkb import    [--data DIR] FILE.jsonl
  pmkb eval      extract --labels FILE | search --judgments FILE
  pmkb healthcheck [--addr HOST:PORT]      (exit 0 when the server at HOST:PORT is ready)

--data defaults to $PMKB_DATA, else ./pmkb-data. Every flag has an environment variable:
PMKB_ and its name in capitals (--base-url is PMKB_BASE_URL); --log-format text|json on
every command. Run "pmkb COMMAND -h" for a command's flags.
`

// usageError is a mistake in the command line: exit status 2 and the usage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// env is what every command gets from main: streams, logger and environment.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	logger         *slog.Logger
	getenv         func(string) string
}

type command func(ctx context.Context, e env, args []string) error

func commands() map[string]command {
	return map[string]command{
		"serve":       runServe,
		"crawl":       runCrawl,
		"add":         runAdd,
		"sync":        runSync,
		"reextract":   runReextract,
		"reindex":     runReindex,
		"search":      runSearch,
		"export":      runExport,
		"import":      runImport,
		"eval":        runEval,
		"healthcheck": runHealthcheck,
	}
}

// gcPercent is the garbage collector's setting unless GOGC is set:
// indexing allocates much short-lived memory, and a collector running less
// often than Go's default (100) indexes faster. Higher is not better: a
// fresh process pays for every page its heap grows into, and at 400 a
// 10k-record import faulted in twice the memory of 200 and ran slower
// (BenchmarkIndexBulk, which uses the same setting and returns memory to
// the OS before each run, as a new process starts without it).
const gcPercent = 200

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal starts a clean shutdown, a second one kills.
	go func() { <-ctx.Done(); stop() }()
	logger, err := newLogger(os.Stderr, os.Getenv("PMKB_LOG"), logFormatArg(os.Args[1:], os.Getenv("PMKB_LOG_FORMAT")))
	if err != nil {
		fmt.Fprintf(os.Stderr, "pmkb: %v\n", err)
		os.Exit(2)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	e := env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, logger: logger, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run executes one command line and returns the process exit status.
func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "pmkb: unknown command %q (run \"pmkb help\")\n", args[0])
		return 2
	}
	err := cmd(ctx, e, args[1:])
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "pmkb %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "pmkb %s: %v\n", args[0], err)
		return 1
	}
}

// newLogger builds the process's logger: level from $PMKB_LOG, format
// text or json. Records logged with a request's context carry its
// request_id (httpx.NewLogHandler).
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	l, err := logLevel(level)
	if err != nil {
		return nil, err
	}
	h, err := logHandler(w, l, format)
	if err != nil {
		return nil, err
	}
	return slog.New(httpx.NewLogHandler(h)), nil
}

// logHandler returns the handler of a --log-format: text (also "") or json.
func logHandler(w io.Writer, level slog.Level, format string) (slog.Handler, error) {
	o := &slog.HandlerOptions{Level: level}
	switch format {
	case "", "text":
		return slog.NewTextHandler(w, o), nil
	case "json":
		return slog.NewJSONHandler(w, o), nil
	}
	return nil, fmt.Errorf("--log-format (or PMKB_LOG_FORMAT) must be text or json, got %q", format)
}

// logFormatArg finds --log-format in a command line before the command
// parses it, as the logger exists before any command runs; def (from
// $PMKB_LOG_FORMAT) when absent. The command's own parse checks it again.
func logFormatArg(args []string, def string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, hasValue := flagName(a)
		if name != "log-format" {
			continue
		}
		if hasValue {
			_, v, _ := strings.Cut(a, "=")
			return v
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return def
}

// logLevel reads $PMKB_LOG: debug, info (the default), warn or error.
func logLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("PMKB_LOG must be debug, info, warn or error, got %q", s)
	}
	return l, nil
}

// newFlags returns a flag set that reports errors instead of exiting, with
// the flags every command shares: --data, and --log-format, which main
// reads before any command runs (logFormatArg) and is declared here so
// that every command accepts it and lists it. Parse it with
// e.parseFlags, which reads each flag's environment variable too.
func newFlags(e env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("pmkb "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("data", "pmkb-data", "data directory (index, crawl state, WARC archive)")
	fs.Func("log-format", "log lines as text or json (logfmt-style text by default)", func(s string) error {
		_, err := logHandler(io.Discard, slog.LevelInfo, s)
		return err
	})
	return fs, dir
}

// parseFlags parses args, turning a flag mistake into a one-line
// usageError; -h prints the command's flags. Flags may follow positional
// arguments ("pmkb search dns --json"), and once the positional text has
// begun, a dash word that is no flag of the command belongs to the text, so
// that "pmkb search dns -bgp" and "pmkb search rm -rf" mean what they say.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	flagArgs, pos := splitArgs(fs, args)
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package would print the whole usage on every mistake
	defer fs.SetOutput(out)
	if err := fs.Parse(flagArgs); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(out)
			fmt.Fprintf(out, "Usage of %s:\n", fs.Name())
			fs.PrintDefaults()
			return nil, err
		}
		return nil, &usageError{msg: err.Error() + " (see -h)"}
	}
	return append(pos, fs.Args()...), nil
}

// splitArgs separates flags (with their values) from positional words.
func splitArgs(fs *flag.FlagSet, args []string) (flagArgs, pos []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flagArgs, append(pos, args[i+1:]...)
		}
		name, hasValue := flagName(a)
		if name == "" {
			pos = append(pos, a)
			continue
		}
		f := fs.Lookup(name)
		if f == nil && name != "h" && name != "help" && len(pos) > 0 {
			pos = append(pos, a)
			continue
		}
		flagArgs = append(flagArgs, a)
		if f != nil && !hasValue && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flagArgs = append(flagArgs, args[i])
		}
	}
	return flagArgs, pos
}

// flagName returns the name of a "-name", "--name" or "-name=value" word,
// or "" when the word is not shaped like a flag.
func flagName(a string) (name string, hasValue bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", false
	}
	name = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	if name == "" || name[0] == '-' || name[0] == '=' {
		return "", false
	}
	if i := strings.IndexByte(name, '='); i >= 0 {
		return name[:i], true
	}
	return name, false
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return fmt.Sprint([]string(*s)) }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }
