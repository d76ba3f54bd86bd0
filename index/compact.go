package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Compact merges the live index's segments into one, as a bulk load
// (import, reindex, a crawl) leaves many: each segment costs every search
// one dictionary lookup per term and field, so a compacted index answers
// several times faster. Searches go on meanwhile; writes wait.
func (ix *Index) Compact(ctx context.Context) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return fmt.Errorf("index: compact: closed")
	}
	adv, err := ix.live.Advanced()
	if err != nil {
		return fmt.Errorf("index: compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	start := time.Now()
	if err := s.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("index: compact: %w", err)
	}
	ix.log.Info("index compacted", slog.Duration("took", time.Since(start)))
	return nil
}
