package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/pmkb/pmkb/data"
)

// importBatch is how many records import hands the index at once: the
// index plans duplicates over this many (index's planChunk), so an import
// in batches of it writes what one call with every record would, while the
// records held in memory stay bounded whatever the file's size.
const importBatch = 20_000

// bulkMemoryLimit is the Go heap's soft limit for the bulk commands
// (import, crawl, reextract, reindex) unless GOMEMLIMIT is set: the
// collector (GOGC 200, see gcPercent) works harder near it instead of
// letting garbage triple the heap, which kept a 100k-record import at
// several GB of memory. What a bulk write holds live (a few batches being
// analysed and built into segments) stays well below it.
const bulkMemoryLimit = 512 << 20

// limitBulkMemory sets bulkMemoryLimit unless the environment set a limit.
func limitBulkMemory(e env) {
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(bulkMemoryLimit)
	}
}

func runImport(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "import")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return &usageError{msg: "import takes exactly one FILE.jsonl (- for stdin)"}
	}
	limitBulkMemory(e)
	name := rest[0]
	src, done, err := importSource(e, name)
	if err != nil {
		return err
	}
	defer done()
	// Check every line before writing any, so a bad file changes nothing;
	// then read the file again, writing it a batch at a time.
	total := 0
	if err := eachJSONL(src, func(data.Postmortem) error { total++; return nil }); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	d, err := openDataDir(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// An import restores a data set: the embedded catalog is not mixed in
	// later unless it was loaded before.
	if err := d.markSeeded(); err != nil {
		return err
	}
	written := 0
	batch := make([]data.Postmortem, 0, min(total, importBatch))
	flush := func() error {
		if err := d.ix.PutBatch(ctx, batch); err != nil {
			return err
		}
		written += len(batch)
		batch = batch[:0]
		return nil
	}
	err = eachJSONL(src, func(pm data.Postmortem) error {
		batch = append(batch, pm)
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("import: %d of %d records written: %w", written, total, err)
	}
	if err := d.compact(ctx, e); err != nil {
		return fmt.Errorf("import: all %d records written, then: %w", written, err)
	}
	fmt.Fprintf(e.stderr, "imported %d records\n", written)
	return nil
}

// importSource returns a file holding the records to import, which can be
// read twice: the named file, or standard input copied to a temporary
// file. done removes the copy.
func importSource(e env, name string) (*os.File, func(), error) {
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	f, err := os.CreateTemp("", "pmkb-import-*.jsonl")
	if err != nil {
		return nil, nil, fmt.Errorf("import: copy standard input: %w", err)
	}
	done := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, e.stdin); err != nil {
		done()
		return nil, nil, fmt.Errorf("import: copy standard input: %w", err)
	}
	return f, done, nil
}

// eachJSONL reads f from its start, one record per line, checking each
// has a usable URL and giving it the id derived from that URL when it has
// none, and calls fn with each. It stops at the first error.
func eachJSONL(f *os.File, fn func(data.Postmortem) error) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var pm data.Postmortem
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&pm); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if pm.Path == "" || pm.ID == "" { // a local file's record keeps its own id; its URL may be this server's page
			canon, _, err := data.CanonicalURL(pm.URL)
			if err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			if pm.ID == "" {
				pm.ID = data.IDFor(canon)
			}
		}
		if err := fn(pm); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	return nil
}
