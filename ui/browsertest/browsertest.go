// Package browsertest drives Debian's chromium through chromedp for the
// browser tests of ui and cmd/pmkb: a headless browser per test, steps that
// fail the test, the console's errors, and an axe-core accessibility run
// with the copy vendored in ui/testdata/axe (never a CDN).
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// FindChromium returns a Chromium or Chrome binary, or "" when the machine
// has none (CI installs Debian's chromium).
func FindChromium() string {
	if p := os.Getenv("PMKB_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Session is one headless browser on one test server, gathering the
// errors its pages log to the console.
type Session struct {
	T   testing.TB
	URL string // the server's base URL
	Ctx context.Context

	mu       sync.Mutex
	problems []string
}

// New starts a headless browser for t against the server at base, or skips
// t when the machine has no chromium. The browser stops when t ends.
func New(t testing.TB, base string) *Session {
	t.Helper()
	bin := FindChromium()
	if bin == "" {
		t.Skip("no chromium binary found; install Debian's chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	s := &Session{T: t, URL: base, Ctx: ctx}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				s.mu.Lock()
				s.problems = append(s.problems, m.String())
				s.mu.Unlock()
			}
		}
	}()
	return s
}

// Step runs one action, failing the test when it does not finish within
// 20 seconds.
func (s *Session) Step(name string, a chromedp.Action[chromedp.Void]) {
	s.T.Helper()
	ctx, cancel := context.WithTimeout(s.Ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, a); err != nil {
		s.T.Fatalf("%s: %v", name, err)
	}
}

// Open loads path (with its query) and waits for the page.
func (s *Session) Open(path string) {
	s.T.Helper()
	s.Step("open "+path, chromedp.Navigate(s.URL+path))
}

// Text returns the text of the first element matching sel.
func (s *Session) Text(sel string) string {
	s.T.Helper()
	got, err := chromedp.Run(s.Ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		s.T.Fatalf("text of %s: %v", sel, err)
	}
	return got
}

// Eval evaluates a JavaScript expression and returns its value.
func Eval[T any](s *Session, expr string) T {
	s.T.Helper()
	ctx, cancel := context.WithTimeout(s.Ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		s.T.Fatalf("evaluate %.60s: %v", expr, err)
	}
	return v
}

// Location is the current page's URL.
func (s *Session) Location() string {
	s.T.Helper()
	loc, err := chromedp.Run(s.Ctx, chromedp.Location())
	if err != nil {
		s.T.Fatalf("location: %v", err)
	}
	return loc
}

// WaitFor waits until the JavaScript condition holds, failing after 10s.
func (s *Session) WaitFor(what, cond string) {
	s.T.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !Eval[bool](s, "!!("+cond+")") {
		if time.Now().After(deadline) {
			s.T.Fatalf("waited 10s for %s (%s)", what, cond)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ConsoleErrors fails the test for every error a page logged so far.
func (s *Session) ConsoleErrors() {
	s.T.Helper()
	time.Sleep(100 * time.Millisecond) // let the last console events arrive
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.problems {
		s.T.Errorf("browser console: %s", p)
	}
	s.problems = nil
}

// LoadAfter runs a and waits for the page it leads to.
func LoadAfter(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, a)(ctx, tg)
		return err
	})
}

// ColorScheme emulates prefers-color-scheme ("light" or "dark").
func ColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

var axeSource = sync.OnceValues(func() (string, error) {
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "testdata", "axe", "axe.min.js"))
	return string(b), err
})

// Axe runs axe-core on the current page (WCAG 2.1 A and AA and axe's best
// practices) and fails the test for every violation, naming where.
func (s *Session) Axe(where string) {
	s.T.Helper()
	src, err := axeSource()
	if err != nil {
		s.T.Fatalf("axe-core: %v", err)
	}
	Eval[bool](s, src+";true")
	out := Eval[[]string](s, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
	  .then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " at " +
	    v.nodes.slice(0, 3).map(n => n.target.join(" ") + (n.failureSummary ? " [" + n.failureSummary.replace(/\s+/g, " ").slice(0, 160) + "]" : "")).join("; ")))`)
	for _, v := range out {
		s.T.Errorf("%s: axe: %s", where, v)
	}
}

// Screenshot saves the page to $PMKB_SCREENSHOTS/name when that is set.
func (s *Session) Screenshot(name string) {
	s.T.Helper()
	dir := os.Getenv("PMKB_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(s.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		s.T.Fatalf("screenshot: %v", err)
	}
	name = strings.NewReplacer("/", "_", "?", "_", "=", "-", "&", "_").Replace(name)
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		s.T.Fatalf("screenshot: %v", fmt.Errorf("write %s: %w", name, err))
	}
}
