package main

import (
	"context"
	"errors"
	"fmt"
	"syscall"
)

// runEval dispatches the quality harnesses: eval extract and eval search.
func runEval(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "eval needs a harness: extract --labels FILE | search --judgments FILE"}
	}
	switch args[0] {
	case "extract":
		return runEvalExtract(ctx, e, args[1:])
	case "search":
		return runEvalSearch(ctx, e, args[1:])
	}
	return &usageError{msg: fmt.Sprintf("unknown harness %q: want extract or search", args[0])}
}

func runReindex(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "reindex")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	limitBulkMemory(e)
	d, err := openDataDir(ctx, e, *dir)
	var le *lockedError
	if errors.As(err, &le) && le.holder.addr != "" && le.holder.pid > 0 {
		// A server holds the data dir: it reindexes without downtime on SIGHUP.
		if err := syscall.Kill(le.holder.pid, syscall.SIGHUP); err != nil {
			return fmt.Errorf("ask %s to reindex: %w", le.holder, err)
		}
		fmt.Fprintf(e.stderr, "asked %s to rebuild its index; it keeps answering meanwhile (see its log)\n", le.holder)
		return nil
	}
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.ix.Reindex(ctx); err != nil {
		return err
	}
	n, err := d.ix.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "reindexed %d records\n", n)
	return nil
}
