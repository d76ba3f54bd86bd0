package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// imported is what the import before the load took.
type imported struct {
	Took    time.Duration `json:"took_ns"`
	PeakRSS int64         `json:"peak_rss_bytes"`
}

// importOnce imports cfg.records into cfg.data when the data dir has no
// index yet, so that runs after the first reuse it.
func importOnce(ctx context.Context, cfg config, log *slog.Logger) (*imported, error) {
	if _, err := os.Stat(filepath.Join(cfg.data, "index")); err == nil {
		log.Info("the data dir has an index; no import", "data", cfg.data)
		return nil, nil
	}
	if cfg.records == "" {
		return nil, fmt.Errorf("%s has no index: give --records FILE.jsonl to import", cfg.data)
	}
	log.Info("importing", "records", cfg.records, "data", cfg.data)
	cmd := exec.CommandContext(ctx, cfg.pmkb, "import", "--data", cfg.data, cfg.records)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pmkb import: %w", err)
	}
	imp := &imported{Took: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		imp.PeakRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	return imp, nil
}

// server is a `pmkb serve` the bench started.
type server struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

// startServer starts pmkb serve on a free loopback port and waits until
// /readyz answers 200 (a data dir written by an older pmkb is reindexed
// first, which takes minutes at 100k records). Its log goes to a file
// beside the data dir.
func startServer(ctx context.Context, cfg config, log *slog.Logger) (*server, error) {
	addr, err := freeLoopback()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Clean(cfg.data) + ".serve.log"
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "--data", cfg.data, "--addr", addr}, cfg.serveArgs...)
	cmd := exec.Command(cfg.pmkb, args...)
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, fmt.Errorf("pmkb serve: %w", err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); lf.Close() }()
	log.Info("serving", "url", s.base, "pid", cmd.Process.Pid, "log", logPath, "args", args)
	deadline := time.Now().Add(cfg.readyTimeout)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("pmkb serve exited before it was ready (%v); see %s", err, logPath)
		case <-ctx.Done():
			s.stop(log)
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop(log)
			return nil, fmt.Errorf("pmkb serve not ready after %v (--ready-timeout); see %s", cfg.readyTimeout, logPath)
		}
	}
}

// stop asks the server to shut down (SIGTERM) and kills it if it has not
// within 20 s.
func (s *server) stop(log *slog.Logger) {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			log.Warn("pmkb serve exited", "err", err)
		}
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		log.Warn("pmkb serve killed: no clean exit within 20s of SIGTERM")
	}
}

func freeLoopback() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
