// Package parallel runs independent calls on every core.
package parallel

import (
	"cmp"
	"runtime"
	"sync"
	"sync/atomic"
)

// OnAllCores calls fn(i) for i from 0 to n-1 on up to GOMAXPROCS
// goroutines, in about that order. After an error no new call starts; it
// returns the first error.
func OnAllCores(n int, fn func(i int) error) error {
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					next.Store(int64(n)) // no new calls
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
