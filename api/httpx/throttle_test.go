package httpx

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// TestThrottle: a burst of failures, then a wait that shrinks as time
// passes; a success forgets; the buckets stay bounded however many
// addresses fail.
func TestThrottle(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	th := newThrottle(3, 10*time.Second)
	th.now = func() time.Time { return now }
	for i := range 3 {
		if w := th.wait("a"); w != 0 {
			t.Fatalf("before failure %d: wait %v, want 0", i+1, w)
		}
		th.fail("a")
	}
	if w := th.wait("a"); w != 10*time.Second {
		t.Errorf("after 3 failures: wait %v, want 10s", w)
	}
	if w := th.wait("b"); w != 0 {
		t.Errorf("another address: wait %v, want 0", w)
	}
	now = now.Add(4 * time.Second)
	if w := th.wait("a"); w != 6*time.Second {
		t.Errorf("4s later: wait %v, want 6s", w)
	}
	now = now.Add(6 * time.Second)
	if w := th.wait("a"); w != 0 {
		t.Errorf("10s later: wait %v, want 0 (one more try)", w)
	}
	th.fail("a")
	if w := th.wait("a"); w != 10*time.Second {
		t.Errorf("the try failed: wait %v, want 10s again", w)
	}
	th.succeed("a")
	if w := th.wait("a"); w != 0 {
		t.Errorf("after a success: wait %v, want 0", w)
	}
	for i := range maxThrottled + 10 {
		th.fail("10.0." + strconv.Itoa(i/256) + "." + strconv.Itoa(i%256))
	}
	if n := len(th.buckets); n > maxThrottled {
		t.Errorf("%d buckets, want at most %d", n, maxThrottled)
	}
	if got := retryAfter(1500 * time.Millisecond); got != 2 {
		t.Errorf("Retry-After of 1.5s: got %d, want 2", got)
	}
}

// TestClientAddr: on an engine that trusts no proxy (NewEngine's
// default), guesses count against the TCP peer, whatever X-Forwarded-For
// says, and an IPv6 peer by its /64.
func TestClientAddr(t *testing.T) {
	for _, tc := range []struct{ remote, want string }{
		{"192.0.2.7:4242", "192.0.2.7"},
		{"[2001:db8:1:2:aaaa::1]:4242", "2001:db8:1:2::"},
		{"[2001:db8:1:2:bbbb::9]:4242", "2001:db8:1:2::"},
	} {
		c := gin.CreateTestContextOnly(httptest.NewRecorder(), NewEngine())
		c.Request = httptest.NewRequest("GET", "/", nil)
		c.Request.RemoteAddr = tc.remote
		c.Request.Header.Set("X-Forwarded-For", "203.0.113.9")
		if got := clientAddr(c); got != tc.want {
			t.Errorf("clientAddr(%s): got %q, want %q", tc.remote, got, tc.want)
		}
	}
}
