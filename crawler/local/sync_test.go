package local_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/local"
	"github.com/pmkb/pmkb/crawler/local/localtest"
	"github.com/pmkb/pmkb/data"
)

// memStore is a Store in memory that counts what it is asked to write.
type memStore struct {
	mu      sync.Mutex
	recs    map[string]data.Postmortem
	puts    int
	deletes int
}

func newMemStore() *memStore { return &memStore{recs: map[string]data.Postmortem{}} }

func (s *memStore) Get(_ context.Context, id string) (data.Postmortem, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pm, ok := s.recs[id]
	return pm, ok, nil
}

func (s *memStore) PutBatch(_ context.Context, pms []data.Postmortem) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, pm := range pms {
		s.recs[pm.ID] = pm
	}
	s.puts += len(pms)
	return nil
}

func (s *memStore) Delete(_ context.Context, ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if _, ok := s.recs[id]; ok {
			delete(s.recs, id)
			s.deletes++
		}
	}
	return nil
}

// byPath returns the stored records by path relative to root.
func (s *memStore) byPath(root string) map[string]data.Postmortem {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]data.Postmortem{}
	for _, pm := range s.recs {
		rel, _ := filepath.Rel(root, pm.Path)
		out[filepath.ToSlash(rel)] = pm
	}
	return out
}

func newSyncer(t *testing.T, store local.Store) (*local.Syncer, string) {
	t.Helper()
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	s, err := local.New(local.Options{DataDir: dataDir}, ex, store)
	if err != nil {
		t.Fatal(err)
	}
	return s, dataDir
}

func rels(root string, paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		r, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(r))
	}
	sort.Strings(out)
	return out
}

