// Package testutil holds the helpers the crawler tree's tests share.
package testutil

import (
	"bytes"
	"flag"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
)

// Update is the -update flag: a test that compares output with golden files
// rewrites them instead (go test ./crawler/extract -update).
var Update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// SyncBuffer is a bytes.Buffer safe for concurrent writers and readers: a
// log destination for code that logs from several goroutines.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// LineDiff shows the lines that differ between want and got, in order, each
// cut to 300 bytes: "- " the line wanted, "+ " the line got.
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + cut(wl, 300) + "\n+ " + cut(gl, 300) + "\n")
		}
	}
	return b.String()
}

// cut shortens s to at most n bytes, on a character boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// ProcessCPU is the user and system CPU time the process has used: on a
// shared machine, a steadier measure of a benchmark's cost than wall time.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
