package index

import (
	"context"
	"testing"
)

// TestPastedText searches with lines pasted from real tools: each is a
// search (never a 400), and finds the incident it points to.
func TestPastedText(t *testing.T) {
	ix := newTestIndex(t, bilingualCorpus())
	tests := []struct {
		line string
		want string // URL of the first hit, "" for any answer
	}{
		{`FATAL:  remaining connection slots are reserved for non-replication superuser connections`, "https://globex.example/pool"},
		{`dial tcp 10.0.0.1:5432: connect: connection refused (ECONNREFUSED)`, ""},
		{`2024/03/01 12:00:01 [error] 1234#1234: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream, host: "api.example.com"`, ""},
		{`Warning  FailedScheduling  3m (x12 over 15m)  default-scheduler  0/12 nodes are available: 12 Insufficient memory.`, ""},
		{`Back-off restarting failed container api in pod api-7d9f (ns: prod): kubernetes upgrade evicted all pods`, "https://initech.example/k8s-upgrade"},
		{`	at com.example.db.Pool.acquire(Pool.java:142)`, ""},
		{`x509: certificate has expired or is not yet valid: current time 2024-05-01T00:00:01Z`, "https://umbrella.example/cert-expiry"},
		{`host:api.umbrella.example certificate expired`, "https://umbrella.example/cert-expiry"},
		{`level=error msg="lookup ns1.globex.example: NXDOMAIN`, "https://globex.example/post/dns-ttl"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tc.line})
			if err != nil {
				t.Fatalf("got %v, want a search", err)
			}
			if tc.want != "" && (len(res.Hits) == 0 || res.Hits[0].URL != tc.want) {
				t.Errorf("first hit: got %v, want %s", hitURLs(res), tc.want)
			}
		})
	}
}
