package main

import (
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

// catalogIDs returns the ids of the first n incidents of the default
// catalog.
func catalogIDs(t *testing.T, n int) []string {
	t.Helper()
	pms, err := data.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, pm := range pms[:n] {
		ids = append(ids, pm.ID)
	}
	return ids
}

// TestExportIDs: `pmkb export --ids` writes the talk table (Markdown by
// default) in the order given, each incident once; bad input is a clear
// error that changes nothing.
func TestExportIDs(t *testing.T) {
	dir := t.TempDir()
	ids := catalogIDs(t, 3)
	code, out, stderr := runCLI(t, "export", "--data", dir, "--ids", ids[2]+","+ids[0]+","+ids[2])
	if code != 0 {
		t.Fatalf("export --ids: exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "| Company | Incident | Date | Link |" || !strings.HasPrefix(lines[3], "| AWS | Christmas Eve ELB outage") {
		t.Errorf("export --ids: got\n%s\nwant the header, the separator, then the two incidents in order", out)
	}
	for _, f := range []string{"csv", "json", "bibtex"} {
		if code, out, stderr := runCLI(t, "export", "--data", dir, "--format", f, "--ids", ids[0]); code != 0 || !strings.Contains(out, "AWS") {
			t.Errorf("--format %s: exit %d %q, stderr %q", f, code, out, stderr)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--ids", ids[0] + ",0000000000000000"}, 1, "0000000000000000"},
		{[]string{"--ids", ids[0], "--format", "jsonl"}, 2, "md, csv, json or bibtex"},
		{[]string{"--ids", ids[0], "--q", "dns"}, 2, "leave out --q"},
		{[]string{"--ids", "a b"}, 2, "not an incident id"},
	} {
		code, _, stderr := runCLI(t, append([]string{"export", "--data", dir}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// checkExportWhileServing: with the server holding the data dir, `pmkb
// export --ids` asks the server and prints what an offline export prints.
func checkExportWhileServing(t *testing.T, dir string) {
	t.Helper()
	ids := strings.Join(catalogIDs(t, 3), ",")
	code, out, stderr := runCLI(t, "export", "--data", dir, "--ids", ids)
	if code != 0 {
		t.Fatalf("export while serving: exit %d, stderr %q", code, stderr)
	}
	_, offline, _ := runCLI(t, "export", "--data", t.TempDir(), "--ids", ids)
	if out != offline || !strings.HasPrefix(out, "| Company | Incident | Date | Link |") {
		t.Errorf("export while serving:\n%s\nwant what an offline export gives:\n%s", out, offline)
	}
}
