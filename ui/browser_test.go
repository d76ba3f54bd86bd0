package ui_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pmkb/pmkb/index/indextest"
	"github.com/pmkb/pmkb/ui"
)

// findChromium returns a Chromium or Chrome binary, or "" when the machine
// has none (CI installs Debian's chromium).
func findChromium() string {
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

// newBrowser starts a headless browser for one test and returns its
// context; the browser stops when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("no chromium binary found; install Debian's chromium to run the browser test")
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
	return ctx
}

// session is one test server driven by a headless browser (the context
// newSession returns), gathering the errors the pages log to the console.
type session struct {
	t   *testing.T
	url string

	mu       sync.Mutex
	problems []string
}

func newSession(t *testing.T) (context.Context, *session) {
	t.Helper()
	ctx := newBrowser(t)
	srv := httptest.NewServer(newEngine(t, ui.Options{}))
	t.Cleanup(srv.Close)
	s := &session{t: t, url: srv.URL}
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
	return ctx, s
}

// step runs one action, failing the test when it does not finish.
func (s *session) step(ctx context.Context, name string, a chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(sctx, a); err != nil {
		s.t.Fatalf("%s: %v", name, err)
	}
}

// text returns the text of the first element matching sel.
func (s *session) text(ctx context.Context, sel string) string {
	s.t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		s.t.Fatalf("text of %s: %v", sel, err)
	}
	return got
}

// consoleErrors reports what the pages logged as errors so far.
func (s *session) consoleErrors() {
	s.t.Helper()
	time.Sleep(100 * time.Millisecond) // let the last console events arrive
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.problems {
		s.t.Errorf("browser console: %s", p)
	}
}

// loadAfter runs a and waits for the page it leads to.
func loadAfter(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, a)(ctx, tg)
		return err
	})
}

// TestBrowserSearchFlow drives the real page: type a query, submit, see
// results, narrow by a facet, open a record. Set PMKB_SCREENSHOTS to a
// directory to keep screenshots of each step for a look by eye.
func TestBrowserSearchFlow(t *testing.T) {
	ctx, s := newSession(t)
	s.step(ctx, "open the search page", chromedp.Navigate(s.url+"/"))
	if got := s.text(ctx, "#results-heading"); !strings.Contains(got, "of 6 post-mortems") {
		t.Errorf("home page heading: got %q, want all 6 post-mortems", got)
	}
	s.step(ctx, "type a query", chromedp.SendKeys(chromedp.ID("q"), "replica partition"))
	s.step(ctx, "submit", loadAfter(chromedp.Submit(chromedp.ID("q"))))
	screenshot(t, ctx, "search.png")
	if got := s.text(ctx, ".hits"); !strings.Contains(got, "MySQL failover split brain at Globex") {
		t.Fatalf("results: got %q, want the Globex post-mortem", got)
	}
	narrowAndSort(ctx, s)
	s.step(ctx, "open the first record", loadAfter(chromedp.Click(chromedp.CSS(".hit h3 a"))))
	screenshot(t, ctx, "record.png")
	if got := s.text(ctx, "article.record h1"); got != "MySQL failover split brain at Globex" {
		t.Errorf("record title: got %q, want the Globex post-mortem", got)
	}
	for _, p := range []string{"/", "/incidents/" + indextest.Fixtures()[0].ID, "/stats", "/wheel?category=time", "/similar?text=leap+second"} {
		s.step(ctx, "open "+p, chromedp.Navigate(s.url+p))
		if p != "/" && !strings.HasPrefix(p, "/incidents/") {
			screenshot(t, ctx, strings.Trim(strings.NewReplacer("/", "", "?", "-", "=", "-", "+", "-").Replace(p), "-")+".png")
		}
		checkA11y(t, ctx, p)
	}
	s.consoleErrors()
	// Last, as the browser logs its 404 status as a console error.
	s.step(ctx, "open a missing page", chromedp.Navigate(s.url+"/nope"))
	checkA11y(t, ctx, "/nope")
}

// narrowAndSort clicks a facet on the full list and sorts with the select,
// which must keep the filter.
func narrowAndSort(ctx context.Context, s *session) {
	t := s.t
	t.Helper()
	s.step(ctx, "back to all records", loadAfter(chromedp.Navigate(s.url+"/?q=")))
	s.step(ctx, "click the Database facet", loadAfter(chromedp.Click(chromedp.CSS(`#facet-category a[href*="category=database"]`))))
	if got := s.text(ctx, ".active"); !strings.Contains(got, "Category: Database") {
		t.Errorf("active filters: got %q, want Category: Database", got)
	}
	if got := s.text(ctx, "#results-heading"); !strings.Contains(got, "of 2 post-mortems") {
		t.Errorf("filtered heading: got %q, want 2 post-mortems", got)
	}
	if got := s.text(ctx, ".hits"); strings.Contains(got, "Initech") {
		t.Errorf("filtered results still list Initech: %q", got)
	}
	s.step(ctx, "sort by oldest with the select", loadAfter(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`(() => { const s = document.getElementById("sort"); s.value = "oldest"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)(ctx, tg)
		return err
	})))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "sort=oldest") || !strings.Contains(loc, "category=database") {
		t.Errorf("after choosing a sort: location %q (%v), want sort=oldest kept with the filter", loc, err)
	}
}

func checkA11y(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yCheck))
	if err != nil {
		t.Fatalf("%s: accessibility check: %v", page, err)
	}
	for _, pr := range problems {
		t.Errorf("%s: %s", page, pr)
	}
}

// a11yCheck lists basic accessibility faults of the page in the browser:
// the document language, exactly one h1, a label for every form control,
// text on every link and button, and no skipped heading levels.
const a11yCheck = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push("html has no lang");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) out.push("page has " + h1 + " h1 elements");
  document.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(el => {
    if (!el.labels || el.labels.length === 0) out.push("control without label: " + (el.id || el.name));
  });
  document.querySelectorAll("a, button").forEach(el => {
    if (!el.textContent.trim() && !el.getAttribute("aria-label")) out.push("empty " + el.tagName + ": " + el.outerHTML.slice(0, 80));
  });
  let last = 0;
  document.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(h => {
    const n = +h.tagName[1];
    if (last && n > last + 1) out.push("heading jumps from h" + last + " to " + h.tagName + ": " + h.textContent.trim().slice(0, 40));
    last = n;
  });
  return out;
})()`

// screenshot saves the page to $PMKB_SCREENSHOTS/name when that is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PMKB_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
}
