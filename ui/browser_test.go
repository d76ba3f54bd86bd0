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

// TestBrowserSearchFlow drives the real page: type a query, submit, see
// results, narrow by a facet, open a record. Set PMKB_SCREENSHOTS to a
// directory to keep screenshots of each step for a look by eye.
func TestBrowserSearchFlow(t *testing.T) {
	ctx := newBrowser(t)
	srv := httptest.NewServer(newEngine(t, ui.Options{}))
	t.Cleanup(srv.Close)

	var mu sync.Mutex
	var problems []string
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()

	step := func(name string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if _, err := chromedp.Run(sctx, a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	loadAfter := func(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.WaitEvent(page.LoadEventFired, nil, a)(ctx, tg)
			return err
		})
	}

	step("open the search page", chromedp.Navigate(srv.URL+"/"))
	if got := text("#results-heading"); !strings.Contains(got, "of 6 post-mortems") {
		t.Errorf("home page heading: got %q, want all 6 post-mortems", got)
	}
	step("type a query", chromedp.SendKeys(chromedp.ID("q"), "replica partition"))
	step("submit", loadAfter(chromedp.Submit(chromedp.ID("q"))))
	screenshot(t, ctx, "search.png")
	if got := text(".hits"); !strings.Contains(got, "MySQL failover split brain at Globex") {
		t.Fatalf("results: got %q, want the Globex post-mortem", got)
	}

	step("back to all records", loadAfter(chromedp.Navigate(srv.URL+"/?q=")))
	step("click the Database facet", loadAfter(chromedp.Click(chromedp.CSS(`#facet-category a[href*="category=database"]`))))
	if got := text(".active"); !strings.Contains(got, "Category: Database") {
		t.Errorf("active filters: got %q, want Category: Database", got)
	}
	if got := text("#results-heading"); !strings.Contains(got, "of 2 post-mortems") {
		t.Errorf("filtered heading: got %q, want 2 post-mortems", got)
	}
	if got := text(".hits"); strings.Contains(got, "Initech") {
		t.Errorf("filtered results still list Initech: %q", got)
	}

	step("sort by oldest with the select", loadAfter(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`(() => { const s = document.getElementById("sort"); s.value = "oldest"; s.dispatchEvent(new Event("change")); })()`)(ctx, tg)
		return err
	})))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "sort=oldest") || !strings.Contains(loc, "category=database") {
		t.Errorf("after choosing a sort: location %q (%v), want sort=oldest kept with the filter", loc, err)
	}

	step("open the first record", loadAfter(chromedp.Click(chromedp.CSS(".hit h3 a"))))
	screenshot(t, ctx, "record.png")
	if got := text("article.record h1"); got != "MySQL failover split brain at Globex" {
		t.Errorf("record title: got %q, want the Globex post-mortem", got)
	}

	for _, p := range []string{"/", "/incidents/" + indextest.Fixtures()[0].ID, "/stats", "/wheel?category=time", "/similar?text=leap+second"} {
		step("open "+p, chromedp.Navigate(srv.URL+p))
		if p != "/" && !strings.HasPrefix(p, "/incidents/") {
			screenshot(t, ctx, strings.Trim(strings.NewReplacer("/", "", "?", "-", "=", "-", "+", "-").Replace(p), "-")+".png")
		}
		checkA11y(t, ctx, p)
	}

	time.Sleep(100 * time.Millisecond) // let the last console events arrive
	mu.Lock()
	for _, p := range problems {
		t.Errorf("browser console: %s", p)
	}
	mu.Unlock()

	// Last, as the browser logs its 404 status as a console error.
	step("open a missing page", chromedp.Navigate(srv.URL+"/nope"))
	checkA11y(t, ctx, "/nope")
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