// TestSyncGitRepo adds a Git working tree of our own post-mortems, then
// changes one, deletes one, adds one and syncs: each step touches exactly
// the files it should, and nothing of another collection.
func TestSyncGitRepo(t *testing.T) {
	ctx := context.Background()
	repo, err := local.Abs(localtest.Repo(t))
	if err != nil {
		t.Fatal(err)
	}
	store := newMemStore()
	public := data.Postmortem{ID: "public-one", URL: "https://example.com/pm", Title: "Someone else's outage"}
	store.recs[public.ID] = public
	s, dataDir := newSyncer(t, store)

	rep, err := s.Add(ctx, "ours", local.Source{Root: repo, LinkBase: "https://git.example.com/acme/pm/blob/main/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := rels(repo, rep.Added); !slices.Equal(got, localtest.Posts) {
		t.Fatalf("added: got %v, want %v", got, localtest.Posts)
	}
	recs := store.byPath(repo)
	checkRecord(t, recs["2024/2024-03-12-orders-db-failover.md"], "Orders database failover left writes on the old primary", "2024-03-12", "en")
	checkRecord(t, recs["fr/2024-02-20-panne-stockage.md"], "Panne du stockage objet après une saturation des disques", "2024-02-20", "fr")
	checkRecord(t, recs["2023-11-02-expired-certificate.md"], "Expired internal certificate broke service-to-service calls", "", "en")
	free := recs[localtest.FreeForm]
	checkRecord(t, free, "Kafka consumer lag took the notification pipeline down", "", "en")
	if free.Published != localtest.FreeFormDay {
		t.Errorf("free form: published %q, want its first commit's day %s", free.Published, localtest.FreeFormDay)
	}
	if want := "https://git.example.com/acme/pm/blob/main/kafka-consumer-lag.txt"; free.URL != want {
		t.Errorf("url: got %q, want %q", free.URL, want)
	}
	if free.Collection != "ours" || free.Fetch.Status != data.FetchOK {
		t.Errorf("collection, fetch: got %q, %q, want ours, ok", free.Collection, free.Fetch.Status)
	}
	if got := recs["2024/2024-03-12-orders-db-failover.md"].Sources; len(got) != 1 || got[0].Section != "2024" {
		t.Errorf("sources: got %v, want one with section 2024", got)
	}

	// A sync with nothing changed reads every file and writes nothing.
	puts := store.puts
	rep, err = s.Sync(ctx, "ours")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written() != 0 || rep.Unchanged != len(localtest.Posts) || store.puts != puts {
		t.Errorf("idle sync: wrote %d (%d puts), %d unchanged; want 0 and %d", rep.Written(), store.puts-puts, rep.Unchanged, len(localtest.Posts))
	}

	// Change one, delete one, add one.
	changed := filepath.Join(repo, "2024/2024-01-15-dns-resolver.md")
	b, _ := os.ReadFile(changed)
	if err := os.WriteFile(changed, []byte(strings.Replace(string(b), "25 minutes", "35 minutes", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(repo, "fr/2024-02-20-panne-stockage.md")); err != nil {
		t.Fatal(err)
	}
	added := filepath.Join(repo, "2024/2024-05-02-cache-stampede.md")
	if err := os.WriteFile(added, []byte("# Cache stampede after a deploy\n\nA deploy flushed the cache and every request hit the database at once. "+
		"The root cause was a missing request coalescing layer.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	localtest.Commit(t, repo, "2024-05-03T09:00:00Z", "May")
	puts = store.puts
	rep, err = s.Sync(ctx, "ours")
	if err != nil {
		t.Fatal(err)
	}
	if got := rels(repo, rep.Changed); !slices.Equal(got, []string{"2024/2024-01-15-dns-resolver.md"}) {
		t.Errorf("changed: got %v", got)
	}
	if got := rels(repo, rep.Removed); !slices.Equal(got, []string{"fr/2024-02-20-panne-stockage.md"}) {
		t.Errorf("removed: got %v", got)
	}
	if got := rels(repo, rep.Added); !slices.Equal(got, []string{"2024/2024-05-02-cache-stampede.md"}) {
		t.Errorf("added: got %v", got)
	}
	if store.puts-puts != 2 || rep.Unchanged != 3 {
		t.Errorf("re-sync: %d records written, %d unchanged; want 2 and 3", store.puts-puts, rep.Unchanged)
	}
	recs = store.byPath(repo)
	if !strings.Contains(recs["2024/2024-01-15-dns-resolver.md"].Body, "35 minutes") {
		t.Errorf("changed file's record not extracted again")
	}
	if got := recs["2024/2024-05-02-cache-stampede.md"].Published; got != "2024-05-03" {
		t.Errorf("new file's published: got %q, want its first commit's day 2024-05-03", got)
	}
	if _, ok := store.recs[public.ID]; !ok {
		t.Errorf("a record of another collection was deleted")
	}
	if names, _ := local.Collections(dataDir); !slices.Equal(names, []string{"ours"}) {
		t.Errorf("collections: got %v, want [ours]", names)
	}
}

func checkRecord(t *testing.T, pm data.Postmortem, title, published, lang string) {
	t.Helper()
	if pm.ID == "" {
		t.Errorf("%q: no record", title)
		return
	}
	if pm.Title != title {
		t.Errorf("title: got %q, want %q", pm.Title, title)
	}
	// The front matter's date is the post's or the incident's, as the
	// extractor reads it; a file that states none has its first commit's.
	if published != "" && pm.Published != published && pm.IncidentDate != published {
		t.Errorf("%s: published %q, incident %q; want one of them %q", pm.Title, pm.Published, pm.IncidentDate, published)
	}
	if pm.Language != lang {
		t.Errorf("%s: language: got %q, want %q", pm.Title, pm.Language, lang)
	}
	if pm.RootCause == "" {
		t.Errorf("%s: no root cause", pm.Title)
	}
}

// TestSyncTwoCollections: the same folder in two collections makes two
// sets of records, and syncing one never touches the other's.
func TestSyncTwoCollections(t *testing.T) {
	ctx := context.Background()
	repo := localtest.Repo(t)
	store := newMemStore()
	s, _ := newSyncer(t, store)
	if _, err := s.Add(ctx, "ours", local.Source{Root: repo}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, "theirs", local.Source{Root: repo}); err != nil {
		t.Fatal(err)
	}
	if len(store.recs) != 2*len(localtest.Posts) {
		t.Fatalf("records: got %d, want %d", len(store.recs), 2*len(localtest.Posts))
	}
	if err := os.Remove(filepath.Join(repo, localtest.FreeForm)); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Sync(ctx, "ours")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Removed) != 1 || len(store.recs) != 2*len(localtest.Posts)-1 {
		t.Errorf("removed %d, %d records left; want 1 and %d", len(rep.Removed), len(store.recs), 2*len(localtest.Posts)-1)
	}
	for _, pm := range store.recs {
		if pm.Collection == "ours" && strings.HasPrefix(pm.URL, "/incidents/") && pm.URL != local.SourcePath(pm.ID) {
			t.Errorf("url without a link base: got %q, want %q", pm.URL, local.SourcePath(pm.ID))
		}
	}
}

// TestResyncTouchesOnlyChanged: after 10 of 200 generated files change, a
// sync extracts and writes exactly those 10 records, deletes none and
// leaves the other 190 alone (issue 13, point 8).
func TestResyncTouchesOnlyChanged(t *testing.T) {
	ctx := context.Background()
	dir, _ := local.Abs(t.TempDir())
	paths := localtest.Generate(t, dir, 200)
	store := newMemStore()
	s, _ := newSyncer(t, store)
	rep, err := s.Add(ctx, "gen", local.Source{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 200 || store.puts != 200 {
		t.Fatalf("add: %d added, %d puts; want 200", len(rep.Added), store.puts)
	}
	var changed []string
	for i := 7; i < 200; i += 20 {
		f, err := os.OpenFile(paths[i], os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "\nEdited on re-read (%d).\n", i)
		f.Close()
		changed = append(changed, paths[i])
	}
	if len(changed) != 10 {
		t.Fatalf("changed %d files, want 10", len(changed))
	}
	rep, err = s.Sync(ctx, "gen")
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(slices.Values(rep.Changed)); !slices.Equal(got, changed) {
		t.Errorf("changed: got %d files %v, want the 10 edited", len(got), got)
	}
	if store.puts != 210 || store.deletes != 0 || len(rep.Added) != 0 || rep.Unchanged != 190 {
		t.Errorf("re-sync: %d puts (want 10 more than 200), %d deletes, %d added, %d unchanged (want 190)",
			store.puts, store.deletes, len(rep.Added), rep.Unchanged)
	}
}

// TestReadSource: the UI reads a record's file only when its collection
// was synced from that file under that id, and never through a link.
func TestReadSource(t *testing.T) {
	ctx := context.Background()
	repo, _ := local.Abs(localtest.Repo(t))
	store := newMemStore()
	s, dataDir := newSyncer(t, store)
	if _, err := s.Add(ctx, "ours", local.Source{Root: repo}); err != nil {
		t.Fatal(err)
	}
	pm := store.byPath(repo)[localtest.FreeForm]
	if b, err := local.ReadSource(dataDir, pm, 1<<20); err != nil || !strings.Contains(string(b), "Kafka") {
		t.Fatalf("the record's own file: got %v", err)
	}
	forged := pm
	forged.Path = "/etc/passwd"
	if _, err := local.ReadSource(dataDir, forged, 1<<20); !errors.Is(err, local.ErrNotASource) {
		t.Errorf("a path the collection does not hold: got %v, want ErrNotASource", err)
	}
	other := pm
	other.Collection = "theirs"
	if _, err := local.ReadSource(dataDir, other, 1<<20); err == nil {
		t.Errorf("another collection's record: got no error")
	}
	if err := os.Remove(pm.Path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/hostname", pm.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := local.ReadSource(dataDir, pm, 1<<20); !errors.Is(err, local.ErrNotASource) {
		t.Errorf("a file replaced by a link: got %v, want ErrNotASource", err)
	}
}
