package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Redirect errors; a caller records them as the fetch error.
var (
	ErrRedirectLoop     = errors.New("fetch: redirect loop")
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
)

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// follow fetches u and follows its redirects, one polite and archived
// request per hop. With checkRobots, every hop is checked against its host's
// robots.txt first. It returns the last exchange.
func (f *Fetcher) follow(ctx context.Context, u *url.URL, header http.Header, checkRobots bool) (*exchange, error) {
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		if seen[u.String()] {
			return nil, fmt.Errorf("%w: %s seen twice", ErrRedirectLoop, u)
		}
		seen[u.String()] = true
		if checkRobots {
			if err := f.allowed(ctx, u); err != nil {
				return nil, err
			}
		}
		ex, err := f.do(ctx, u, header)
		if err != nil || !isRedirect(ex.Status) {
			return ex, err
		}
		loc := ex.Header.Get("Location")
		if loc == "" {
			return ex, nil
		}
		if hop >= f.opts.MaxRedirects {
			return ex, fmt.Errorf("%w: more than %d from %s", ErrTooManyRedirects, f.opts.MaxRedirects, u)
		}
		next, err := u.Parse(loc)
		if err != nil {
			return ex, fmt.Errorf("fetch: %s: bad redirect %q: %w", u, loc, err)
		}
		if next.Scheme != "http" && next.Scheme != "https" {
			return ex, fmt.Errorf("fetch: %s: redirect to unsupported scheme %q", u, next.Scheme)
		}
		next.Fragment = ""
		u = next
	}
}

// fetchRetry is follow plus retries: network errors, 429 and 5xx are tried
// again up to MaxAttempts, after an exponential backoff with jitter or the
// server's Retry-After, both capped by MaxBackoff. onRetry is told of each
// retry before the wait, so the attempt can be persisted; done is the
// number of attempts an interrupted crawl already spent.
func (f *Fetcher) fetchRetry(ctx context.Context, u *url.URL, header http.Header, robots bool, done int,
	onRetry func(attempt int, next time.Time, cause string)) (*exchange, error) {
	for attempt := min(done, f.opts.MaxAttempts-1) + 1; ; attempt++ {
		ex, err := f.follow(ctx, u, header, robots)
		wait, cause, retry := f.retryable(ex, err, attempt)
		if !retry {
			return ex, err
		}
		if onRetry != nil {
			onRetry(attempt, time.Now().Add(wait), cause)
		}
		f.log.Debug("retrying", "url", u.String(), "attempt", attempt, "wait", wait, "cause", cause)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ex, ctx.Err()
		case <-t.C:
		}
	}
}

// retryable decides whether a failed try is worth another and how long to
// wait before it.
func (f *Fetcher) retryable(ex *exchange, err error, attempt int) (time.Duration, string, bool) {
	if attempt >= f.opts.MaxAttempts {
		return 0, "", false
	}
	var cause string
	switch {
	case err != nil:
		if !transient(err) {
			return 0, "", false
		}
		cause = err.Error()
	case ex.Status == http.StatusTooManyRequests || ex.Status >= 500:
		cause = fmt.Sprintf("http %d", ex.Status)
		if d, ok := retryAfter(ex.Header, time.Now()); ok {
			return min(d, f.opts.MaxBackoff), cause, true
		}
	default:
		return 0, "", false
	}
	return f.backoff(attempt), cause, true
}

// backoff is BackoffBase doubled per attempt, capped, with "equal jitter":
// a random point in the upper half, so clients that failed together do not
// retry together.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.opts.BackoffBase << min(attempt-1, 20)
	if d <= 0 || d > f.opts.MaxBackoff {
		d = f.opts.MaxBackoff
	}
	half := d / 2
	return half + rand.N(half+1)
}

// transient reports whether err is a network failure that may go away:
// not a refusal of ours, not a cancellation, not a name that does not exist.
func transient(err error) bool {
	switch {
	case errors.Is(err, context.Canceled),
		errors.Is(err, ErrDisallowed), errors.Is(err, ErrPrivateAddress),
		errors.Is(err, ErrTooLarge), errors.Is(err, ErrRedirectLoop),
		errors.Is(err, ErrTooManyRedirects):
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	var ue *url.Error
	return errors.As(err, &ue) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || isNetErr(err)
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}
