package main

import (
	"flag"
	"io"
	"testing"
	"time"
)

// TestCrawlDelayFlag: --delay 0s reaches the crawler as no delay at all,
// not as "unset" (which the crawler would turn into its 1s default).
func TestCrawlDelayFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want time.Duration
	}{{nil, time.Second}, {[]string{"--delay", "0s"}, 0}, {[]string{"--delay", "250ms"}, 250 * time.Millisecond}} {
		fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var cf crawlFlags
		cf.register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if err := cf.validate(); err != nil {
			t.Fatalf("%v: validate: %v", tc.args, err)
		}
		o := cf.options(env{}, t.TempDir())
		if o.Delay == nil || *o.Delay != tc.want {
			t.Errorf("%v: got delay %v, want %s", tc.args, o.Delay, tc.want)
		}
		fo, err := o.Options.WithDefaults()
		if err != nil || *fo.Delay != tc.want {
			t.Errorf("%v: after the crawler's defaults: got %v, %v; want %s", tc.args, fo.Delay, err, tc.want)
		}
	}
}
