package httpx_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
)

// jsonFail answers errors the way the API does, for the tests.
func jsonFail(c *gin.Context, status int, code, msg string) {
	c.AbortWithStatusJSON(status, gin.H{"error": gin.H{"code": code, "message": msg}})
}

func TestLimiterServesInArrivalOrder(t *testing.T) {
	l := httpx.NewLimiter(httpx.LimiterOptions{Concurrency: 1, Queue: 10})
	ctx := context.Background()
	first, err := l.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const n = 5
	var order []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := l.Acquire(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			release()
		}()
		// Wait until goroutine i queues before starting the next.
		for _, w := l.Load(); w != i+1; _, w = l.Load() {
			time.Sleep(time.Millisecond)
		}
	}
	first()
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("got order %v, want arrival order 0..%d", order, n-1)
		}
	}
	if r, w := l.Load(); r != 0 || w != 0 {
		t.Errorf("after all released: got %d running, %d waiting; want 0, 0", r, w)
	}
}

func TestLimiterQueueFullAndCancel(t *testing.T) {
	l := httpx.NewLimiter(httpx.LimiterOptions{Concurrency: 1, Queue: 1})
	release, err := l.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := l.Acquire(ctx)
		errc <- err
	}()
	for _, w := l.Load(); w != 1; _, w = l.Load() {
		time.Sleep(time.Millisecond)
	}
	if _, err := l.Acquire(context.Background()); !errors.Is(err, httpx.ErrQueueFull) {
		t.Errorf("third request: got %v, want ErrQueueFull", err)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("canceled waiter: got %v, want context.Canceled", err)
	}
	release()
	if r, w := l.Load(); r != 0 || w != 0 {
		t.Errorf("got %d running, %d waiting; want 0, 0 (the canceled waiter must not keep a slot)", r, w)
	}
}

// TestLimiterMiddleware drives a real server: with one slot and one queue
// place held, a third request is answered 503 with Retry-After at once,
// in the JSON shape; a request whose budget runs out in the queue is a 503
// too; skipped routes never wait; every admitted request reports its wait.
func TestLimiterMiddleware(t *testing.T) {
	var shed sync.Map
	var waited atomic.Int64
	l := httpx.NewLimiter(httpx.LimiterOptions{Concurrency: 1, Queue: 1,
		Waited: func(time.Duration) { waited.Add(1) },
		Shed: func(reason string) {
			v, _ := shed.LoadOrStore(reason, new(atomic.Int64))
			v.(*atomic.Int64).Add(1)
		}})
	hold := make(chan struct{})
	entered := make(chan struct{}, 4)
	e := gin.New()
	e.Use(httpx.Budget(300*time.Millisecond), l.Middleware(func(c *gin.Context) bool { return c.FullPath() == "/healthz" }, jsonFail))
	e.GET("/slow", func(c *gin.Context) {
		entered <- struct{}{}
		<-hold
		c.String(http.StatusOK, "done")
	})
	e.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	srv := httptest.NewServer(e)
	defer srv.Close()

	results := make(chan int, 2)
	get := func() {
		resp, err := http.Get(srv.URL + "/slow")
		if err != nil {
			t.Error(err)
			results <- 0
			return
		}
		resp.Body.Close()
		results <- resp.StatusCode
	}
	go get()
	<-entered // the slot is taken
	go get()
	for _, w := l.Load(); w != 1; _, w = l.Load() {
		time.Sleep(time.Millisecond)
	}

	start := time.Now()
	resp, err := http.Get(srv.URL + "/slow")
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Error struct{ Code string } }
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" || body.Error.Code != httpx.CodeOverloaded {
		t.Errorf("queue full: got %d Retry-After %q code %q; want 503, 1, %q",
			resp.StatusCode, resp.Header.Get("Retry-After"), body.Error.Code, httpx.CodeOverloaded)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("queue full: answered after %v; want at once", d)
	}
	if resp, err := http.Get(srv.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("skipped route: got %v %v, want 200 while the slot is busy", resp, err)
	} else {
		resp.Body.Close()
	}
	// The queued request's budget (300ms) runs out while the slot is held.
	if got := <-results; got != http.StatusServiceUnavailable {
		t.Errorf("budget spent in the queue: got %d, want 503", got)
	}
	close(hold)
	if got := <-results; got != http.StatusOK {
		t.Errorf("the running request: got %d, want 200", got)
	}
	for reason, want := range map[string]int64{"queue_full": 1, "timeout": 1} {
		v, _ := shed.Load(reason)
		if v == nil || v.(*atomic.Int64).Load() != want {
			t.Errorf("shed %s: got %v, want %d", reason, v, want)
		}
	}
	if got := waited.Load(); got != 1 {
		t.Errorf("got %d admitted waits reported, want 1", got)
	}
}
