package httpx_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
)

func nopLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestSecureHeaders(t *testing.T) {
	for _, hsts := range []bool{false, true} {
		e := gin.New()
		e.Use(httpx.SecureHeaders(hsts))
		e.GET("/json", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{}) })
		e.NoRoute(func(c *gin.Context) { c.JSON(http.StatusNotFound, gin.H{}) })
		for _, path := range []string{"/json", "/nowhere"} {
			w := httptest.NewRecorder()
			e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			for _, k := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy", "Cross-Origin-Resource-Policy"} {
				if w.Header().Get(k) == "" {
					t.Errorf("%s (hsts %v): no %s", path, hsts, k)
				}
			}
			if got := w.Header().Get("Strict-Transport-Security") != ""; got != hsts {
				t.Errorf("%s: got HSTS %v, want %v", path, got, hsts)
			}
		}
	}
}

func TestRequestID(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(httpx.NewLogHandler(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	e := gin.New()
	e.Use(httpx.RequestID(), httpx.AccessLog(log))
	e.GET("/", func(c *gin.Context) {
		log.InfoContext(c.Request.Context(), "inside the handler")
		c.String(http.StatusOK, httpx.RequestIDFrom(c.Request.Context()))
	})
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"none sent", "", false},
		{"a proxy's id", "req-7f3a.2", true},
		{"a forged log line", "x\nlevel=ERROR", false},
		{"too long", strings.Repeat("a", 65), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.sent != "" {
				req.Header.Set(httpx.RequestIDHeader, tc.sent)
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, req)
			id := w.Header().Get(httpx.RequestIDHeader)
			if id == "" || id != w.Body.String() {
				t.Fatalf("got header %q and context %q, want one id in both", id, w.Body)
			}
			if (id == tc.sent) != tc.keep {
				t.Errorf("got id %q for %q sent; want kept %v", id, tc.sent, tc.keep)
			}
			lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
			if len(lines) != 2 {
				t.Fatalf("got %d log lines, want 2 (handler, access):\n%s", len(lines), logs.String())
			}
			for _, l := range lines {
				var rec map[string]any
				if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["request_id"] != id {
					t.Errorf("log line without request_id %q: %s", id, l)
				}
			}
		})
	}
}

// TestHeaderLimit sends real requests: headers over pmkb's limit but under
// the server's get pmkb's own 431, in the JSON shape; only headers over the
// server's hard limit get Go's plain-text answer.
func TestHeaderLimit(t *testing.T) {
	e := gin.New()
	e.Use(httpx.HeaderLimit(8<<10, jsonFail))
	e.GET("/", func(c *gin.Context) { c.String(http.StatusOK, "fine") })
	srv := httptest.NewUnstartedServer(e)
	srv.Config.MaxHeaderBytes = 64 << 10
	srv.Config.ReadHeaderTimeout = 5 * time.Second
	srv.Start()
	defer srv.Close()
	tests := []struct {
		name       string
		header     int
		wantStatus int
		wantJSON   bool
	}{
		{"small", 100, 200, false},
		{"over pmkb's limit", 9 << 10, 431, true},
		{"many headers over pmkb's limit", -1, 431, true},
		{"over the server's limit", 80 << 10, 431, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var extra strings.Builder
			if tc.header < 0 {
				for i := range 200 {
					fmt.Fprintf(&extra, "X-H%d: %s\r\n", i, strings.Repeat("v", 50))
				}
			} else {
				fmt.Fprintf(&extra, "X-Big: %s\r\n", strings.Repeat("b", tc.header))
			}
			status, ct := rawGet(t, srv.Listener.Addr().String(), extra.String())
			if status != tc.wantStatus {
				t.Errorf("got %d, want %d", status, tc.wantStatus)
			}
			if got := strings.HasPrefix(ct, "application/json"); got != tc.wantJSON {
				t.Errorf("got Content-Type %q, want JSON %v", ct, tc.wantJSON)
			}
		})
	}
}

// rawGet sends GET / with extra header lines over a fresh connection and
// returns the status and Content-Type of the answer.
func rawGet(t *testing.T, addr, extra string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: test\r\n%sConnection: close\r\n\r\n", extra)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Content-Type")
}
