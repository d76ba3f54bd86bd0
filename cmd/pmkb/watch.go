package main

import (
	"context"
	"errors"
	"sync"

	"github.com/pmkb/pmkb/crawler/local"
	"github.com/pmkb/pmkb/data"
)

// startWatch keeps the collections' local sources in sync while serve
// runs (--watch), in a goroutine that ends with ctx. The serving process
// holds the data dir's lock, so it is the one to write; searches go on
// while it does.
func startWatch(ctx context.Context, e env, d *dataDir, wg *sync.WaitGroup) error {
	names, err := local.Collections(d.path)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		e.logger.Warn("--watch: no collection has local sources yet (pmkb add --collection NAME PATH)")
		return nil
	}
	s, err := newSyncer(e, d)
	if err != nil {
		return err
	}
	e.logger.Info("watching local sources", "collections", names)
	wg.Go(func() {
		err := s.Watch(ctx, names, local.WatchOptions{Synced: func(rep local.Report, err error) {
			switch {
			case errors.Is(err, context.Canceled):
			case err != nil:
				e.logger.Error("sync", "collection", rep.Collection, "err", err)
			case rep.Written() > 0 || len(rep.Skipped) > 0:
				e.logger.Info("synced", "collection", rep.Collection, "added", len(rep.Added), "changed", len(rep.Changed),
					"removed", len(rep.Removed), "skipped", len(rep.Skipped), "took", rep.Took.Round(1e6))
			}
		}})
		if err != nil {
			e.logger.Error("watching local sources stopped", "err", err)
		}
	})
	return nil
}

// sourceFiles reads local records' files for the UI, through the data
// dir's manifests (local.ReadSource).
type sourceFiles struct{ dir string }

func (s sourceFiles) Source(_ context.Context, pm data.Postmortem) ([]byte, error) {
	return local.ReadSource(s.dir, pm, local.DefaultMaxFileSize)
}
