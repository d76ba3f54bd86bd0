package index

// Version identifies the index's content: it changes with every write
// (Put, PutBatch, a reindex's swap) and never otherwise, so a server can
// tag its answers with it (ETags) and know when they go stale. It counts
// from 0 for each Index opened, so a tag that must survive a restart
// combines it with something unique to the process.
func (ix *Index) Version() uint64 {
	_, gen, _ := ix.cache.get("")
	return gen
}
