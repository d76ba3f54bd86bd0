// Package jobs runs pmkb's background write jobs one at a time and keeps
// their status for whoever asks.
//
// A job is a function (a crawl, a reindex, one added URL) started by the
// admin API or a schedule inside the serving process. The Runner refuses a
// second job while one runs (ErrBusy), reports each job's progress, and
// cancels and waits for the running one on Close. It knows nothing of
// HTTP, the crawler or the index.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"
)

// States of a job.
const (
	StateRunning  = "running"
	StateDone     = "done"
	StateFailed   = "failed"
	StateCanceled = "canceled"
)

// keep is how many finished jobs the Runner remembers.
const keep = 100

// ErrBusy is what Start returns while another job runs.
var ErrBusy = errors.New("jobs: another write job is running")

// ErrClosed is what Start returns once the Runner is closed.
var ErrClosed = errors.New("jobs: the runner is shutting down")

// BusyError is ErrBusy with the job that holds the runner.
type BusyError struct{ Running Status }

func (e *BusyError) Error() string {
	return fmt.Sprintf("jobs: job %s (%s) is running", e.Running.ID, e.Running.Kind)
}

// Unwrap makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Unwrap() error { return ErrBusy }

// Status is what a job did so far, as the admin API reports it.
type Status struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	State      string            `json:"state"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt *time.Time        `json:"finished_at,omitempty"`
	Progress   map[string]int    `json:"progress,omitempty"`
	Result     map[string]string `json:"result,omitempty"`
	Error      string            `json:"error,omitempty"`
}

// Progress is how a running job reports what it has done: counters
// ("total", "done", "ok", "failed", ...) and result values (an id).
type Progress struct {
	mu     sync.Mutex
	counts map[string]int
	result map[string]string
}

// Add adds n to the counter name.
func (p *Progress) Add(name string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[name] += n
}

// Set sets the counter name to n.
func (p *Progress) Set(name string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[name] = n
}

// SetResult records a result value of the job.
func (p *Progress) SetResult(name, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.result[name] = value
}

// Func is a job's work. It must return soon after ctx ends.
type Func func(ctx context.Context, p *Progress) error

type job struct {
	status Status
	prog   *Progress
	cancel context.CancelFunc
	done   chan struct{}
}

// Runner runs one job at a time. The zero value is not usable: call New.
type Runner struct {
	log      *slog.Logger
	finished func(kind, state string)

	mu      sync.Mutex
	closed  bool
	running *job
	jobs    map[string]*job
	order   []string // job ids, oldest first
}

// Options configures a Runner.
type Options struct {
	Logger *slog.Logger // slog.Default() when nil
	// Finished, when set, is told of each job that ends, with its kind
	// and final state (for metrics).
	Finished func(kind, state string)
}

// New returns a Runner with no job.
func New(opts Options) *Runner {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Runner{log: opts.Logger, finished: opts.Finished, jobs: map[string]*job{}}
}

// Start runs fn in the background as a job of the given kind and returns
// its first status, or a *BusyError while another job runs. The job's
// context is the Runner's, not the caller's: a job started by a request
// outlives the request; Close cancels it.
func (r *Runner) Start(kind string, fn Func) (Status, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Status{}, ErrClosed
	}
	if r.running != nil {
		return Status{}, &BusyError{Running: r.snapshot(r.running)}
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{
		status: Status{ID: newID(), Kind: kind, State: StateRunning, StartedAt: time.Now().UTC()},
		prog:   &Progress{counts: map[string]int{}, result: map[string]string{}},
		cancel: cancel,
		done:   make(chan struct{}),
	}
	r.running = j
	r.jobs[j.status.ID] = j
	r.order = append(r.order, j.status.ID)
	r.forgetOld()
	go r.run(ctx, j, fn)
	r.log.Info("job started", "job_id", j.status.ID, "kind", kind)
	return r.snapshot(j), nil
}

func (r *Runner) run(ctx context.Context, j *job, fn Func) {
	defer close(j.done)
	defer j.cancel()
	err := fn(ctx, j.prog)
	state := StateDone
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()):
		state = StateCanceled
	case err != nil:
		state = StateFailed
	}
	r.mu.Lock()
	now := time.Now().UTC()
	j.status.State, j.status.FinishedAt = state, &now
	if err != nil {
		j.status.Error = err.Error()
	}
	r.running = nil
	r.mu.Unlock()
	took := now.Sub(j.status.StartedAt).Round(time.Millisecond)
	switch state {
	case StateFailed:
		r.log.Error("job failed", "job_id", j.status.ID, "kind", j.status.Kind, "took", took, "err", err)
	case StateCanceled:
		r.log.Warn("job canceled", "job_id", j.status.ID, "kind", j.status.Kind, "took", took)
	default:
		r.log.Info("job done", "job_id", j.status.ID, "kind", j.status.Kind, "took", took)
	}
	if r.finished != nil {
		r.finished(j.status.Kind, state)
	}
}

// Get returns the status of the job with the given id, if the Runner
// still remembers it.
func (r *Runner) Get(id string) (Status, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	j, ok := r.jobs[id]
	if !ok {
		return Status{}, false
	}
	return r.snapshot(j), true
}

// Close cancels the running job, if any, waits for it to return, and
// refuses new jobs. Crawls resume where they stopped the next time.
func (r *Runner) Close() {
	r.mu.Lock()
	r.closed = true
	j := r.running
	r.mu.Unlock()
	if j != nil {
		j.cancel()
		<-j.done
	}
}

// snapshot copies j's status with its progress so far; r.mu is held.
func (r *Runner) snapshot(j *job) Status {
	s := j.status
	j.prog.mu.Lock()
	defer j.prog.mu.Unlock()
	if len(j.prog.counts) > 0 {
		s.Progress = maps.Clone(j.prog.counts)
	}
	if len(j.prog.result) > 0 {
		s.Result = maps.Clone(j.prog.result)
	}
	return s
}

// forgetOld drops the oldest finished jobs beyond keep; r.mu is held.
func (r *Runner) forgetOld() {
	for len(r.order) > keep {
		id := r.order[0]
		if r.running != nil && r.running.status.ID == id {
			return
		}
		delete(r.jobs, id)
		r.order = r.order[1:]
	}
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
