package fetch

import (
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// ErrPrivateAddress is returned when a target resolves to an address the
// crawler refuses to reach: loopback, private, link-local, multicast or
// unspecified. Options.AllowPrivate lifts the guard.
var ErrPrivateAddress = errors.New("fetch: refusing to connect to a private address")

// dialGuard checks every address the dialer is about to connect to. It runs
// after DNS resolution, on each connection, so neither a redirect to an
// internal host nor a DNS answer that changes between check and use gets
// around it.
type dialGuard struct {
	allowPrivate bool
	// allow lists host:port pairs let through anyway; tests use it to reach
	// one httptest server while checking the guard on another.
	allow map[string]bool
}

// control is a net.Dialer Control function.
func (g dialGuard) control(network, address string, _ syscall.RawConn) error {
	if g.allowPrivate || g.allow[address] {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("fetch: dial %s %s: %w", network, address, err)
	}
	if isPrivate(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr())
	}
	return nil
}

// isPrivate reports whether a is an address a public crawler has no
// business connecting to.
func isPrivate(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || a.IsMulticast() ||
		a.IsUnspecified() || !a.IsValid() || cgnat.Contains(a) || (a.Is4() && a.As4()[0] == 0)
}

// cgnat is the shared address space of carrier-grade NAT (RFC 6598), private
// in all but name.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")
