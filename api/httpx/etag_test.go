package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
)

func TestETag(t *testing.T) {
	var version atomic.Int64
	var calls atomic.Int64
	e := gin.New()
	g := e.Group("", httpx.ETag(func() string { return "v" + strconv.FormatInt(version.Load(), 10) }))
	httpx.GetAndHead(g, "/search", func(c *gin.Context) {
		calls.Add(1)
		if c.Query("q") == "bad" {
			c.JSON(http.StatusBadRequest, gin.H{"error": "bad"})
			return
		}
		c.JSON(http.StatusOK, gin.H{"hits": []string{"a"}})
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	do := func(method, path, inm string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	first := do("GET", "/search?q=dns", "")
	tag := first.Header.Get("ETag")
	if first.StatusCode != 200 || tag != `W/"v0"` {
		t.Fatalf("first GET: got %d ETag %q, want 200 W/\"v0\"", first.StatusCode, tag)
	}
	before := calls.Load()
	for _, inm := range []string{tag, `"v0"`, `W/"other", W/"v0"`, "*"} {
		if r := do("GET", "/search?q=dns", inm); r.StatusCode != http.StatusNotModified || r.Header.Get("ETag") != tag {
			t.Errorf("If-None-Match %s: got %d ETag %q, want 304 with the tag", inm, r.StatusCode, r.Header.Get("ETag"))
		}
	}
	if r := do("HEAD", "/search?q=dns", tag); r.StatusCode != http.StatusNotModified {
		t.Errorf("HEAD with the tag: got %d, want 304", r.StatusCode)
	}
	if calls.Load() != before {
		t.Errorf("the handler ran %d times for 304s; want none", calls.Load()-before)
	}
	version.Add(1) // a write to the index
	if r := do("GET", "/search?q=dns", tag); r.StatusCode != 200 || r.Header.Get("ETag") != `W/"v1"` {
		t.Errorf("after a write: got %d ETag %q, want 200 W/\"v1\"", r.StatusCode, r.Header.Get("ETag"))
	}
	if r := do("GET", "/search?q=bad", ""); r.StatusCode != 400 || r.Header.Get("ETag") != "" {
		t.Errorf("an error: got %d ETag %q, want 400 without a tag", r.StatusCode, r.Header.Get("ETag"))
	}
}
