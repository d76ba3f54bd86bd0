package crawler

import (
	"context"
	"fmt"

	"github.com/pmkb/pmkb/crawler/state"
	"github.com/pmkb/pmkb/data"
)

// BatchSink is a Sink that can also store many records in one call, which
// costs one index commit where Put costs one per record. Run uses it for
// --no-fetch runs, where nothing else bounds the speed, and Reextract for
// all; cmd/pmkb's sink on the index has one.
type BatchSink interface {
	Sink
	PutBatch(ctx context.Context, pms []data.Postmortem) error
}

// ingestBatch is how many list entries a --no-fetch run stores at once: few
// enough that a kill loses little work, enough to share a commit widely.
const ingestBatch = 256

// ingest is a --no-fetch run: it builds the records of states in order and
// stores them ingestBatch at a time, with one PutBatch when the sink has it
// and one state transaction per batch either way. A batch's URLs are marked
// done in the crawl state only after the sink has stored the batch, so a
// kill at any moment loses nothing; the resumed run sends the unfinished
// batch again, under the same ids.
func (c *Crawler) ingest(ctx context.Context, run string, states []urlState, sink Sink,
	done func(host, status string)) error {
	for len(states) > 0 {
		n := min(len(states), ingestBatch)
		if err := c.ingestOne(ctx, run, states[:n], sink, done); err != nil {
			return err
		}
		states = states[n:]
	}
	return nil
}

func (c *Crawler) ingestOne(ctx context.Context, run string, batch []urlState, sink Sink,
	done func(host, status string)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.putMu.Lock()
	finished, statuses, err := c.ingestRecords(ctx, run, batch, sink)
	c.putMu.Unlock()
	if err != nil {
		return err
	}
	if err := c.state.FinishAll(finished); err != nil {
		return err
	}
	for i, st := range finished {
		done(hostOf(st.URL), statuses[i])
	}
	return nil
}

// ingestRecords builds the records of a --no-fetch batch, each merged into
// the record the sink holds, and stores those that must be sent (see
// noFetchRecord). It returns the URLs' finished states and statuses. The
// caller holds putMu.
func (c *Crawler) ingestRecords(ctx context.Context, run string, batch []urlState, sink Sink) ([]state.URLState, []string, error) {
	finished := make([]state.URLState, len(batch))
	statuses := make([]string, len(batch))
	var puts []data.Postmortem
	for i, st := range batch {
		prev, has, err := sink.Get(ctx, data.IDFor(st.URL))
		if err != nil {
			return nil, nil, fmt.Errorf("crawler: read the stored record of %s: %w", st.URL, err)
		}
		pm, status, emit := c.noFetchRecord(st, prev, has)
		if emit {
			puts = append(puts, merged(prev, has, pm, st))
		}
		st.DoneRun = run
		finished[i], statuses[i] = st.URLState, status
	}
	if err := putAll(ctx, puts, sink); err != nil {
		return nil, nil, fmt.Errorf("crawler: %w", err)
	}
	return finished, statuses, nil
}

// noFetchRecord is the record a --no-fetch run gives a URL, its status and
// whether it must be sent to the sink. A list-only record is always re-sent;
// one with a page is kept and re-sent only when the lists changed it.
func (c *Crawler) noFetchRecord(st urlState, prev data.Postmortem, hasPrev bool) (data.Postmortem, string, bool) {
	if !hasPrev {
		pm := c.listRecord(st)
		pm.Fetch = data.Fetch{Status: data.FetchSkipped}
		return pm, data.FetchSkipped, true
	}
	pm, changed := c.relist(prev, st)
	return pm, pm.Fetch.Status, changed || pm.Fetch.Status == data.FetchSkipped
}

// putAll stores pms, in one call when the sink takes batches. The caller
// holds putMu.
func putAll(ctx context.Context, pms []data.Postmortem, sink Sink) error {
	if len(pms) == 0 {
		return nil
	}
	if bs, ok := sink.(BatchSink); ok {
		if err := bs.PutBatch(ctx, pms); err != nil {
			return fmt.Errorf("store %d records: %w", len(pms), err)
		}
		return nil
	}
	for _, pm := range pms {
		if err := sink.Put(ctx, pm); err != nil {
			return fmt.Errorf("store %s: %w", pm.URL, err)
		}
	}
	return nil
}
