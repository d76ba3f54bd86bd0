package crawler

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// rejectedFile keeps the feed entries judged not to be post-mortems, so a
// poll does not fetch and judge them again: DataDir/crawl/feed-rejected.json,
// canonical URL -> the score they got.
const rejectedFile = "feed-rejected.json"

// loadRejected reads the feed entries judged before; none when the file is
// missing or unreadable (they are judged again).
func (c *Crawler) loadRejected() map[string]float64 {
	m := map[string]float64{}
	b, err := os.ReadFile(filepath.Join(c.opts.DataDir, "crawl", rejectedFile))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			c.log.Warn("reading the rejected feed entries", "err", err)
		}
		return m
	}
	if err := json.Unmarshal(b, &m); err != nil {
		c.log.Warn("reading the rejected feed entries", "err", err)
		return map[string]float64{}
	}
	return m
}

// saveRejected writes the rejected feed entries atomically.
func (c *Crawler) saveRejected(m map[string]float64) error {
	p := filepath.Join(c.opts.DataDir, "crawl", rejectedFile)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("crawler: rejected feed entries: %w", err)
	}
	if err := os.WriteFile(p+".tmp", append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("crawler: rejected feed entries: %w", err)
	}
	if err := os.Rename(p+".tmp", p); err != nil {
		return fmt.Errorf("crawler: rejected feed entries: %w", err)
	}
	return nil
}
