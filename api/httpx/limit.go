package httpx

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// DefaultQueue is how many requests wait for a turn by default. At a few
// milliseconds a search, 64 waiting requests on two cores are a fraction
// of a second of waiting; a request that finds the queue full is answered
// 503 at once instead of late.
const DefaultQueue = 64

// ErrQueueFull is what Limiter.Acquire returns when every slot is busy and
// the queue holds as many requests as it may.
var ErrQueueFull = errors.New("httpx: the queue is full")

// LimiterOptions configures a Limiter. Every field has a default.
type LimiterOptions struct {
	// Concurrency is how many requests run at once: about the number of
	// cores, as searches are CPU-bound. <= 0 means runtime.GOMAXPROCS.
	Concurrency int
	// Queue is how many requests may wait for a turn; 0 means
	// DefaultQueue, below 0 means none (a request finding every slot busy
	// is shed at once).
	Queue int
	// RetryAfter is what a shed request is told to wait before trying
	// again; <= 0 means one second.
	RetryAfter time.Duration
	// Waited, when set, is told how long each admitted request waited.
	Waited func(time.Duration)
	// Shed, when set, is told of each request turned away and why:
	// "queue_full", or "timeout" when its budget ran out in the queue.
	Shed func(reason string)
}

// Limiter runs at most Concurrency requests at once and queues a bounded
// number of others in arrival order: a freed slot goes to the request that
// has waited longest, never to a newcomer.
type Limiter struct {
	opts    LimiterOptions
	mu      sync.Mutex
	running int
	waiting list.List // of *waiter, oldest first
}

type waiter struct {
	ready chan struct{} // closed when the slot is handed over
}

// NewLimiter returns a Limiter with opts' defaults filled in.
func NewLimiter(opts LimiterOptions) *Limiter {
	if opts.Concurrency <= 0 {
		opts.Concurrency = runtime.GOMAXPROCS(0)
	}
	switch {
	case opts.Queue == 0:
		opts.Queue = DefaultQueue
	case opts.Queue < 0:
		opts.Queue = 0
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	return &Limiter{opts: opts}
}

// Acquire waits for a slot, in arrival order, and returns the function
// that gives it back. It fails at once with ErrQueueFull when the queue is
// full, and with ctx's error when ctx ends first.
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	l.mu.Lock()
	if l.running < l.opts.Concurrency && l.waiting.Len() == 0 {
		l.running++
		l.mu.Unlock()
		return l.release, nil
	}
	if l.waiting.Len() >= l.opts.Queue {
		l.mu.Unlock()
		return nil, ErrQueueFull
	}
	w := &waiter{ready: make(chan struct{})}
	el := l.waiting.PushBack(w)
	l.mu.Unlock()

	select {
	case <-w.ready:
		return l.release, nil
	case <-ctx.Done():
		l.mu.Lock()
		select {
		case <-w.ready:
			// The slot came as ctx ended: pass it on.
			l.mu.Unlock()
			l.release()
		default:
			l.waiting.Remove(el)
			l.mu.Unlock()
		}
		return nil, ctx.Err()
	}
}

// release hands the slot to the oldest waiter, or frees it.
func (l *Limiter) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if front := l.waiting.Front(); front != nil {
		l.waiting.Remove(front)
		close(front.Value.(*waiter).ready) // the slot changes hands; running stays
		return
	}
	l.running--
}

// Load returns how many requests are running and how many wait.
func (l *Limiter) Load() (running, waiting int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.running, l.waiting.Len()
}

// Middleware makes the requests it sees take a turn with l, except those
// skip lets through (health probes, static files). A request shed for a
// full queue, or whose time budget (Budget, mounted before) runs out
// while it waits, is answered 503 through fail with a Retry-After header.
// A client that hangs up while waiting gets StatusClientClosed.
func (l *Limiter) Middleware(skip func(*gin.Context) bool, fail ErrorFunc) gin.HandlerFunc {
	retry := strconv.Itoa(int(max(1, (l.opts.RetryAfter+time.Second-1)/time.Second)))
	return func(c *gin.Context) {
		if skip != nil && skip(c) {
			c.Next()
			return
		}
		start := time.Now()
		release, err := l.Acquire(c.Request.Context())
		if err != nil {
			l.refuse(c, err, retry, fail)
			return
		}
		defer release()
		if l.opts.Waited != nil {
			l.opts.Waited(time.Since(start))
		}
		c.Next()
	}
}

func (l *Limiter) refuse(c *gin.Context, err error, retry string, fail ErrorFunc) {
	if ClientGone(c, err) {
		c.AbortWithStatus(StatusClientClosed)
		return
	}
	reason := "timeout"
	if errors.Is(err, ErrQueueFull) {
		reason = "queue_full"
	}
	if l.opts.Shed != nil {
		l.opts.Shed(reason)
	}
	c.Header("Retry-After", retry)
	c.Header("Cache-Control", "no-store")
	fail(c, http.StatusServiceUnavailable, CodeOverloaded,
		fmt.Sprintf("the server is busy; try again in %s s", retry))
	c.Abort()
}
