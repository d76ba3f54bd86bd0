package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/pmkb/pmkb/data"
)

func TestIsPrivate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true}, {"127.8.9.10", true}, {"10.1.2.3", true}, {"172.16.0.1", true},
		{"192.168.1.1", true}, {"169.254.169.254", true}, {"0.0.0.0", true}, {"0.1.2.3", true},
		{"224.0.0.1", true}, {"100.64.0.1", true}, {"::1", true}, {"fe80::1", true}, {"fc00::1", true},
		{"ff02::1", true}, {"::", true}, {"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true},
		{"8.8.8.8", false}, {"93.184.216.34", false}, {"2001:4860:4860::8888", false}, {"172.32.0.1", false},
	}
	for _, tc := range cases {
		if got := isPrivate(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("isPrivate(%s): got %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestSSRFRefusedByDefault(t *testing.T) {
	t.Parallel()
	inside := newSite(t)
	inside.page("/secret", "internal only")
	outside := newSite(t) // stands for a public site: let through by address
	outside.mux.Handle("/go", http.RedirectHandler(inside.URL+"/secret", http.StatusFound))
	outside.page("/fine", "public")

	o := testOptions()
	o.AllowPrivate = false
	o.allowDial = map[string]bool{outside.Listener.Addr().String(): true}
	f := newFetcher(t, o)

	port := inside.URL[strings.LastIndexByte(inside.URL, ':'):]
	for _, u := range []string{inside.URL + "/secret", "http://localhost" + port + "/secret", outside.URL + "/go"} {
		res := f.Fetch(context.Background(), Request{URL: u}, nil)
		if res.Status != data.FetchBlocked || res.Err == nil || !strings.Contains(res.Err.Error(), "private address") {
			t.Errorf("%s: got %s (%v), want blocked: private address", u, res.Status, res.Err)
		}
	}
	if got := inside.hit("/secret") + inside.hit("/robots.txt"); got != 0 {
		t.Errorf("internal server: got %d requests, want 0", got)
	}
	if got := outside.hit("/go"); got != 1 {
		t.Errorf("redirecting server: got %d hits, want 1", got)
	}
	if res := f.Fetch(context.Background(), Request{URL: outside.URL + "/fine"}, nil); res.Status != data.FetchOK {
		t.Errorf("allowed server: got %s (%v), want ok", res.Status, res.Err)
	}
}

func TestErrorClasses(t *testing.T) {
	t.Parallel()
	refused := &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	nxdomain := &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}}
	dnsTimeout := &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}}}
	private := fmt.Errorf("fetch: get x: %w", &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: fmt.Errorf("%w: 10.0.0.1", ErrPrivateAddress)}})
	cases := []struct {
		name            string
		err             error
		gone, transient bool
	}{
		{"refused", refused, true, true},
		{"no such host", nxdomain, true, false},
		{"dns timeout", dnsTimeout, false, true},
		{"private", private, false, false},
		{"too large", fmt.Errorf("x: %w", ErrTooLarge), false, false},
		{"redirect loop", fmt.Errorf("x: %w", ErrRedirectLoop), false, false},
		{"cancelled", context.Canceled, false, false},
		{"timeout", fmt.Errorf("read: %w", context.DeadlineExceeded), false, true},
	}
	for _, tc := range cases {
		if got := goneHost(tc.err); got != tc.gone {
			t.Errorf("%s: goneHost got %v, want %v", tc.name, got, tc.gone)
		}
		if got := transient(tc.err); got != tc.transient {
			t.Errorf("%s: transient got %v, want %v", tc.name, got, tc.transient)
		}
	}
}
