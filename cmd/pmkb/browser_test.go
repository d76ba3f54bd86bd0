package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	bt "github.com/pmkb/pmkb/ui/browsertest"
)

// serveForTest runs `pmkb serve` on a fresh data dir until the test ends
// and returns its base URL and data dir.
func serveForTest(t *testing.T) (base, dir string) {
	t.Helper()
	if bt.FindChromium() == "" {
		t.Skip("no chromium binary found; install Debian's chromium to run the browser tests")
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	e := env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""),
		logger: slog.New(slog.DiscardHandler), getenv: func(string) string { return "" }}
	dir = t.TempDir()
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, e, []string{"--data", dir, "--addr", addr}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop within 15s")
		}
	})
	base = "http://" + addr
	waitReady(t, base, done, time.Now())
	return base, dir
}

// TestBrowserTalkBasket builds a basket of three incidents from search
// results in the browser, moves the last one up, and exports the
// Markdown table: the page's table, the export button's file and `pmkb
// export --ids` (offline, on another data dir) give the same bytes.
func TestBrowserTalkBasket(t *testing.T) {
	base, _ := serveForTest(t)
	s := bt.New(t, base)
	s.Open("/?q=database")
	for i := 1; i <= 3; i++ {
		s.Step("add a result", chromedp.Click(chromedp.CSS(`.hit:nth-child(`+string(rune('0'+i))+`) .basket-toggle`)))
	}
	if got := s.Text("#nav-selection"); !strings.Contains(got, "(3)") {
		t.Errorf("nav after three adds: got %q, want (3)", got)
	}
	picked := bt.Eval[[]string](s, `[...document.querySelectorAll(".hit")].slice(0, 3).map(h => h.querySelector(".basket-toggle").dataset.id)`)
	s.Open("/incidents/" + picked[0]) // the basket works across pages
	if got := bt.Eval[string](s, `document.querySelector(".links .basket-toggle").getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("incident page: the add button is not pressed for a basket member (%q)", got)
	}
	s.Step("open the selection", bt.LoadAfter(chromedp.Click(chromedp.ID("nav-selection"))))
	s.Step("move the last one up", bt.LoadAfter(chromedp.Click(chromedp.CSS(`ol.selection li:nth-child(3) .move-up`))))
	s.Screenshot("selection.png")
	order := strings.Split(bt.Eval[string](s, `document.getElementById("selection").dataset.ids`), ",")
	want := []string{picked[0], picked[2], picked[1]}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Fatalf("selection after the move: got %v, want %v", order, want)
	}
	if got := bt.Eval[string](s, `localStorage.getItem("pmkb-selection")`); got != `["`+strings.Join(want, `","`)+`"]` {
		t.Errorf("basket after the move: got %s, want the new order kept", got)
	}
	table := bt.Eval[string](s, `document.getElementById("md").value`)
	file := bt.Eval[string](s, `fetch(document.querySelector('[data-format="md"]').href).then(r => r.text())`)
	code, cli, stderr := runCLI(t, "export", "--data", t.TempDir(), "--ids", strings.Join(order, ","))
	if code != 0 {
		t.Fatalf("pmkb export --ids: exit %d, %s", code, stderr)
	}
	if table != cli || file != cli || !strings.HasPrefix(cli, "| Company | Incident | Date | Link |\n|---|---|---|---|\n") || strings.Count(cli, "\n") != 5 {
		t.Errorf("Markdown differs:\npage:\n%s\nexport button:\n%s\npmkb export:\n%s", table, file, cli)
	}
	s.ConsoleErrors()
}
