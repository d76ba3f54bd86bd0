package index

import "context"

// PrimaryOf returns the id that stands for record id in searches: its own,
// or its primary's when it is a duplicate (another post or URL of the same
// incident). ErrNotFound when the index lacks it. Exports use it to count
// a merged incident once.
func (ix *Index) PrimaryOf(ctx context.Context, id string) (string, error) {
	return ix.primaryOf(ctx, id)
}
