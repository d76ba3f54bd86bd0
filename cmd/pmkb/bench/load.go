package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// target is what one load run sends: GETs cycling through paths, or POSTs
// of bodies cycling to one path.
type target struct {
	name   string
	method string
	paths  []string // GET: one path a request, in turn
	path   string   // POST: the one path
	bodies [][]byte // POST: one body a request, in turn
}

// request returns the i-th request of the target.
func (t target) request(ctx context.Context, base string, i uint64) (*http.Request, error) {
	if t.method == http.MethodPost {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+t.path, bytes.NewReader(t.bodies[i%uint64(len(t.bodies))]))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		return req, nil
	}
	return http.NewRequestWithContext(ctx, http.MethodGet, base+t.paths[i%uint64(len(t.paths))], nil)
}

// result is what one load run measured.
type result struct {
	Endpoint string        `json:"endpoint"`
	Conns    int           `json:"conns"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	Requests int           `json:"requests"`
	OK       int           `json:"ok"`        // 2xx and 304
	Shed     int           `json:"shed_503"`  // 503: shed or over budget
	Other5xx int           `json:"other_5xx"` // 5xx but 503
	Status4x int           `json:"status_4xx"`
	Errors   int           `json:"errors"` // no answer at all
	RPS      float64       `json:"rps"`    // all answers per second
	OKRPS    float64       `json:"ok_rps"` // good answers per second
	P50      time.Duration `json:"p50_ns"` // of good answers
	P90      time.Duration `json:"p90_ns"`
	P99      time.Duration `json:"p99_ns"`
	Max      time.Duration `json:"max_ns"`
}

// sample is one request's outcome.
type sample struct {
	status int // 0: no answer
	took   time.Duration
}

// runLoad keeps conns requests in flight for d (each connection sends its
// next request as soon as the last is answered, whatever the answer: a
// closed loop that ignores Retry-After, the harshest client) and measures.
func runLoad(ctx context.Context, c *http.Client, base string, t target, conns int, d time.Duration) result {
	var next atomic.Uint64
	per := make([][]sample, conns)
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			out := make([]sample, 0, 4096)
			for time.Now().Before(stop) && ctx.Err() == nil {
				out = append(out, once(ctx, c, base, t, next.Add(1)-1))
			}
			per[w] = out
		})
	}
	wg.Wait()
	return summarize(t.name, conns, time.Since(start), slices.Concat(per...))
}

// once sends one request and reads its answer whole.
func once(ctx context.Context, c *http.Client, base string, t target, i uint64) sample {
	req, err := t.request(ctx, base, i)
	if err != nil {
		return sample{}
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return sample{took: time.Since(start)}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return sample{took: time.Since(start)}
	}
	return sample{status: resp.StatusCode, took: time.Since(start)}
}

func summarize(name string, conns int, elapsed time.Duration, ss []sample) result {
	r := result{Endpoint: name, Conns: conns, Elapsed: elapsed, Requests: len(ss)}
	var good []time.Duration
	for _, s := range ss {
		switch {
		case s.status == 0:
			r.Errors++
		case s.status < 400:
			r.OK++
			good = append(good, s.took)
		case s.status == http.StatusServiceUnavailable:
			r.Shed++
		case s.status >= 500:
			r.Other5xx++
		default:
			r.Status4x++
		}
	}
	secs := elapsed.Seconds()
	r.RPS, r.OKRPS = float64(r.Requests-r.Errors)/secs, float64(r.OK)/secs
	slices.Sort(good)
	r.P50, r.P90, r.P99 = percentile(good, 50), percentile(good, 90), percentile(good, 99)
	if len(good) > 0 {
		r.Max = good[len(good)-1]
	}
	return r
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(i, len(sorted))-1)]
}

// newClient is an HTTP client with up to conns connections to one host,
// kept alive between requests. gzip is asked for only when told: on one
// machine, decompressing costs the server's cores.
func newClient(conns int, gzip bool) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxConnsPerHost:     conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  !gzip,
		},
	}
}
