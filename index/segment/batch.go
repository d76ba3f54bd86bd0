package segment

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// ErrWriteFailed says a write failed in the storage engine (a full disk,
// an I/O error). After it the index in this process must not be written
// again: scorch may hold a closed segment in its root. What had been
// written before stays on disk, and reopening the index reads it.
var ErrWriteFailed = errors.New("segment: write failed")

// Batch writes batch into b and waits until it is on disk. It turns a
// panic inside scorch into an error: when a batch cannot be persisted (a
// full disk), scorch (bleve v2.6.3, Scorch.Batch) closes the batch's new
// segment although that segment is already in the index's root, and the
// next batch, or one being written beside it on another core, reads the
// closed segment's term dictionary and panics ("assignment to entry in nil
// map" in zapx's invertedIndexCache). scorch's own goroutines recover from
// such panics; the caller's goroutine is ours to guard.
func Batch(b bleve.Index, batch *bleve.Batch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: scorch panicked: %v", ErrWriteFailed, r)
		}
	}()
	if err := b.Batch(batch); err != nil {
		return fmt.Errorf("%w: %w", ErrWriteFailed, err)
	}
	return nil
}
