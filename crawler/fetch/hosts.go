package fetch

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// hostPool holds the politeness state of every host the crawler talks to.
type hostPool struct {
	delay, maxCrawlDelay time.Duration

	mu    sync.Mutex
	hosts map[string]*host
}

// host is one scheme://host:port: a single request in flight, a limiter
// that spaces request starts by the delay (or the robots.txt Crawl-delay,
// when longer) and the host's robots.txt once fetched.
type host struct {
	key   string
	slot  chan struct{}
	lim   *rate.Limiter
	delay time.Duration // written under robotsLock
	gap   atomic.Int64  // the delay as the slot holder reads it, in ns

	lastSend time.Time // when the last request was sent; the slot holder's alone

	robotsLock chan struct{} // held while robots.txt is being fetched
	robotsDone bool
	robots     *robotstxt.Group // nil: everything allowed
	robotsErr  error            // set when robots.txt refuses everything or could not be reached safely
}

func newHostPool(delay, maxCrawlDelay time.Duration) *hostPool {
	return &hostPool{delay: delay, maxCrawlDelay: maxCrawlDelay, hosts: map[string]*host{}}
}

// hostKey is the politeness unit: scheme, host and port.
func hostKey(u *url.URL) string {
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

func (p *hostPool) get(u *url.URL) *host {
	key := hostKey(u)
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.hosts[key]
	if h == nil {
		h = &host{
			key:        key,
			slot:       make(chan struct{}, 1),
			lim:        rate.NewLimiter(rate.Every(p.delay), 1),
			delay:      p.delay,
			robotsLock: make(chan struct{}, 1),
		}
		h.gap.Store(int64(p.delay))
		p.hosts[key] = h
	}
	return h
}

// acquire waits until this host may be sent a request: no other request to
// it in flight and the delay passed since the last one. The limiter hands
// out turns a delay apart, but a turn can be spent late (a wait for a
// global slot, a busy machine) and the next one on time, so acquire also
// waits out the delay since the last request was actually sent (see sent):
// the host never sees two requests closer than the delay.
func (h *host) acquire(ctx context.Context) error {
	select {
	case h.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	err := h.lim.Wait(ctx)
	if err == nil {
		err = sleepUntil(ctx, h.lastSend.Add(time.Duration(h.gap.Load())))
	}
	if err != nil {
		<-h.slot
		return err
	}
	return nil
}

// sent notes, for the slot holder, that its request is going out now.
func (h *host) sent() { h.lastSend = time.Now() }

func (h *host) release() { <-h.slot }

// setCrawlDelay slows the host down to a robots.txt Crawl-delay, capped,
// and never speeds it up beyond the configured delay.
func (h *host) setCrawlDelay(d, maxDelay time.Duration) (applied time.Duration) {
	if d > maxDelay {
		d = maxDelay
	}
	if d <= h.delay {
		return h.delay
	}
	h.delay = d
	h.gap.Store(int64(d))
	h.lim.SetLimit(rate.Every(d))
	// The robots.txt request itself counts: take the token it left, so the
	// next request waits a full Crawl-delay.
	h.lim.Reserve()
	return d
}

// sleepUntil waits until t, or until ctx ends (its error then); a t in the
// past returns at once.
func sleepUntil(ctx context.Context, t time.Time) error {
	wait := time.Until(t)
	if wait <= 0 {
		return nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
