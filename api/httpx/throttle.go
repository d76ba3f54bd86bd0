package httpx

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of the guessing limit on the read token.
const (
	// DefaultLoginAttempts is how many wrong tokens one client address
	// may send in a row before it must wait.
	DefaultLoginAttempts = 5
	// DefaultLoginEvery is how often such a client earns one more try.
	DefaultLoginEvery = 20 * time.Second
)

// maxThrottled bounds the addresses a throttle remembers, so a flood of
// addresses cannot grow it without end.
const maxThrottled = 10000

// throttle limits failed attempts per client address with one token
// bucket each: a burst of attempts, then one more every interval. Only
// failures take a token; an address whose bucket is empty is refused
// every attempt, right or wrong, until a token comes back, so waiting is
// the only way on.
type throttle struct {
	mu      sync.Mutex
	burst   int
	every   rate.Limit
	buckets map[string]*rate.Limiter
	now     func() time.Time
}

func newThrottle(burst int, every time.Duration) *throttle {
	if burst <= 0 {
		burst = DefaultLoginAttempts
	}
	if every <= 0 {
		every = DefaultLoginEvery
	}
	return &throttle{burst: burst, every: rate.Every(every), buckets: map[string]*rate.Limiter{}, now: time.Now}
}

// wait says how long addr must wait before its next attempt; 0 means it
// may try now.
func (t *throttle) wait(addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.buckets[addr]
	if !ok {
		return 0
	}
	tokens := b.TokensAt(t.now())
	if tokens >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - tokens) / float64(t.every) * float64(time.Second)))
}

// fail takes one token from addr's bucket.
func (t *throttle) fail(addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	b, ok := t.buckets[addr]
	if !ok {
		if len(t.buckets) >= maxThrottled {
			t.forget(now)
		}
		b = rate.NewLimiter(t.every, t.burst)
		t.buckets[addr] = b
	}
	b.AllowN(now, 1)
}

// succeed forgets addr's failures: the token was right.
func (t *throttle) succeed(addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.buckets, addr)
}

// forget drops the buckets that have filled up again (they hold nothing
// a new bucket would not); when every one still counts, it drops them
// all rather than grow: the memory bound wins over a few addresses'
// pending waits.
func (t *throttle) forget(now time.Time) {
	for a, b := range t.buckets {
		if b.TokensAt(now) >= float64(t.burst) {
			delete(t.buckets, a)
		}
	}
	if len(t.buckets) >= maxThrottled {
		clear(t.buckets)
	}
}

// tooManyMessage is the message of a 429 to a client that must wait secs
// seconds before its next token, read or admin.
func tooManyMessage(secs int) string {
	return fmt.Sprintf("too many wrong tokens from this address; try again in %d seconds", secs)
}

// retryAfter is d in whole seconds for a Retry-After header, at least 1.
func retryAfter(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
