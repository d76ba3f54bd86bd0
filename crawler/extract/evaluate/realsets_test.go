package evaluate

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealDevSetsLeaveTheHeldOutOut checks that the development sets never
// name a held-out set or part: the learned models train on them.
func TestRealDevSetsLeaveTheHeldOutOut(t *testing.T) {
	for _, s := range RealDevSets {
		switch {
		case s.Name == "real4" || s.Name == "real5":
			t.Errorf("%s is held out", s.Name)
		case s.Name == "real2" && (s.Of != 2 || s.Part != 2):
			t.Errorf("real2 is for development in part 2/2 only, got %d/%d", s.Part, s.Of)
		}
	}
}

// TestLoadRealSet reads a set laid out as fetch-real.sh does, whole and by
// part, and the parts split the posts between them.
func TestLoadRealSet(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	var man, labels strings.Builder
	man.WriteString("slug\tcompany\tincident_date\tpublic_url\trepo\tpath\tcommit\tformat\n")
	labels.WriteString("slug\tcategories\troot_cause\troot_cause_keys\tincident_date\tcompany\tnotes\n")
	for i := range 8 {
		slug := fmt.Sprintf("acme-2024-05-0%d-outage", i+1)
		fmt.Fprintf(&man, "%s\tAcme\t2024-05-0%d\thttps://example.org/%s\tacme/pm\tpm/%s.md\t%s\tmd\n", slug, i+1, slug, slug, strings.Repeat("a", 40))
		fmt.Fprintf(&labels, "%s\tstorage\tThe disk filled up.\tdisk filled\t2024-05-0%d\tAcme\t\n", slug, i+1)
		files["out/realx/docs/"+slug+".md"] = "# Outage\n\nThe disk filled up.\n"
	}
	files["out/realx/manifest.tsv"] = man.String()
	files["testdata/realx-labels.tsv"] = labels.String()
	writeFiles(t, dir, files)
	ctx := context.Background()
	all, err := LoadRealSet(ctx, RealSet{Name: "realx"}, filepath.Join(dir, "testdata"), filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := LoadRealSet(ctx, RealSet{Name: "realx", Part: 1, Of: 2}, filepath.Join(dir, "testdata"), filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadRealSet(ctx, RealSet{Name: "realx", Part: 2, Of: 2}, filepath.Join(dir, "testdata"), filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Docs) != 8 || len(a.Docs)+len(b.Docs) != 8 {
		t.Errorf("got %d posts whole, %d + %d in parts; want 8 split between the parts", len(all.Docs), len(a.Docs), len(b.Docs))
	}
	if _, err := LoadRealSet(ctx, RealSet{Name: "nosuch"}, filepath.Join(dir, "testdata"), filepath.Join(dir, "out")); err == nil {
		t.Error("a set with no labels file: got no error")
	}
}
