package jobs

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"
)

func newRunner(t *testing.T) *Runner {
	t.Helper()
	r := New(Options{Logger: slog.New(slog.DiscardHandler)})
	t.Cleanup(r.Close)
	return r
}

// waitState polls the job until it leaves running, for at most 5 s.
func waitState(t *testing.T, r *Runner, id string) Status {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, ok := r.Get(id)
		if !ok {
			t.Fatalf("job %s forgotten", id)
		}
		if st.State != StateRunning {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still running after 5s", id)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOneJobAtATime(t *testing.T) {
	r := newRunner(t)
	release := make(chan struct{})
	first, err := r.Start("crawl", func(ctx context.Context, p *Progress) error {
		p.Set("total", 3)
		p.Add("done", 1)
		<-release
		p.Add("done", 2)
		p.SetResult("id", "abc")
		return nil
	})
	if err != nil || first.State != StateRunning || first.ID == "" {
		t.Fatalf("Start: got %+v, %v; want a running job", first, err)
	}
	_, err = r.Start("reindex", func(context.Context, *Progress) error { return nil })
	var busy *BusyError
	if !errors.Is(err, ErrBusy) || !errors.As(err, &busy) || busy.Running.ID != first.ID {
		t.Fatalf("second Start: got %v, want ErrBusy naming job %s", err, first.ID)
	}
	close(release)
	st := waitState(t, r, first.ID)
	if st.State != StateDone || st.Progress["done"] != 3 || st.Progress["total"] != 3 || st.Result["id"] != "abc" || st.FinishedAt == nil {
		t.Errorf("finished job: got %+v, want done with 3/3 and id abc", st)
	}
	second, err := r.Start("reindex", func(context.Context, *Progress) error { return errors.New("disk on fire") })
	if err != nil {
		t.Fatalf("Start after the first finished: %v", err)
	}
	if st := waitState(t, r, second.ID); st.State != StateFailed || st.Error != "disk on fire" {
		t.Errorf("failing job: got %+v, want failed with its error", st)
	}
	if _, ok := r.Get("nope"); ok {
		t.Error("Get of an unknown id: got ok")
	}
}

func TestCloseCancelsTheRunningJob(t *testing.T) {
	r := New(Options{Logger: slog.New(slog.DiscardHandler)})
	var finished []string
	r.finished = func(kind, state string) { finished = append(finished, kind+" "+state) }
	started := make(chan struct{})
	st, err := r.Start("crawl", func(ctx context.Context, p *Progress) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	r.Close()
	if got, _ := r.Get(st.ID); got.State != StateCanceled {
		t.Errorf("after Close: got %s, want %s", got.State, StateCanceled)
	}
	if _, err := r.Start("crawl", func(context.Context, *Progress) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: got %v, want ErrClosed", err)
	}
	if len(finished) != 1 || finished[0] != "crawl canceled" {
		t.Errorf("Finished got %q, want [crawl canceled]", finished)
	}
}

func TestRunnerForgetsOldJobs(t *testing.T) {
	r := newRunner(t)
	var first string
	for i := range keep + 5 {
		st, err := r.Start("reindex", func(context.Context, *Progress) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		waitState(t, r, st.ID)
		if i == 0 {
			first = st.ID
		}
	}
	if _, ok := r.Get(first); ok {
		t.Errorf("the first of %d jobs is still remembered; want at most %d", keep+5, keep)
	}
}
