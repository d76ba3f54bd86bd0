package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEvalExtractModel scores our labelled pages with a learned layer read
// from a file: the committed one gives the default figures, one whose bias
// refuses the tags the layer decides scores lower, and a file that is not
// there is an error that names it.
func TestEvalExtractModel(t *testing.T) {
	labels := filepath.Join("..", "..", "crawler", "extract", "testdata", "labels.yaml")
	f1 := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := runEvalExtract(context.Background(), evalEnv(&out), append([]string{"--labels", labels}, args...)); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^category micro-F1\s+([0-9.]+)$`).FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no micro-F1 line in output:\n%s", out.String())
		}
		return m[1]
	}
	// The committed layer, as the training command wrote it.
	same := filepath.Join("..", "..", "crawler", "extract", "internal", "classify", "model.json")
	embedded, err := os.ReadFile(same)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(embedded, &m); err != nil {
		t.Fatal(err)
	}
	m["bias"] = -1000.0 // every probability near 0
	dir := t.TempDir()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(dir, "none.json")
	if err = os.WriteFile(none, b, 0o644); err != nil {
		t.Fatal(err)
	}

	base := f1()
	if got := f1("--model", same); got != base {
		t.Errorf("--model with the embedded layer: micro-F1 %s, want %s as without", got, base)
	}
	if got := f1("--model", none); got >= base {
		t.Errorf("--model whose bias refuses every tag it decides: micro-F1 %s, want below the layer's own %s", got, base)
	}
	missing := filepath.Join(dir, "missing.json")
	err = runEvalExtract(context.Background(), evalEnv(new(bytes.Buffer)), []string{"--labels", labels, "--model", missing})
	if err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("--model of a missing file: got %v, want an error naming it", err)
	}
}
