package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// served is a `pmkb serve` started by a test on a loopback port.
type served struct {
	base string
	logs *syncBuffer
}

// startServe runs serve with args and the given environment until the
// test ends, logging JSON at debug level into logs, and waits until it is
// ready.
func startServe(t *testing.T, envVars map[string]string, args ...string) *served {
	t.Helper()
	addr := freeAddr(t)
	logs := &syncBuffer{}
	logger, err := newLogger(logs, "debug", "json")
	if err != nil {
		t.Fatal(err)
	}
	e := env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), logger: logger,
		getenv: func(k string) string { return envVars[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	dir := t.TempDir() // before the stop below, so that it is removed after the server stopped
	// A generous request budget: these tests check what a server does, not
	// how fast a loaded CI machine under the race detector searches (a
	// search right after a crawl once took over the default 2 s there). A
	// test of the budget passes its own --request-timeout, which wins.
	base := []string{"--data", dir, "--addr", addr, "--request-timeout", "20s"}
	go func() { done <- runServe(ctx, e, append(base, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after cancel: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20s of cancel")
		}
	})
	s := &served{base: "http://" + addr, logs: logs}
	waitReady(t, s.base, done, start)
	return s
}

// do sends one request with the given headers (and JSON body, when not
// empty) and returns the answer with its body read. The transport asks
// for no compression unless the headers do, and never undoes it.
func (s *served) do(t *testing.T, method, path string, header map[string]string, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return resp, string(b)
}

// errorCode is the code of a JSON error answer, or "" when the body is no
// JSON error.
func errorCode(body string) string {
	var e struct{ Error struct{ Code string } }
	if json.Unmarshal([]byte(body), &e) != nil {
		return ""
	}
	return e.Error.Code
}

// rawRequest sends text as one request over a new connection and returns
// the answer's status and Content-Type.
func rawRequest(t *testing.T, base, text string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, text)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Content-Type")
}

// jobSite serves the test post-mortems, one of them (/posts/slow) held
// until release is closed, and a list of them at /list.txt.
type jobSite struct {
	*httptest.Server
	slowHit atomic.Bool
	release chan struct{}
}

func newJobSite(t *testing.T) *jobSite {
	t.Helper()
	s := &jobSite{release: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	page := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "site", name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, name := range []string{"db-outage", "dns-outage", "cert-expiry"} {
		b := page(name)
		mux.HandleFunc("/posts/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b)
		})
	}
	slow := page("cert-expiry")
	mux.HandleFunc("/posts/slow", func(w http.ResponseWriter, r *http.Request) {
		s.slowHit.Store(true)
		select {
		case <-s.release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(slow)
	})
	mux.HandleFunc("/list.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "http://%[1]s/posts/db-outage\nhttp://%[1]s/posts/slow\n", r.Host)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.Release()
		s.Close()
	})
	return s
}

// Release lets /posts/slow answer; it may be called more than once.
func (s *jobSite) Release() {
	select {
	case <-s.release:
	default:
		close(s.release)
	}
}

// waitJob polls a job until it leaves "running" and returns its last
// status, for at most 30 s.
func (s *served) waitJob(t *testing.T, token, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, body := s.do(t, "GET", "/api/v1/admin/jobs/"+id, map[string]string{"Authorization": "Bearer " + token}, "")
		var st map[string]any
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &st) != nil {
			t.Fatalf("job %s: got %d %s", id, resp.StatusCode, body)
		}
		if st["state"] != "running" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still running after 30s: %s", id, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
