package extract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/evaluate"
	"github.com/pmkb/pmkb/crawler/internal/testutil"
	"github.com/pmkb/pmkb/data"
)

// TestGolden extracts every labelled case of testdata and compares the
// article with <case>.golden.json; -update rewrites the golden files.
func TestGolden(t *testing.T) {
	ctx := context.Background()
	l, err := evaluate.LoadLabels(ctx, filepath.Join("testdata", "labels.yaml"))
	if err != nil {
		t.Fatalf("LoadLabels: %v", err)
	}
	ex := mustDefault(t)
	for _, d := range l.Docs {
		name := strings.TrimSuffix(filepath.Base(d.Path), filepath.Ext(d.Path))
		t.Run(name, func(t *testing.T) {
			in, err := l.Input(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ex.Extract(in)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "cases", name+".golden.json")
			if *testutil.Update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("article differs from %s (run go test -update to accept):\n%s", path, testutil.LineDiff(string(want), string(got)))
			}
		})
	}
}

// TestBoilerplateNeverInBody checks that page chrome from the HTML cases
// (navigation, cookie banners, comments, footers, the Wayback toolbar) does
// not reach the body text.
func TestBoilerplateNeverInBody(t *testing.T) {
	ex := mustDefault(t)
	leaks := []string{"Accept all cookies", "Share on Twitter", "Subscribe to our newsletter", "Great write-up",
		"All rights reserved", "Wayback Machine", "captures", "Related posts", "12 comments", "Join the discussion",
		"Privacy policy", "Ce site utilise des cookies", "Mentions légales", "Donate today", "You might also like",
		"Abonnez-vous", "Archives: 2018"}
	files, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.html"))
	if len(files) == 0 {
		t.Fatal("no HTML cases")
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ex.Extract(extract.Input{URL: "https://example.org/post", ContentType: "text/html", Body: body})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, l := range leaks {
			if strings.Contains(a.Body, l) {
				t.Errorf("%s: body contains %q", filepath.Base(f), l)
			}
		}
		if a.Body == "" || a.Title == "" {
			t.Errorf("%s: empty body or title", filepath.Base(f))
		}
	}
}

// TestNewRejectsBadPattern checks that an invalid taxonomy pattern fails New
// with an error naming the category.
func TestNewRejectsBadPattern(t *testing.T) {
	tax := data.Taxonomy{Categories: []data.Category{{Slug: "dns", Patterns: []data.Pattern{{Match: `(unclosed`, Weight: 1}}}}}
	_, err := extract.New(extract.Options{Taxonomy: tax})
	if err == nil || !strings.Contains(err.Error(), "dns") || !strings.Contains(err.Error(), "(unclosed") {
		t.Fatalf("got %v, want an error naming dns and the pattern", err)
	}
	tax = data.Taxonomy{Negations: []data.Negation{{Match: `[`, Scope: data.ScopeWords}}}
	if _, err := extract.New(extract.Options{Taxonomy: tax}); err == nil {
		t.Fatal("got nil error for a bad negation, want one")
	}
}

func TestExtractBadInput(t *testing.T) {
	ex := mustDefault(t)
	tests := []struct {
		name string
		in   extract.Input
	}{
		{"empty body", extract.Input{URL: "https://example.org/", Body: nil}},
		{"blank body", extract.Input{URL: "https://example.org/", Body: []byte(" \n\t ")}},
		{"bad url", extract.Input{URL: "http://[::1", Body: []byte("<p>text</p>")}},
		{"markup without text", extract.Input{URL: "https://example.org/", ContentType: "text/html", Body: []byte("<html><body><script>x()</script></body></html>")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ex.Extract(tc.in); err == nil {
				t.Errorf("got nil error, want one")
			}
		})
	}
}

// FuzzExtract feeds arbitrary bytes as every format: extraction may fail,
// but it must not panic.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("<html><body><h1>Outage on 2021-10-04 at 15:39 UTC</h1><p>The root cause was a bad BGP config.</p></body></html>"), "text/html")
	f.Add([]byte("---\ntitle: x\n---\n# Summary\n\nOn January 31st, 2017 the database was deleted by mistake."), "text/markdown")
	f.Add([]byte("Résumé\nLe 29 juin 2017 à 9h30, une fuite d'eau a provoqué une panne."), "text/plain")
	f.Add([]byte("+++\ntitle = \"t\"\n+++\nBetween 09:00 and 10:00 UTC on 12 March."), "")
	ex, err := extract.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		_, _ = ex.Extract(extract.Input{URL: "https://example.org/2020/01/02/post", ContentType: ct, Body: body})
	})
}
