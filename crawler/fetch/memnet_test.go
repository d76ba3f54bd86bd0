package fetch

import (
	"io"
	"net/http"
	"strconv"
	"sync"
)

// memNet is a network in memory: each host name has a handler, called on
// the requesting goroutine's side of a pipe. Inside a synctest bubble its
// handlers' sleeps and the fetcher's waits all run on the bubble's clock.
type memNet struct {
	mu    sync.Mutex
	hosts map[string]http.Handler
}

func newMemNet() *memNet { return &memNet{hosts: map[string]http.Handler{}} }

// handle serves host (as in a URL: name or name:port) with h.
func (n *memNet) handle(host string, h http.Handler) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.hosts[host] = h
}

// RoundTrip runs the host's handler in a goroutine and answers once it has
// written its header; the body streams through a pipe, and the handler's
// request carries the client's context, so timeouts reach it.
func (n *memNet) RoundTrip(req *http.Request) (*http.Response, error) {
	n.mu.Lock()
	h := n.hosts[req.URL.Host]
	n.mu.Unlock()
	if h == nil {
		h = http.NotFoundHandler()
	}
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, pw: pw, ready: make(chan struct{})}
	go func() {
		defer func() {
			w.WriteHeader(http.StatusOK) // when the handler wrote nothing
			// A cancelled request breaks the body off, as a dropped
			// connection would.
			pw.CloseWithError(req.Context().Err())
		}()
		h.ServeHTTP(w, req)
	}()
	select {
	case <-w.ready:
	case <-req.Context().Done():
		pr.CloseWithError(req.Context().Err())
		return nil, req.Context().Err()
	}
	resp := &http.Response{StatusCode: w.status, Status: strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: w.header.Clone(), Body: pr, ContentLength: -1, Request: req}
	if n, err := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = n
	}
	return resp, nil
}

// pipeWriter is the handler's side of a memNet exchange.
type pipeWriter struct {
	header http.Header
	pw     *io.PipeWriter
	once   sync.Once
	status int
	ready  chan struct{} // closed once the header is written
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(status int) {
	w.once.Do(func() {
		w.status = status
		close(w.ready)
	})
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

func (w *pipeWriter) Flush() {}
