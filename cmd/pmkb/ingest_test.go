package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/local/localtest"
)

// testEnv is an env whose variables are vars, with stdout captured.
func testEnv(vars map[string]string, stdout io.Writer, logs io.Writer) env {
	return env{stdout: stdout, stderr: io.Discard, stdin: strings.NewReader(""),
		logger: slog.New(slog.NewTextHandler(logs, nil)), getenv: func(k string) string { return vars[k] }}
}

// TestOwnPostmortemsServed: our own post-mortems added from a Git repo are
// served beside the catalog under a read token; the API needs the token,
// the UI sends to its login form and renders a file; a file written while
// serve --watch runs is searchable within seconds.
func TestOwnPostmortemsServed(t *testing.T) {
	repo := localtest.Repo(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	if code := run(ctx, testEnv(nil, &out, io.Discard), []string{"add", "--data", dir, "--collection", "ours", repo}); code != 0 {
		t.Fatalf("add: exit %d", code)
	}
	if n := strings.Count(out.String(), "added\tours\t"); n != len(localtest.Posts) {
		t.Fatalf("add printed %d added files, want %d:\n%s", n, len(localtest.Posts), out.String())
	}

	const token = "team-read-token-0123456789"
	addr := freeAddr(t)
	logs := &syncBuffer{}
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- runServe(ctx, testEnv(map[string]string{"PMKB_READ_TOKEN": token}, io.Discard, logs),
			[]string{"--data", dir, "--addr", addr, "--watch"})
	}()
	base := "http://" + addr
	waitReady(t, base, done, start)
	if !strings.Contains(logs.String(), "reads=\"need the read token\"") {
		t.Errorf("start-up log does not say reads need the token:\n%s", logs)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path, auth string, ck *http.Cookie) *http.Response {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		if ck != nil {
			req.AddCookie(ck)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/v1/search?q=dns": 401, "/": 303, "/stats": 303} {
		if got := get(path, "", nil).StatusCode; got != want {
			t.Errorf("GET %s without the token: got %d, want %d", path, got, want)
		}
	}
	if got := get("/api/v1/search?q=dns", "wrong-token", nil).StatusCode; got != 401 {
		t.Errorf("wrong token: got %d, want 401", got)
	}

	var res struct {
		Total  int
		Hits   []struct{ ID, Title, URL, Collection string }
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	resp := get("/api/v1/search?collection=ours&size=20", token, nil)
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != 200 {
		t.Fatalf("search with the token: %d, %v", resp.StatusCode, err)
	}
	if res.Total != len(localtest.Posts) {
		t.Errorf("collection=ours: got %d hits, want %d", res.Total, len(localtest.Posts))
	}
	var failover string
	for _, h := range res.Hits {
		if h.Collection != "ours" {
			t.Errorf("hit %s: collection %q, want ours", h.ID, h.Collection)
		}
		if strings.Contains(h.Title, "Orders database failover") {
			failover = h.ID
			if h.URL != "/incidents/"+h.ID+"/source" {
				t.Errorf("url without a link base: got %q", h.URL)
			}
		}
	}

	// The UI: the login form, then the file's own page with the cookie.
	form := url.Values{"token": {token}, "next": {"/incidents/" + failover + "/source"}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	lresp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	lresp.Body.Close()
	if lresp.StatusCode != 303 || len(lresp.Cookies()) != 1 {
		t.Fatalf("login: got %d with %d cookies", lresp.StatusCode, len(lresp.Cookies()))
	}
	page := get(lresp.Header.Get("Location"), "", lresp.Cookies()[0])
	body, _ := io.ReadAll(page.Body)
	if page.StatusCode != 200 || !bytes.Contains(body, []byte("<table>")) || !bytes.Contains(body, []byte("Fence the old primary")) {
		t.Errorf("source page: got %d, want 200 with the file's timeline table and action items:\n%.600s", page.StatusCode, body)
	}
	if bytes.Contains(body, []byte("severity: SEV1")) {
		t.Errorf("source page shows the front matter as text")
	}
	page = get("/incidents/"+failover, "", lresp.Cookies()[0])
	body, _ = io.ReadAll(page.Body)
	if want := `href="/incidents/` + failover + `/source"`; page.StatusCode != 200 || !bytes.Contains(body, []byte(want)) {
		t.Errorf("incident page: got %d, want 200 linking to the file's page (%s)", page.StatusCode, want)
	}

	// --watch: a new post-mortem is searchable within seconds.
	added := time.Now()
	if err := os.WriteFile(filepath.Join(repo, "2024", "2024-07-19-thundering-herd.md"), []byte(
		"# Thundering herd after a cache flush\n\nEvery client retried at once after the cache was flushed; "+
			"the root cause was retries without jitter.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		var r struct{ Total int }
		resp := get("/api/v1/search?q=thundering&collection=ours", token, nil)
		_ = json.NewDecoder(resp.Body).Decode(&r)
		if r.Total == 1 {
			t.Logf("new file searchable after %s", time.Since(added).Round(time.Millisecond))
			break
		}
		if time.Since(added) > 10*time.Second {
			t.Fatalf("new file not searchable within 10s; log:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestCollectionRoundTrip: an export carries each record's collection and
// path, and an import into another data dir keeps them; the CSV export
// names the collection too.
func TestCollectionRoundTrip(t *testing.T) {
	repo := localtest.Repo(t)
	ctx := context.Background()
	dir, dir2 := t.TempDir(), t.TempDir()
	quiet := testEnv(nil, io.Discard, io.Discard)
	if code := run(ctx, quiet, []string{"add", "--data", dir, "--collection", "ours", "--link-base", "https://git.example.com/pm/blob/main", repo}); code != 0 {
		t.Fatalf("add: exit %d", code)
	}
	var jsonl, csvOut bytes.Buffer
	if code := run(ctx, testEnv(nil, &jsonl, io.Discard), []string{"export", "--data", dir, "--format", "jsonl"}); code != 0 {
		t.Fatalf("export: exit %d", code)
	}
	if n := strings.Count(jsonl.String(), `"collection":"ours"`); n != len(localtest.Posts) {
		t.Errorf("export: %d records of collection ours, want %d", n, len(localtest.Posts))
	}
	file := filepath.Join(t.TempDir(), "all.jsonl")
	if err := os.WriteFile(file, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(ctx, quiet, []string{"import", "--data", dir2, file}); code != 0 {
		t.Fatalf("import: exit %d", code)
	}
	var out bytes.Buffer
	if code := run(ctx, testEnv(nil, &out, io.Discard), []string{"search", "--data", dir2, "--json", "--collection", "ours", "--size", "20"}); code != 0 {
		t.Fatalf("search: exit %d", code)
	}
	var res struct{ Total int }
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Total != len(localtest.Posts) {
		t.Errorf("search --collection ours after the round trip: got %d (%v), want %d", res.Total, err, len(localtest.Posts))
	}
	if code := run(ctx, testEnv(nil, &csvOut, io.Discard), []string{"export", "--data", dir2, "--format", "csv"}); code != 0 {
		t.Fatalf("export csv: exit %d", code)
	}
	if first, _, _ := strings.Cut(csvOut.String(), "\n"); !strings.HasSuffix(first, ",collection") || !strings.Contains(csvOut.String(), ",ours\n") {
		t.Errorf("csv export: header %q, want a collection column holding ours", first)
	}
}

// TestCrawlListNamesSources: one list names a Git repo of our own
// post-mortems, a status page and a feed; a crawl into collection ours
// reads all three. A list fetched from the web may not name a local path.
func TestCrawlListNamesSources(t *testing.T) {
	repo := localtest.Repo(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("GET /api/v2/incidents.json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"page":{"id":"p","name":"Vendor","url":""},"incidents":[{"id":"i1","name":"Queue delays",
"status":"resolved","impact":"minor","created_at":"2024-05-01T10:00:00Z","started_at":"2024-05-01T10:00:00Z",
"resolved_at":"2024-05-01T11:00:00Z","components":[{"name":"Webhooks"}],"incident_updates":[{"status":"resolved",
"body":"Webhook deliveries caught up after the queue backlog was drained.","created_at":"2024-05-01T11:00:00Z"}]}]}`)
	})
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		io.WriteString(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Vendor blog</title>
<entry><title>Post-mortem: login outage</title><link href="/blog/login-outage"/><published>2024-05-03T00:00:00Z</published>
<content type="html">`+html(strings.Repeat("On 2 May at 09:10 UTC logins failed for 40 minutes after a deploy broke session signing. "+
			"The root cause was a key rotation bug; we rolled back at 09:50 UTC and customers were unable to sign in during the outage. ", 4))+`</content></entry>
<entry><title>Announcing dark mode</title><link href="/blog/dark-mode"/><published>2024-05-04T00:00:00Z</published>
<content type="html">`+html(strings.Repeat("We're excited to announce dark mode, now available on every plan. Sign up for the webinar to see the new features. ", 6))+`</content></entry>
</feed>`)
	})
	mux.HandleFunc("GET /list.txt", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "./postmortems\n") })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	list := filepath.Join(t.TempDir(), "ours.txt")
	body := "# our sources\npath: " + repo + "\nstatuspage: " + srv.URL + "\nfeed: " + srv.URL + "/feed.xml\n"
	if err := os.WriteFile(list, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	var errs bytes.Buffer
	env := testEnv(nil, io.Discard, io.Discard)
	env.stderr = &errs
	flags := []string{"--data", dir, "--allow-private", "--delay", "0s", "--no-wayback", "--collection", "ours"}
	if code := run(ctx, env, append([]string{"crawl", "--list", list}, flags...)); code != 0 {
		t.Fatalf("crawl: exit %d: %s", code, errs.String())
	}
	var out bytes.Buffer
	if code := run(ctx, testEnv(nil, &out, io.Discard), []string{"search", "--data", dir, "--json", "--collection", "ours", "--size", "50"}); code != 0 {
		t.Fatalf("search: exit %d", code)
	}
	var res struct {
		Total int
		Hits  []struct{ Title string }
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	titles := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		titles = append(titles, h.Title)
	}
	want := len(localtest.Posts) + 2 // the files, the incident, the feed's post-mortem
	if res.Total != want || !slices.Contains(titles, "Queue delays") || !slices.Contains(titles, "Post-mortem: login outage") ||
		slices.Contains(titles, "Announcing dark mode") {
		t.Errorf("collection ours: got %d %q, want %d with the incident and the feed's post-mortem only", res.Total, titles, want)
	}

	errs.Reset()
	if code := run(ctx, env, append([]string{"crawl", "--list", srv.URL + "/list.txt"}, flags...)); code == 0 ||
		!strings.Contains(errs.String(), "names the local path") {
		t.Errorf("a web list naming a local path: exit %d, stderr %q; want a refusal", code, errs.String())
	}
}

// html escapes text for an Atom content element.
func html(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace("<p>" + s + "</p>")
}
