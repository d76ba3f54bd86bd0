package crawler

import (
	"context"
	"fmt"

	"github.com/pmkb/pmkb/data"
)

// BatchSink is a Sink that can also store many records in one call, which
// costs one index commit where Put costs one per record. Run uses it for
// --no-fetch runs, where nothing else bounds the speed, and Reextract for
// all; *index.Index has such a method, and a merging wrapper can offer one.
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
	prevs, has, err := c.state.records(batch)
	if err != nil {
		return err
	}
	finished := make([]urlState, len(batch))
	recs := make([]data.Postmortem, len(batch))
	statuses := make([]string, len(batch))
	var puts []data.Postmortem
	for i, st := range batch {
		pm, status, emit := c.noFetchRecord(st, prevs[i], has[i])
		if emit {
			puts = append(puts, pm)
		}
		st.DoneRun = run
		finished[i], recs[i], statuses[i] = st, pm, status
	}
	if err := c.putAll(ctx, puts, sink); err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	if err := c.state.finishAll(finished, recs); err != nil {
		return err
	}
	for i, st := range finished {
		done(hostOf(st.URL), statuses[i])
	}
	return nil
}
