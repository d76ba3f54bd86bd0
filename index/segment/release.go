package segment

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// ReleaseMapped drops this process's page mappings of segment files
// (zapx's .zap files, which scorch maps into memory) without touching the
// files or the page cache: the next read of a page maps it again, from
// the cache when it is still there. A bulk write reads back every segment
// it wrote (dedupe lookups, stored records, the final merge reads them
// all), and the mapped pages stayed counted in the process's resident
// memory: at 100k records about 0.6 GB while indexing and 1 GB during the
// merge, on top of the heap. It returns the bytes it released; errors are
// ignored (it is an optimisation: where /proc is absent it does nothing).
func ReleaseMapped() int64 {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0
	}
	var total int64
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		// "start-end perms offset dev inode path"
		f := bytes.Fields(sc.Bytes())
		if len(f) < 6 || !bytes.HasSuffix(f[5], []byte(".zap")) || f[1][1] == 'w' {
			continue
		}
		lo, hi, ok := bytes.Cut(f[0], []byte("-"))
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(string(lo), 16, 64)
		end, err2 := strconv.ParseUint(string(hi), 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		// MADV_DONTNEED on a read-only file mapping only unmaps its pages;
		// no data can be lost, and a concurrent reader faults them back in.
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED)
		if errno == 0 {
			total += int64(end - start)
		}
	}
	return total
}

// Releasing calls ReleaseMapped every interval until stop is called: for
// the length of a bulk write or a merge, which read segment files faster
// than anything else would let the kernel reclaim their pages.
func Releasing(interval time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				ReleaseMapped()
				return
			case <-t.C:
				ReleaseMapped()
			}
		}
	}()
	return func() { close(done); <-finished }
}
