package index

import (
	"context"
	"testing"
)

func TestVersionChangesWithWrites(t *testing.T) {
	ctx := context.Background()
	pms := smallCorpus()
	ix := openDir(t, t.TempDir())
	defer ix.Close()
	v0 := ix.Version()
	if err := ix.PutBatch(ctx, pms[:3]); err != nil {
		t.Fatal(err)
	}
	v1 := ix.Version()
	if v1 == v0 {
		t.Error("PutBatch left Version unchanged")
	}
	if _, err := ix.Search(ctx, Query{Text: "dns"}); err != nil {
		t.Fatal(err)
	}
	if ix.Version() != v1 {
		t.Error("a search changed Version; want only writes to")
	}
	if err := ix.Put(ctx, pms[3]); err != nil {
		t.Fatal(err)
	}
	v2 := ix.Version()
	if v2 == v1 {
		t.Error("Put left Version unchanged")
	}
	if err := ix.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	if ix.Version() == v2 {
		t.Error("Reindex left Version unchanged")
	}
}
