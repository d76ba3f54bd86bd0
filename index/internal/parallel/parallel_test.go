package parallel

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestOnAllCores(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	err := OnAllCores(1000, func(i int) error {
		mu.Lock()
		seen[i]++
		mu.Unlock()
		return nil
	})
	if err != nil || len(seen) != 1000 {
		t.Fatalf("got %d calls (%v), want 1000", len(seen), err)
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("fn(%d) ran %d times", i, n)
		}
	}
	boom := errors.New("boom")
	// The first call fails at once; the others take a millisecond each, so
	// the other workers make a few calls at most before the failure stops
	// them (all 1000 only if nothing stops them, or after a second's stall).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	var calls atomic.Int64
	err = OnAllCores(1000, func(i int) error {
		calls.Add(1)
		if i == 0 {
			return boom
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if !errors.Is(err, boom) || calls.Load() > 500 {
		t.Errorf("after an error: got %v with %d calls, want boom and few calls", err, calls.Load())
	}
	if err := OnAllCores(0, func(int) error { return boom }); err != nil {
		t.Errorf("no work: got %v", err)
	}
}
