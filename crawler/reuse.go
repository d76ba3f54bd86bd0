package crawler

import (
	"path/filepath"

	"github.com/pmkb/pmkb/crawler/archive"
	"github.com/pmkb/pmkb/crawler/fetch"
)

// archivedSet is what an interrupted run archived in its WARC files: for
// each URL requested, where its last response lies. A resumed run builds
// its results from these instead of fetching the pages again. It is read
// only once built, so the host goroutines share it.
type archivedSet map[string]archived

type archived struct {
	ref  archive.Ref
	resp archive.Response // status and header only; the body is read back when used
}

// archivedSince indexes the responses of the WARC files written since the
// interrupted run began, for the URLs still pending (and the hops their
// redirects lead to). It returns nil when the run's start is unknown; a
// file that cannot be read is logged, and its pages are fetched again.
func (c *Crawler) archivedSince(pending []urlState) archivedSet {
	started, ok := c.state.RunStarted()
	if !ok || len(pending) == 0 {
		return nil
	}
	set := archivedSet{}
	err := archive.EachResponseSince(filepath.Join(c.opts.DataDir, "warc"), started,
		func(file string, offset int64, r archive.Response) error {
			r.Raw = nil
			set[r.Target] = archived{ref: archive.Ref{File: file, Offset: offset}, resp: r}
			return nil
		})
	if err != nil {
		c.log.Warn("reading the interrupted run's WARC files; their pages are fetched again", "err", err)
	}
	return set
}

// replay is the fetch of st built from the interrupted run's archive, when
// that run fetched the page and archived it but was killed before storing
// its record.
func (c *Crawler) replay(set archivedSet, st urlState) (fetch.Result, bool) {
	if set == nil {
		return fetch.Result{}, false
	}
	res, ok := c.fetch.Replay(st.Target(), func(u string) (archive.Response, archive.Ref, bool) {
		a, ok := set[u]
		if !ok {
			return archive.Response{}, archive.Ref{}, false
		}
		if a.resp.Status >= 300 && a.resp.Status < 400 {
			return a.resp, a.ref, true // a redirect: its header is all Replay reads
		}
		r, err := c.warc.Read(a.ref)
		if err != nil {
			c.log.Debug("archived page unreadable; fetching again", "url", u, "err", err)
			return archive.Response{}, archive.Ref{}, false
		}
		return r, a.ref, true
	})
	if ok {
		res.ArchiveURL = st.ArchiveURL
	}
	return res, ok
}
