package crawler

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports a crawl as it goes: a live bar when Options.Progress is
// a terminal, otherwise a log line every ProgressEvery.
type progress struct {
	total   int
	start   time.Time
	done    func(status string)
	stop    func()
	n       atomic.Int64
	mu      sync.Mutex
	byState map[string]int
}

func (p *progress) count(status string) {
	p.n.Add(1)
	p.mu.Lock()
	p.byState[status]++
	p.mu.Unlock()
}

// line is the counts part of a progress report.
func (p *progress) line() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("ok %d archived %d failed %d blocked %d",
		p.byState["ok"]+p.byState[StatusUnchanged]+p.byState[StatusFresh], p.byState["archived"],
		p.byState["failed"], p.byState["blocked"])
	for _, st := range []string{"skipped", StatusDone} {
		if n := p.byState[st]; n > 0 {
			line += fmt.Sprintf(" %s %d", st, n)
		}
	}
	return line
}

func (c *Crawler) startProgress(ctx context.Context, total int) *progress {
	p := &progress{total: total, start: time.Now(), byState: map[string]int{}}
	if f, ok := c.opts.Progress.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return p.withBar(f)
	}
	return p.withLog(ctx, c)
}

func (p *progress) withBar(w io.Writer) *progress {
	bar := progressbar.NewOptions(p.total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("crawl"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("pages"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
	)
	p.done = func(status string) {
		p.count(status)
		bar.Describe("crawl " + p.line())
		_ = bar.Add(1)
	}
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			if p.n.Load() >= int64(p.total) {
				_ = bar.Finish()
			} else {
				_ = bar.Exit() // interrupted: show where it stopped, not 100%
			}
			// The bar redraws its line with \r and never ends it: end it
			// here so what follows (the summary) starts on a line of its own.
			_, _ = io.WriteString(w, "\n")
		})
	}
	return p
}

func (p *progress) withLog(ctx context.Context, c *Crawler) *progress {
	p.done = p.count
	ticker := time.NewTicker(c.opts.ProgressEvery)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer ticker.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-ticker.C:
				n := p.n.Load()
				el := time.Since(p.start)
				rate := float64(n) / el.Seconds()
				eta := time.Duration(0)
				if rate > 0 {
					eta = time.Duration(float64(int64(p.total)-n)/rate) * time.Second
				}
				c.log.Info("crawl progress", "done", n, "total", p.total, "counts", p.line(),
					"pages_per_s", fmt.Sprintf("%.1f", rate), "eta", eta.Round(time.Second))
			}
		}
	}()
	var once sync.Once
	p.stop = func() { once.Do(func() { close(quit); wg.Wait() }) }
	return p
}
