package parallel

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
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
	calls := atomic.Int64{}
	err = OnAllCores(1000, func(i int) error {
		calls.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || calls.Load() == 1000 {
		t.Errorf("after an error: got %v with %d calls, want boom and fewer than 1000 calls", err, calls.Load())
	}
	if err := OnAllCores(0, func(int) error { return boom }); err != nil {
		t.Errorf("no work: got %v", err)
	}
}
