package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestExportImportRoundTrip exports the default catalog and imports it into
// an empty data dir: the same searches give the same answers and every
// record survives byte for byte.
func TestExportImportRoundTrip(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	code, out, stderr := runCLI(t, "export", "--data", src, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 60 {
		t.Fatalf("export: got %d records, want the default catalog (>= 60)", len(lines))
	}
	file := filepath.Join(t.TempDir(), "all.jsonl")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "import", "--data", dst, file); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, out2, _ := runCLI(t, "export", "--data", dst, "--format", "jsonl")
	if code != 0 || out2 != out {
		t.Errorf("re-export differs from export (exit %d)", code)
	}
	for _, q := range []string{"database", "dns outage", "certificate expired", "bgp"} {
		_, a, _ := runCLI(t, "search", "--data", src, "--json", q)
		_, b, _ := runCLI(t, "search", "--data", dst, "--json", q)
		var ra, rb struct {
			Total int
			Hits  []struct{ ID string }
		}
		json.Unmarshal([]byte(a), &ra)
		json.Unmarshal([]byte(b), &rb)
		if ra.Total == 0 {
			t.Errorf("search %q on the catalog found nothing", q)
		}
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("search %q: got %+v after import, want %+v", q, rb, ra)
		}
	}
}

func TestImportRejectsBadFileAndKeepsData(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"url":"https://example.com/a","title":"ok"}`+"\n"+`{"url": 12}`+"\n"), 0o644)
	code, _, stderr := runCLI(t, "import", "--data", dir, bad)
	if code == 0 || !strings.Contains(stderr, "line 2") {
		t.Errorf("import of a bad file: exit %d, stderr %q; want failure naming line 2", code, stderr)
	}
	_, out, _ := runCLI(t, "search", "--data", dir, "--json", "ok")
	if strings.Contains(out, "example.com/a") {
		t.Errorf("a rejected import wrote records")
	}
}

func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"frobnicate"}, 2},
		{"unknown flag", []string{"search", "--data", dir, "--bogus"}, 2},
		{"bad format", []string{"export", "--data", dir, "--format", "xml"}, 2},
		{"bad concurrency", []string{"crawl", "--data", dir, "--concurrency", "0", "--no-fetch"}, 2},
		{"bad delay", []string{"crawl", "--data", dir, "--delay", "soon"}, 2},
		{"missing list", []string{"crawl", "--data", dir, "--list", filepath.Join(dir, "nope.md"), "--no-fetch"}, 1},
		{"add without url", []string{"add", "--data", dir}, 2},
		{"add bad url", []string{"add", "--data", dir, "ftp://x/y"}, 2},
		{"import missing file", []string{"import", "--data", dir, filepath.Join(dir, "nope.jsonl")}, 1},
		{"eval without harness", []string{"eval"}, 2},
		{"bad query", []string{"search", "--data", dir, "--size", "1000", "dns"}, 2},
		{"help", []string{"help"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("pmkb %v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, stderr)
			}
			if tc.code != 0 && tc.args != nil {
				if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || lines[0] == "" {
					t.Errorf("pmkb %v: stderr is not a one-line message: %q", tc.args, stderr)
				}
			}
		})
	}
}

// TestDanluuListNoFetch ingests the real danluu list without fetching.
func TestDanluuListNoFetch(t *testing.T) {
	list := filepath.Join("..", "..", "..", "shared", "lists", "danluu-post-mortems.md")
	if _, err := os.Stat(list); err != nil {
		t.Skip("../shared is absent")
	}
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "crawl", "--data", dir, "--list", list, "--no-fetch"); code != 0 {
		t.Fatalf("crawl --no-fetch: exit %d: %s", code, stderr)
	}
	code, out, _ := runCLI(t, "search", "--data", dir, "--json", "--size", "1", "")
	if code != 0 {
		t.Fatalf("search: exit %d", code)
	}
	var res struct {
		Total  int
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total < 180 {
		t.Errorf("records: got %d, want >= 180", res.Total)
	}
	var values []string
	for _, fv := range res.Facets["source"] {
		values = append(values, fv.Value)
	}
	joined := strings.Join(values, "|")
	for _, section := range []string{"Config Errors", "Hardware/Power Failures", "Time", "Database"} {
		if !strings.Contains(joined, section) {
			t.Errorf("source facet %v lacks section %q", values, section)
		}
	}
	for _, notPM := range []string{"Other lists", "Analysis", "Contributors"} {
		if strings.Contains(joined, notPM) {
			t.Errorf("source facet %v has non-post-mortem section %q", values, notPM)
		}
	}
}
