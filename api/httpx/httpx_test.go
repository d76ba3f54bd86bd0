package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
)

func init() { gin.SetMode(gin.TestMode) }

func TestGetAndHead(t *testing.T) {
	e := gin.New()
	httpx.GetAndHead(e, "/json", func(c *gin.Context) { c.JSON(http.StatusTeapot, gin.H{"a": 1}) })
	httpx.GetAndHead(e, "/string", func(c *gin.Context) { c.String(http.StatusOK, "hello") })
	httpx.GetAndHead(e, "/data", func(c *gin.Context) {
		c.Header("X-Kept", "yes")
		c.Data(http.StatusCreated, "text/html; charset=utf-8", []byte("<p>page</p>"))
	})
	for _, path := range []string{"/json", "/string", "/data"} {
		t.Run(path, func(t *testing.T) {
			g := httpxtest.Get(t, e, path)
			h := httpxtest.Do(t, e, http.MethodHead, path, "", nil)
			if g.Body.Len() == 0 {
				t.Fatalf("GET %s: got an empty body", path)
			}
			if h.Code != g.Code {
				t.Errorf("HEAD %s: got status %d, want GET's %d", path, h.Code, g.Code)
			}
			if h.Body.Len() != 0 {
				t.Errorf("HEAD %s: got %d body bytes, want none", path, h.Body.Len())
			}
			for _, k := range []string{"Content-Type", "X-Kept"} {
				if got, want := h.Header().Get(k), g.Header().Get(k); got != want {
					t.Errorf("HEAD %s: got %s %q, want GET's %q", path, k, got, want)
				}
			}
		})
	}
	if w := httpxtest.Do(t, e, http.MethodPost, "/json", "", nil); w.Code != http.StatusNotFound {
		t.Errorf("POST /json: got %d, want 404 (only GET and HEAD are mounted)", w.Code)
	}
}

func TestRecover(t *testing.T) {
	answer := func(c *gin.Context) { c.String(http.StatusInternalServerError, "generic answer") }
	tests := []struct {
		name       string
		handle     gin.HandlerFunc
		wantStatus int
		wantBody   string
		wantLog    bool
	}{
		{"no panic", func(c *gin.Context) { c.String(http.StatusOK, "fine") }, 200, "fine", false},
		{"panic before writing", func(c *gin.Context) { panic("secret /srv/path") }, 500, "generic answer", true},
		{"panic after writing", func(c *gin.Context) {
			c.String(http.StatusAccepted, "half")
			panic("late")
		}, 202, "half", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			e := gin.New()
			e.GET("/", httpx.Recover(slog.New(slog.NewTextHandler(&logs, nil)), "test: panicked", answer), tc.handle)
			w := httpxtest.Get(t, e, "/")
			if w.Code != tc.wantStatus || w.Body.String() != tc.wantBody {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body, tc.wantStatus, tc.wantBody)
			}
			if got := strings.Contains(logs.String(), "test: panicked"); got != tc.wantLog {
				t.Errorf("got logged %v, want %v (log %q)", got, tc.wantLog, logs.String())
			}
			if strings.Contains(w.Body.String(), "secret") {
				t.Errorf("the panic value reached the client: %q", w.Body)
			}
		})
	}
}

func TestRecoverLetsAbortHandlerThrough(t *testing.T) {
	e := gin.New()
	e.GET("/", httpx.Recover(slog.New(slog.DiscardHandler), "test: panicked", func(*gin.Context) {}),
		func(*gin.Context) { panic(http.ErrAbortHandler) })
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("got panic %v, want http.ErrAbortHandler re-raised", v)
		}
	}()
	httpxtest.Get(t, e, "/")
}

func TestBudget(t *testing.T) {
	tests := []struct {
		name         string
		budget       time.Duration
		wantDeadline bool
	}{
		{"budget", time.Minute, true},
		{"zero", 0, false},
		{"negative", -time.Second, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var seen context.Context
			e := gin.New()
			e.Use(httpx.Budget(tc.budget))
			e.GET("/", func(c *gin.Context) { seen = c.Request.Context() })
			before := time.Now()
			httpxtest.Get(t, e, "/")
			dl, ok := seen.Deadline()
			if ok != tc.wantDeadline {
				t.Fatalf("got a deadline %v, want %v", ok, tc.wantDeadline)
			}
			if ok && (dl.Before(before.Add(tc.budget)) || dl.After(time.Now().Add(tc.budget))) {
				t.Errorf("got deadline %v, want %v from the request's start", dl.Sub(before), tc.budget)
			}
			if ok && seen.Err() == nil {
				t.Errorf("the budget's context is still live after the request; want it released")
			}
		})
	}
}

func TestBudgetRunsOut(t *testing.T) {
	e := gin.New()
	e.Use(httpx.Budget(time.Nanosecond))
	e.GET("/", func(c *gin.Context) {
		<-c.Request.Context().Done()
		err := fmt.Errorf("search: %w", c.Request.Context().Err())
		if httpx.ClientGone(c, err) {
			c.Status(httpx.StatusClientClosed)
			return
		}
		c.Status(http.StatusServiceUnavailable)
	})
	if w := httpxtest.Get(t, e, "/"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("got %d, want 503: a spent budget is not a client that hung up", w.Code)
	}
}

func TestClientGone(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"client hung up", canceled, fmt.Errorf("search: %w", context.Canceled), true},
		{"budget spent", expired, fmt.Errorf("search: %w", context.DeadlineExceeded), false},
		{"canceled inside the server", context.Background(), context.Canceled, false},
		{"other error, client gone", canceled, errors.New("boom"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest(http.MethodGet, "/", nil).WithContext(tc.ctx)
			if got := httpx.ClientGone(c, tc.err); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewEngineAnswers405(t *testing.T) {
	e := httpx.NewEngine()
	e.GET("/x", func(c *gin.Context) { c.Status(http.StatusOK) })
	e.NoMethod(func(c *gin.Context) { c.String(http.StatusMethodNotAllowed, "no method") })
	e.NoRoute(func(c *gin.Context) { c.String(http.StatusNotFound, "no route") })
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/x", 200},
		{http.MethodPost, "/x", 405},
		{http.MethodGet, "/y", 404},
	} {
		if w := httpxtest.Do(t, e, tc.method, tc.path, "", nil); w.Code != tc.want {
			t.Errorf("%s %s: got %d, want %d", tc.method, tc.path, w.Code, tc.want)
		}
	}
	if n := len(e.Handlers); n != 0 {
		t.Errorf("got %d middleware, want none: callers choose theirs", n)
	}
}

func TestPathID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"11e2ec7b880dcb16", true},
		{"imported_ID-7", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"a.b", false},
		{"%3Cscript%3E", false},
		{"caf%C3%A9", false},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			var got string
			var ok bool
			e := gin.New()
			e.GET("/incidents/:id", func(c *gin.Context) { got, ok = httpx.PathID(c) })
			httpxtest.Get(t, e, "/incidents/"+tc.id)
			if ok != tc.want {
				t.Errorf("got %q plausible %v, want %v", got, ok, tc.want)
			}
		})
	}
}
