package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeTransport drives a real server the way a browser, a feed reader
// and a cache would: security headers and a request id on every answer,
// gzip, ETags and 304s, absolute links from --base-url only, and the
// header-size limit answered in each side's own error shape.
func TestServeTransport(t *testing.T) {
	s := startServe(t, nil, "--base-url", "https://pmkb.example.org/")

	t.Run("headers on every answer", func(t *testing.T) {
		for _, path := range []string{"/api/v1/search?q=dns", "/", "/nowhere", "/api/v1/nowhere", "/healthz", "/feed.atom", "/metrics"} {
			resp, _ := s.do(t, "GET", path, nil, "")
			for _, k := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy", "Strict-Transport-Security", "X-Request-Id"} {
				if resp.Header.Get(k) == "" {
					t.Errorf("GET %s (%d): no %s", path, resp.StatusCode, k)
				}
			}
		}
		resp, _ := s.do(t, "GET", "/healthz", map[string]string{"X-Request-ID": "from-the-proxy-1"}, "")
		if got := resp.Header.Get("X-Request-ID"); got != "from-the-proxy-1" {
			t.Errorf("a proxy's request id: got %q back, want it kept", got)
		}
		if !strings.Contains(s.logs.String(), `"request_id":"from-the-proxy-1"`) {
			t.Errorf("no log line carries request_id from-the-proxy-1:\n%.2000s", s.logs)
		}
	})

	t.Run("gzip", func(t *testing.T) {
		for _, path := range []string{"/api/v1/search?q=database", "/", "/feed.atom", "/stats"} {
			resp, _ := s.do(t, "GET", path, map[string]string{"Accept-Encoding": "gzip"}, "")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("GET %s: got %d Content-Encoding %q, want 200 gzip", path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
			}
		}
	})

	t.Run("ETag", func(t *testing.T) {
		_, body := s.do(t, "GET", "/api/v1/search?q=database", nil, "")
		var res struct{ Hits []struct{ ID string } }
		json.Unmarshal([]byte(body), &res)
		if len(res.Hits) == 0 {
			t.Fatalf("no hits: %s", body)
		}
		for _, path := range []string{"/api/v1/search?q=database", "/api/v1/incidents/" + res.Hits[0].ID} {
			resp, _ := s.do(t, "GET", path, nil, "")
			tag := resp.Header.Get("ETag")
			again, body := s.do(t, "GET", path, map[string]string{"If-None-Match": tag}, "")
			if tag == "" || again.StatusCode != 304 || body != "" {
				t.Errorf("GET %s with If-None-Match %q: got %d, want 304 with no body", path, tag, again.StatusCode)
			}
		}
	})

	t.Run("links from the base URL, never from Host", func(t *testing.T) {
		_, body := s.do(t, "GET", "/feed.atom", map[string]string{"Host": "evil.example", "X-Forwarded-Host": "evil.example"}, "")
		if strings.Contains(body, "evil.example") || !strings.Contains(body, `href="https://pmkb.example.org/incidents/`) {
			t.Errorf("feed links: want https://pmkb.example.org and no forged host:\n%.800s", body)
		}
	})

	t.Run("431 in each side's shape", func(t *testing.T) {
		big := "X-Big: " + strings.Repeat("b", 70<<10) + "\r\n"
		for _, tc := range []struct{ path, wantType string }{
			{"/api/v1/search?q=dns", "application/json"},
			{"/", "text/html"},
		} {
			status, ct := rawRequest(t, s.base, "GET "+tc.path+" HTTP/1.1\r\nHost: x\r\n"+big+"Connection: close\r\n\r\n")
			if status != 431 || !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("GET %s with 70 KiB of headers: got %d %q, want 431 %s", tc.path, status, ct, tc.wantType)
			}
		}
	})

	t.Run("metrics", func(t *testing.T) {
		_, body := s.do(t, "GET", "/metrics", nil, "")
		for _, want := range []string{
			`pmkb_http_request_duration_seconds_bucket{method="GET",route="/api/v1/search",status="200"`,
			"pmkb_queue_wait_seconds_count", `pmkb_requests_shed_total{reason="queue_full"}`,
			`pmkb_index_query_duration_seconds_count{op="search",outcome="ok"}`, `op="similar_text"`,
			"pmkb_index_documents ", "pmkb_index_size_bytes ", `pmkb_crawl_records_total{status="ok"}`,
			"pmkb_build_info{", "pmkb_requests_running", "pmkb_requests_queued", "go_build_info",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics has no %s", want)
			}
		}
	})
}

// TestServeSheds: with one slot and no queue, a request that finds the
// slot taken is answered 503 at once, with Retry-After, as JSON under the
// API and as a page elsewhere; probes still answer; the slot, once free,
// serves again.
func TestServeSheds(t *testing.T) {
	// The held request's budget runs while the test holds it (its body
	// arrives last); 20 s keeps it alive on a slow, busy machine.
	s := startServe(t, nil, "--max-concurrent", "1", "--max-queue", "0", "--request-timeout", "20s")
	// Hold the slot: a similar-incident request whose body never finishes.
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /api/v1/similar HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"te")
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body := s.do(t, "GET", "/metrics", nil, "")
		if strings.Contains(body, "pmkb_requests_running 1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the held request never took the slot")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, tc := range []struct{ path, wantType string }{
		{"/api/v1/search?q=dns", "application/json"},
		{"/?q=dns", "text/html"},
	} {
		start := time.Now()
		resp, body := s.do(t, "GET", tc.path, nil, "")
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.wantType) {
			t.Errorf("GET %s: got %d Retry-After %q %q, want 503 1 %s", tc.path, resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"), tc.wantType)
		}
		if tc.wantType == "application/json" && errorCode(body) != "overloaded" {
			t.Errorf("GET %s: got %s, want the code overloaded", tc.path, body)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("GET %s: shed after %v, want at once", tc.path, d)
		}
	}
	if resp, _ := s.do(t, "GET", "/healthz", nil, ""); resp.StatusCode != 200 {
		t.Errorf("/healthz while the slot is taken: got %d, want 200", resp.StatusCode)
	}
	fmt.Fprint(conn, "xt\": \"disk full on the database\"}          ")
	held, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || held.StatusCode != 200 {
		t.Fatalf("the held request: got %v, %v; want 200", held, err)
	}
	held.Body.Close()
	if resp, _ := s.do(t, "GET", "/api/v1/search?q=dns", nil, ""); resp.StatusCode != 200 {
		t.Errorf("search once the slot is free: got %d, want 200", resp.StatusCode)
	}
	_, body := s.do(t, "GET", "/metrics", nil, "")
	if !strings.Contains(body, `pmkb_requests_shed_total{reason="queue_full"} 2`) {
		t.Errorf("/metrics: want 2 requests shed for a full queue")
	}
}
