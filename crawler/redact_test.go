package crawler

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// TestStoredErrorHasNoAddresses: a page whose host refuses connections is
// recorded as failed with an error that names what went wrong but not the
// address the name resolved to (pages show the error).
func TestStoredErrorHasNoAddresses(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now: connection refused
	o := testOptions(t)
	o.MaxAttempts = 1
	c, _ := newCrawler(t, o)
	pm := crawlOne(t, c, "http://localhost:"+strconv.Itoa(port)+"/pm")
	if pm.Fetch.Status != data.FetchFailed || pm.Fetch.Error == "" {
		t.Fatalf("got %+v, want failed with an error", pm.Fetch)
	}
	for _, addr := range []string{"127.0.0.1", "[::1]"} {
		if strings.Contains(pm.Fetch.Error, addr) {
			t.Errorf("stored error %q names the address %s", pm.Fetch.Error, addr)
		}
	}
	if !strings.Contains(pm.Fetch.Error, "refused") {
		t.Errorf("stored error %q no longer says the connection was refused", pm.Fetch.Error)
	}
}
