package evaluate

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadLabelsFromTSV reads labels in the corpus's TSV layout, with the
// documents named through a manifest and keys from a second file.
func TestLoadLabelsFromTSV(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"corpus/manifest.tsv": "slug\tcompany\tincident_date\tpublic_url\tformat\n" +
			"disk-full\tExample\t2024-05-01\thttps://example.com/pm/disk\tmd\n" +
			"quoted\tExample\t2024-04-02\thttps://example.com/pm/token\tmd\n",
		"corpus/docs/disk-full.md": "# Disk full\n\nThe build server ran out of disk space because old artifacts were never cleaned up.\n",
		"labels.tsv": "slug\tcategories\troot_cause\tincident_date\tcompany\tnotes\r\n" +
			"quoted\tsecurity\tA leaked token.\t2024-04-02\tExample\t\"the day before\" the report, says the post\r\n" +
			"disk-full\tstorage, monitoring\tOld artifacts filled the disk.\t2024-05-01\tExample\t\n",
		"keys.tsv": "slug\troot_cause_keys\ndisk-full\tdisk space | never cleaned\n",
	})
	ctx := context.Background()
	l, err := LoadLabelsFrom(ctx, filepath.Join(dir, "labels.tsv"), Sources{Corpus: filepath.Join(dir, "corpus"), Keys: filepath.Join(dir, "keys.tsv")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Docs) != 2 { // a note that opens with a quote does not swallow the next row
		t.Fatalf("docs: got %d, want 2", len(l.Docs))
	}
	if q := l.Docs[0]; q.IncidentDate != "2024-04-02" || !slices.Equal(q.Categories, []string{"security"}) {
		t.Errorf("the row with a quote: got %+v", q)
	}
	d := l.Docs[1]
	if d.URL != "https://example.com/pm/disk" || d.ContentType != "text/markdown" {
		t.Errorf("document: got url %q type %q, want the manifest's", d.URL, d.ContentType)
	}
	if !slices.Equal(d.Categories, []string{"storage", "monitoring"}) {
		t.Errorf("categories: got %v, want [storage monitoring]", d.Categories)
	}
	if !slices.Equal(d.RootCauseKeys, []string{"disk space", "never cleaned"}) {
		t.Errorf("keys: got %v, want [disk space, never cleaned]", d.RootCauseKeys)
	}
	in, err := l.Input(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(in.Body), "ran out of disk space") {
		t.Errorf("input body: got %q", in.Body)
	}
	if _, err := LoadLabelsFrom(ctx, filepath.Join(dir, "labels.tsv"), Sources{Corpus: dir}); err == nil {
		t.Error("a corpus without the manifest: got nil error")
	}
}

// TestLoadLabelsFromSynthetic reads our synthetic posts, documents inline.
func TestLoadLabelsFromSynthetic(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"posts.jsonl": `{"id":"syn-x-001","lang":"en","company":"Acme","incident_date":"2024-03-04","markdown":"# Outage\n\nA typo in the zone file broke DNS.","categories":["dns","config-change"],"root_cause":"A typo in the zone file broke DNS."}` + "\n\n",
		"bad.jsonl":   "{not json}\n",
	})
	ctx := context.Background()
	l, err := LoadLabelsFrom(ctx, filepath.Join(dir, "posts.jsonl"), Sources{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Docs) != 1 || l.Docs[0].Path != "syn-x-001.md" || l.Docs[0].IncidentDate != "2024-03-04" {
		t.Fatalf("got %+v, want one doc syn-x-001.md of 2024-03-04", l.Docs)
	}
	in, err := l.Input(ctx, l.Docs[0])
	if err != nil || !strings.Contains(string(in.Body), "zone file") {
		t.Errorf("input: got %q, %v; want the inline markdown", in.Body, err)
	}
	if _, err := LoadLabelsFrom(ctx, filepath.Join(dir, "bad.jsonl"), Sources{}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad line: got %v, want an error naming line 1", err)
	}
}
