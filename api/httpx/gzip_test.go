package httpx_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
)

func TestGzip(t *testing.T) {
	big := strings.Repeat("incident ", 400)
	e := gin.New()
	e.Use(httpx.Gzip())
	httpx.GetAndHead(e, "/json", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"text": big}) })
	httpx.GetAndHead(e, "/html", func(c *gin.Context) { c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(big)) })
	e.GET("/feed", func(c *gin.Context) { c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", []byte(big)) })
	e.GET("/small", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/png", func(c *gin.Context) { c.Data(http.StatusOK, "image/png", []byte(big)) })
	e.GET("/error", func(c *gin.Context) { c.JSON(http.StatusNotFound, gin.H{"text": big}) })
	e.GET("/twice", func(c *gin.Context) {
		c.Header("Content-Type", "text/plain")
		c.Writer.WriteString(big[:600])
		c.Writer.WriteString(big[600:])
	})
	srv := httptest.NewServer(e)
	defer srv.Close()

	tests := []struct {
		path, accept string
		wantGzip     bool
	}{
		{"/json", "gzip", true},
		{"/html", "gzip, deflate, br", true},
		{"/feed", "gzip", true},
		{"/twice", "*", true},
		{"/error", "gzip", true},
		{"/json", "", false},
		{"/json", "gzip;q=0", false},
		{"/json", "br", false},
		{"/small", "gzip", false},
		{"/png", "gzip", false},
	}
	for _, tc := range tests {
		t.Run(tc.path+" "+tc.accept, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			resp, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body io.Reader = resp.Body
			got := resp.Header.Get("Content-Encoding") == "gzip"
			if got != tc.wantGzip {
				t.Fatalf("got gzip %v, want %v", got, tc.wantGzip)
			}
			if got {
				zr, err := gzip.NewReader(resp.Body)
				if err != nil {
					t.Fatal(err)
				}
				body = zr
			}
			b, err := io.ReadAll(body)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "incident") && tc.path != "/small" {
				t.Errorf("body lost: %.80q", b)
			}
			if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("got Vary %q, want Accept-Encoding", resp.Header.Get("Vary"))
			}
		})
	}
	t.Run("HEAD", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodHead, "/json", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != 200 || w.Body.Len() != 0 {
			t.Errorf("got %d with %d body bytes, want 200 and none", w.Code, w.Body.Len())
		}
	})
}

// TestGzipPanicAfterSmallWrite: a handler that wrote a few bytes (held
// back) and then panicked counts as having written, so Recover does not
// answer a second time.
func TestGzipPanicAfterSmallWrite(t *testing.T) {
	answered := false
	e := gin.New()
	e.Use(httpx.Gzip(), httpx.Recover(nopLogger(), "panicked", func(c *gin.Context) { answered = true }))
	e.GET("/", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"a": 1})
		panic("late")
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	if answered {
		t.Error("Recover answered again after the handler had written")
	}
	if w.Body.String() != `{"a":1}` {
		t.Errorf("got body %q, want the handler's", w.Body)
	}
	_ = httpxtest.Get
}
