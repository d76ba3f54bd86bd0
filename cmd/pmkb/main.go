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
)

const usage = `pmkb: a post-mortem knowledge base and search server

Usage:
  pmkb serve     [--data DIR] [--addr HOST:PORT] [--request-timeout DURATION] [--watch] [--read-token-file FILE]
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

--data defaults to $PMKB_DATA, else ./pmkb-data. Run "pmkb COMMAND -h" for a command's flags.
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
		"serve":     runServe,
		"crawl":     runCrawl,
		"add":       runAdd,
		"sync":      runSync,
		"reextract": runReextract,
		"reindex":   runReindex,
		"search":    runSearch,
		"export":    runExport,
		"import":    runImport,
		"eval":      runEval,
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
	level, err := logLevel(os.Getenv("PMKB_LOG"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "pmkb: %v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
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
// the --data flag every command shares.
func newFlags(e env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("pmkb "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := e.getenv("PMKB_DATA")
	if def == "" {
		def = "pmkb-data"
	}
	dir := fs.String("data", def, "data directory (index, crawl state, WARC archive)")
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
