package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealthcheck asks a running server whether it is ready (GET /readyz)
// and exits 0 when it is: the container image's HEALTHCHECK, since a
// distroless image has no curl.
func runHealthcheck(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("pmkb healthcheck", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address of the server to check")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("--addr must be HOST:PORT, got %q", *addr)}
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1" // a server listening on every address answers on loopback
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	u := "http://" + net.JoinHostPort(host, port) + "/readyz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", u, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: not ready (%s)", u, resp.Status)
	}
	return nil
}
