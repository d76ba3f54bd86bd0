package testutil

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestLineDiff(t *testing.T) {
	if got := LineDiff("a\nb\nc", "a\nb\nc"); got != "" {
		t.Errorf("same text: got %q, want no lines", got)
	}
	if got, want := LineDiff("a\nb\nc", "a\nB\nc\nd"), "- b\n+ B\n- \n+ d\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	long := strings.Repeat("é", 200)
	if got := LineDiff(long, ""); !strings.HasPrefix(got, "- ") || len(got) > 320 || !strings.Contains(got, "…") {
		t.Errorf("a long line: got %d bytes %q, want it cut to about 300", len(got), got)
	}
}

func TestSyncBuffer(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() { fmt.Fprintf(&b, "line %d\n", i) })
	}
	wg.Wait()
	if n := strings.Count(b.String(), "\n"); n != 8 {
		t.Errorf("got %d lines, want 8", n)
	}
}
