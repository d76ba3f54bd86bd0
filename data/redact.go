package data

import (
	"net/netip"
	"strings"
)

// RedactAddresses removes the IP addresses from an error message before it
// is stored or shown: Go's network errors name the machine's resolver
// ("lookup example.org on 127.0.0.53:53: no such host"), its own address
// ("read tcp 10.0.0.5:51234->93.184.216.34:443: ...") and the address a
// name resolved to, none of which a page may show. What is left still says
// what went wrong: "lookup example.org: no such host".
func RedactAddresses(msg string) string {
	if !strings.ContainsAny(msg, ".:") {
		return msg
	}
	words := strings.Split(msg, " ")
	out := make([]string, 0, len(words))
	for _, w := range words {
		core := strings.TrimRight(w, ":,;)")
		if !isAddresses(core) {
			out = append(out, w)
			continue
		}
		if n := len(out); n > 0 && out[n-1] == "on" {
			out = out[:n-1] // "lookup x on ADDR:" -> "lookup x:"
		}
		if tail := w[len(core):]; len(out) > 0 {
			out[len(out)-1] = strings.TrimRight(out[len(out)-1], ":,;") + tail
		}
	}
	return strings.Join(out, " ")
}

// isAddresses reports whether s is an IP address, with or without a port
// and brackets, or two of them joined by "->" (a connection's local and
// remote ends).
func isAddresses(s string) bool {
	if a, b, ok := strings.Cut(s, "->"); ok {
		return isAddress(a) && isAddress(b)
	}
	return isAddress(s)
}

func isAddress(s string) bool {
	if s == "" {
		return false
	}
	if _, err := netip.ParseAddrPort(s); err == nil {
		return true
	}
	_, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	return err == nil
}
