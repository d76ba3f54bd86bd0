package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

const testAdminToken = "test-admin-token-0123456789"

// TestServeAdminJobs: with PMKB_ADMIN_TOKEN set, a crawl, an added URL and
// a reindex run inside the serving process through the admin API; a second
// job meanwhile is refused (409) while searches go on; progress shows at
// /api/v1/admin/jobs/{id}; the records become searchable.
func TestServeAdminJobs(t *testing.T) {
	site := newJobSite(t)
	s := startServe(t, map[string]string{"PMKB_ADMIN_TOKEN": testAdminToken},
		"--allow-private", "--delay", "1ms", "--no-wayback")
	auth := map[string]string{"Authorization": "Bearer " + testAdminToken}

	if resp, body := s.do(t, "POST", "/api/v1/admin/crawl", nil, ""); resp.StatusCode != 401 || errorCode(body) != "unauthorized" {
		t.Fatalf("crawl without the token: got %d %s, want 401 unauthorized", resp.StatusCode, body)
	}
	resp, body := s.do(t, "POST", "/api/v1/admin/crawl", auth, `{"lists": ["`+site.URL+`/list.txt"]}`)
	var job struct{ ID, State string }
	if resp.StatusCode != 202 || json.Unmarshal([]byte(body), &job) != nil || job.State != "running" ||
		resp.Header.Get("Location") != "/api/v1/admin/jobs/"+job.ID {
		t.Fatalf("crawl: got %d %s Location %q, want 202 and a running job", resp.StatusCode, body, resp.Header.Get("Location"))
	}
	for deadline := time.Now().Add(10 * time.Second); !site.slowHit.Load(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the crawl never reached /posts/slow")
		}
	}
	// The crawl is under way, held on /posts/slow.
	if resp, body := s.do(t, "GET", "/api/v1/search?q=database", nil, ""); resp.StatusCode != 200 || !strings.Contains(body, `"hits"`) {
		t.Errorf("search during a crawl: got %d, want 200", resp.StatusCode)
	}
	if resp, body := s.do(t, "POST", "/api/v1/admin/reindex", auth, ""); resp.StatusCode != 409 || errorCode(body) != "job_running" || !strings.Contains(body, job.ID) {
		t.Errorf("reindex during a crawl: got %d %s, want 409 job_running naming %s", resp.StatusCode, body, job.ID)
	}
	site.Release()
	st := s.waitJob(t, testAdminToken, job.ID)
	progress, _ := st["progress"].(map[string]any)
	if st["state"] != "done" || progress["total"] != 2.0 || progress["stored"] != 2.0 || progress["ok"] != 2.0 {
		t.Fatalf("crawl job: got %v, want done with 2 of 2 stored ok", st)
	}
	if _, body := s.do(t, "GET", "/api/v1/search?q=primary+database+deleted+replication", nil, ""); !strings.Contains(body, site.URL+"/posts/db-outage") {
		t.Errorf("the crawled page is not found by a search:\n%.500s", body)
	}

	resp, body = s.do(t, "POST", "/api/v1/incidents", auth, `{"url": "`+site.URL+`/posts/dns-outage", "company": "Globex"}`)
	if resp.StatusCode != 202 || json.Unmarshal([]byte(body), &job) != nil {
		t.Fatalf("add: got %d %s, want 202", resp.StatusCode, body)
	}
	st = s.waitJob(t, testAdminToken, job.ID)
	result, _ := st["result"].(map[string]any)
	if st["state"] != "done" || result["fetch_status"] != "ok" || result["id"] == nil {
		t.Fatalf("add job: got %v, want done with the record's id and ok", st)
	}
	if resp, _ := s.do(t, "GET", "/api/v1/incidents/"+result["id"].(string), nil, ""); resp.StatusCode != 200 {
		t.Errorf("the added record: got %d, want 200", resp.StatusCode)
	}

	resp, body = s.do(t, "POST", "/api/v1/admin/reindex", auth, "")
	if resp.StatusCode != 202 || json.Unmarshal([]byte(body), &job) != nil {
		t.Fatalf("reindex: got %d %s, want 202", resp.StatusCode, body)
	}
	if st = s.waitJob(t, testAdminToken, job.ID); st["state"] != "done" {
		t.Errorf("reindex job: got %v, want done", st)
	}
	_, body = s.do(t, "GET", "/metrics", nil, "")
	for _, want := range []string{`pmkb_crawl_records_total{status="ok"} 3`, `pmkb_admin_jobs_total{kind="crawl",state="done"} 1`,
		`pmkb_admin_jobs_total{kind="reindex",state="done"} 1`, `pmkb_admin_jobs_total{kind="add",state="done"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics has no %s", want)
		}
	}
}

// TestServeWithoutAdminToken: no token, no admin routes.
func TestServeWithoutAdminToken(t *testing.T) {
	s := startServe(t, nil)
	for _, path := range []string{"/api/v1/admin/crawl", "/api/v1/admin/reindex", "/api/v1/incidents"} {
		resp, body := s.do(t, "POST", path, map[string]string{"Authorization": "Bearer " + testAdminToken}, "")
		if resp.StatusCode != 404 || errorCode(body) != "not_found" {
			t.Errorf("POST %s: got %d %s, want 404 not_found", path, resp.StatusCode, body)
		}
	}
}

// TestRecrawl: the re-crawl schedule starts a crawl of serve's --list
// lists at each tick (skipping ticks while one runs) until its context
// ends.
func TestRecrawl(t *testing.T) {
	site := newJobSite(t)
	site.Release()
	e := env{stderr: io.Discard, logger: slog.New(slog.DiscardHandler), getenv: func(string) string { return "" }}
	d, err := openDataDir(context.Background(), e, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cf := crawlFlags{concurrency: 2, delay: time.Millisecond, allowPrivate: true, noWayback: true, waybackURL: "https://archive.org"}
	a := newAdmin(e, d, cf, []string{site.URL + "/list.txt"}, nil)
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { a.recrawlEvery(ctx, 100*time.Millisecond); close(stopped) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, err := d.ix.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20s of re-crawls every 100ms: %d records, want the list's 2", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Error("the schedule did not stop with its context")
	}
}

// TestServeAdminWithReadToken: with both tokens set, reads need the read
// token and the admin routes the admin token, each in the Authorization
// header; the read token opens no admin route.
func TestServeAdminWithReadToken(t *testing.T) {
	const readTok = "read-token-abcdefghijklmnop"
	s := startServe(t, map[string]string{"PMKB_ADMIN_TOKEN": testAdminToken, "PMKB_READ_TOKEN": readTok})
	for _, tc := range []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/api/v1/search?q=dns", "", 401},
		{"GET", "/api/v1/search?q=dns", readTok, 200},
		{"GET", "/api/v1/search?q=dns", testAdminToken, 401},
		{"POST", "/api/v1/admin/reindex", readTok, 401},
		{"POST", "/api/v1/admin/reindex", "", 401},
		{"POST", "/api/v1/admin/reindex", testAdminToken, 202},
	} {
		h := map[string]string{}
		if tc.token != "" {
			h["Authorization"] = "Bearer " + tc.token
		}
		if resp, body := s.do(t, tc.method, tc.path, h, ""); resp.StatusCode != tc.want {
			t.Errorf("%s %s with %q: got %d %s, want %d", tc.method, tc.path, tc.token, resp.StatusCode, body, tc.want)
		}
	}
}
