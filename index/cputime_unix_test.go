//go:build unix

package index

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used so far, all threads
// included; benchmarks report it besides wall time because the machine is
// shared and wall time measures the neighbours too.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
