package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/pmkb/pmkb/crawler/archive"
)

// ErrTooLarge is returned for a body over Options.MaxBody, as received or
// once decoded.
var ErrTooLarge = errors.New("fetch: body too large")

// newClient builds the one HTTP client the crawler uses. It never follows
// redirects itself (fetch does, hop by hop, so each hop is polite, archived
// and checked against robots.txt) and never decodes bodies itself (so the
// WARC files keep the bytes as they came and decoding is capped).
func newClient(o Options) *http.Client {
	guard := dialGuard{allowPrivate: o.AllowPrivate, allow: o.allowDial}
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second, Control: guard.control}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us and bypass the guard
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		DisableCompression:    true,
		ForceAttemptHTTP2:     true,
	}
	var rt http.RoundTripper = tr
	if o.transport != nil {
		rt = o.transport
	}
	return &http.Client{
		Transport: rt,
		Timeout:   o.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// exchange is one request and its response, body read in full (raw, as it
// came off the wire, transfer coding removed).
type exchange struct {
	URL     *url.URL
	Status  int
	Header  http.Header
	Raw     []byte
	Ref     archive.Ref // where the response record was archived
	Elapsed time.Duration
}

// do sends one GET to u politely: it waits for the host's turn (one request
// in flight per host, Delay between starts) and for a global slot, reads the
// body under the size cap and archives request and response in the WARC
// files. header adds request headers (conditional ones).
func (f *Fetcher) do(ctx context.Context, u *url.URL, header http.Header) (*exchange, error) {
	h := f.hosts.get(u)
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		h.release()
		return nil, ctx.Err()
	}
	// The host and the global slot are held for the request alone, not
	// while the response is archived.
	release := sync.OnceFunc(func() { <-f.sem; h.release() })
	defer release()

	h.sent()
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := f.newRequest(ctx, u, header)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch: get %s: %w", u, err)
	}
	defer resp.Body.Close()
	ex := &exchange{URL: u, Status: resp.StatusCode, Header: resp.Header}
	if resp.ContentLength > f.opts.MaxBody {
		resp.Body.Close()
		release()
		ex.Ref, _ = f.archive.Write(req, resp, nil, true, start) // headers only, marked truncated
		return ex, fmt.Errorf("fetch: get %s: %w: content-length %d over the %d-byte cap",
			u, ErrTooLarge, resp.ContentLength, f.opts.MaxBody)
	}
	raw, err := readBody(resp, f.opts.MaxBody+1)
	if err != nil {
		return ex, fmt.Errorf("fetch: read %s: %w", u, err)
	}
	ex.Elapsed = time.Since(start)
	truncated := int64(len(raw)) > f.opts.MaxBody
	if truncated {
		raw = raw[:f.opts.MaxBody]
	}
	ex.Raw = raw
	resp.Body.Close()
	release()
	ref, werr := f.archive.Write(req, resp, raw, truncated, start)
	if werr != nil {
		f.log.Error("warc write failed", "url", u.String(), "err", werr)
	}
	ex.Ref = ref
	if truncated {
		return ex, fmt.Errorf("fetch: get %s: %w: over the %d-byte cap", u, ErrTooLarge, f.opts.MaxBody)
	}
	return ex, nil
}

// readBody reads at most limit bytes of the body, in one allocation when
// the server stated the length.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	r := io.LimitReader(resp.Body, limit)
	if n := resp.ContentLength; n >= 0 && n < limit {
		buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead)) // ReadFrom wants MinRead free to see EOF
		_, err := buf.ReadFrom(r)
		return buf.Bytes(), err
	}
	return io.ReadAll(r)
}

// newRequest builds a GET with pmkb's User-Agent, the types it reads and
// the content codings it decodes itself, plus extra headers.
func (f *Fetcher) newRequest(ctx context.Context, u *url.URL, extra http.Header) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: request %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,application/pdf;q=0.7,*/*;q=0.5")
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	for k, vs := range extra {
		req.Header[k] = vs
	}
	return req, nil
}

// retryAfter parses a Retry-After header (seconds or an HTTP date); ok is
// false when there is none or it cannot be read.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
