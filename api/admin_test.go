package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/api/jobs"
)

// fakeAdmin records the jobs asked of it; busy makes it refuse like a
// runner with a job under way.
type fakeAdmin struct {
	mu    sync.Mutex
	calls []string
	busy  bool
	jobs  map[string]jobs.Status
}

func newFakeAdmin() *fakeAdmin { return &fakeAdmin{jobs: map[string]jobs.Status{}} }

func (f *fakeAdmin) start(call string) (jobs.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.busy {
		return jobs.Status{}, &jobs.BusyError{Running: jobs.Status{ID: "job1", Kind: "crawl"}}
	}
	f.calls = append(f.calls, call)
	st := jobs.Status{ID: "job" + string(rune('0'+len(f.calls))), Kind: strings.Fields(call)[0], State: jobs.StateRunning, StartedAt: time.Now()}
	f.jobs[st.ID] = st
	return st, nil
}

func (f *fakeAdmin) Crawl(lists []string) (jobs.Status, error) {
	return f.start("crawl " + strings.Join(lists, " "))
}
func (f *fakeAdmin) Reindex() (jobs.Status, error) { return f.start("reindex") }
func (f *fakeAdmin) Add(url, company string) (jobs.Status, error) {
	return f.start("add " + url + " " + company)
}
func (f *fakeAdmin) Job(id string) (jobs.Status, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.jobs[id]
	return st, ok
}

const adminToken = "correct-horse-battery-staple"

func TestAdminRoutesAbsentWithoutToken(t *testing.T) {
	for name, opts := range map[string]api.Options{
		"no admin":  {},
		"no token":  {Admin: newFakeAdmin()},
		"no runner": {AdminToken: adminToken},
	} {
		e := newEngine(t, opts)
		for _, r := range []struct{ method, path string }{
			{"POST", "/api/v1/admin/crawl"}, {"POST", "/api/v1/admin/reindex"},
			{"POST", "/api/v1/incidents"}, {"GET", "/api/v1/admin/jobs/job1"},
		} {
			w := httpxtest.DoHeaders(t, e, r.method, r.path, http.Header{"Authorization": {"Bearer " + adminToken}})
			if w.Code != http.StatusNotFound {
				t.Errorf("%s: %s %s: got %d, want 404 (no such route)", name, r.method, r.path, w.Code)
			}
		}
	}
}

func TestAdminRoutes(t *testing.T) {
	fa := newFakeAdmin()
	e := newEngine(t, api.Options{Admin: fa, AdminToken: adminToken})
	auth := func(method, path, body string) (int, string, http.Header) {
		t.Helper()
		w := doAuth(t, e, method, path, body, "Bearer "+adminToken)
		return w.Code, w.Body.String(), w.Header()
	}
	tests := []struct {
		name, method, path, body string
		wantStatus               int
		wantCall, wantInBody     string
	}{
		{"crawl the default lists", "POST", "/api/v1/admin/crawl", "", 202, "crawl ", `"kind":"crawl"`},
		{"crawl a list", "POST", "/api/v1/admin/crawl", `{"lists": ["https://lists.example/pm.md"]}`, 202, "crawl https://lists.example/pm.md", `"state":"running"`},
		{"a path is no list URL", "POST", "/api/v1/admin/crawl", `{"lists": ["/etc/passwd"]}`, 400, "", `"bad_request"`},
		{"bad JSON", "POST", "/api/v1/admin/crawl", `{"lists": `, 400, "", `"bad_request"`},
		{"reindex", "POST", "/api/v1/admin/reindex", "", 202, "reindex", `"kind":"reindex"`},
		{"add a URL", "POST", "/api/v1/incidents", `{"url": "https://blog.example/outage", "company": "Example"}`, 202, "add https://blog.example/outage Example", `"kind":"add"`},
		{"add without a URL", "POST", "/api/v1/incidents", `{"company": "Example"}`, 400, "", `is required`},
		{"add a file URL", "POST", "/api/v1/incidents", `{"url": "file:///etc/passwd"}`, 400, "", `not an http(s) URL`},
		{"a job", "GET", "/api/v1/admin/jobs/job1", "", 200, "", `"id":"job1"`},
		{"no such job", "GET", "/api/v1/admin/jobs/nope", "", 404, "", `"not_found"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fa.mu.Lock()
			before := len(fa.calls)
			fa.mu.Unlock()
			code, body, hdr := auth(tc.method, tc.path, tc.body)
			if code != tc.wantStatus || !strings.Contains(body, tc.wantInBody) {
				t.Fatalf("got %d %s, want %d with %s", code, body, tc.wantStatus, tc.wantInBody)
			}
			fa.mu.Lock()
			defer fa.mu.Unlock()
			switch {
			case tc.wantCall == "" && len(fa.calls) != before:
				t.Errorf("got call %q, want none", fa.calls[len(fa.calls)-1])
			case tc.wantCall != "" && (len(fa.calls) != before+1 || fa.calls[before] != tc.wantCall):
				t.Errorf("got calls %q, want %q", fa.calls[before:], tc.wantCall)
			}
			if code == 202 && !strings.HasPrefix(hdr.Get("Location"), "/api/v1/admin/jobs/") {
				t.Errorf("got Location %q, want the job's URL", hdr.Get("Location"))
			}
		})
	}
	t.Run("one write job at a time", func(t *testing.T) {
		fa.mu.Lock()
		fa.busy = true
		fa.mu.Unlock()
		code, body, _ := auth("POST", "/api/v1/admin/reindex", "")
		if code != http.StatusConflict || !strings.Contains(body, `"job_running"`) || !strings.Contains(body, "job1") {
			t.Errorf("got %d %s, want 409 job_running naming job1", code, body)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		for _, h := range []string{"", "Bearer wrong", "Bearer " + adminToken + "x", adminToken} {
			w := doAuth(t, e, "POST", "/api/v1/admin/reindex", "", h)
			if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), `"unauthorized"`) {
				t.Errorf("Authorization %q: got %d %s, want 401 unauthorized in the JSON shape", h, w.Code, w.Body)
			}
		}
	})
}

// doAuth sends a request with an Authorization header and a JSON body.
func doAuth(t *testing.T, h http.Handler, method, path, body, authz string) *httptest.ResponseRecorder {
	t.Helper()
	hdr := http.Header{}
	if authz != "" {
		hdr.Set("Authorization", authz)
	}
	if body != "" {
		hdr.Set("Content-Type", "application/json")
	}
	return httpxtest.DoBody(t, h, method, path, hdr, strings.NewReader(body))
}
