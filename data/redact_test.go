package data

import "testing"

func TestRedactAddresses(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Get "https://gone.example/pm": dial tcp: lookup gone.example on 127.0.0.53:53: no such host`,
			`Get "https://gone.example/pm": dial tcp: lookup gone.example: no such host`},
		{`dial tcp: lookup gone.example on [fd00::53]:53: server misbehaving`,
			`dial tcp: lookup gone.example: server misbehaving`},
		{`Get "https://x.example/": dial tcp 10.1.2.3:443: connect: connection refused`,
			`Get "https://x.example/": dial tcp: connect: connection refused`},
		{`read tcp 192.168.1.10:51234->93.184.216.34:443: read: connection reset by peer`,
			`read tcp: read: connection reset by peer`},
		{`read tcp [::1]:5000->[::1]:80: i/o timeout`, `read tcp: i/o timeout`},
		{`lookup x.example on 127.0.0.53:53: read udp 127.0.0.1:40000->127.0.0.53:53: i/o timeout`,
			`lookup x.example: read udp: i/o timeout`},
		{`crawler: refusing a private address 10.0.0.7`, `crawler: refusing a private address`},
		{`dial tcp [2001:db8::1]:443: i/o timeout`, `dial tcp: i/o timeout`},
		// Nothing to remove: messages without addresses stay as they are.
		{`HTTP 404 Not Found`, `HTTP 404 Not Found`},
		{`extract: no readable text at 12:30 on 2021.03.04`, `extract: no readable text at 12:30 on 2021.03.04`},
		{`Get "http://10.0.0.5/pm": context deadline exceeded`, `Get "http://10.0.0.5/pm": context deadline exceeded`},
		{``, ``},
	}
	for _, tc := range tests {
		if got := RedactAddresses(tc.in); got != tc.want {
			t.Errorf("RedactAddresses(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
