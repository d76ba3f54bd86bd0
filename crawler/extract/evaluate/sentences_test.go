package evaluate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var sentenceFiles = func() []string {
	var out []string
	for _, f := range []string{"sent-a.jsonl", "sent-b.jsonl", "sent-c.jsonl"} {
		out = append(out, filepath.Join("..", "testdata", "sentences", f))
	}
	return out
}()

// TestSentenceHalves checks that the halves split the sentences in two,
// whatever order the files come in, and refuses an unknown half.
func TestSentenceHalves(t *testing.T) {
	ss, err := LoadSentences(context.Background(), sentenceFiles)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := SentenceHalf(ss, HalfDev)
	if err != nil {
		t.Fatal(err)
	}
	hold, err := SentenceHalf(ss, HalfHoldout)
	if err != nil {
		t.Fatal(err)
	}
	if len(dev)+len(hold) != len(ss) || len(dev) < len(ss)/3 || len(hold) < len(ss)/3 {
		t.Errorf("halves: got %d + %d of %d, want two halves of about the same size", len(dev), len(hold), len(ss))
	}
	seen := map[string]bool{}
	for _, s := range dev {
		seen[s.Text] = true
	}
	for _, s := range hold {
		if seen[s.Text] {
			t.Errorf("%q is in both halves", s.Text)
		}
	}
	if _, err := SentenceHalf(ss, "train"); err == nil {
		t.Error("half train: got no error, want one")
	}
}

// TestEvaluateSentences reads a few sentences: a cause the taxonomy names
// gets its defining vote, a plan and a negation get none.
func TestEvaluateSentences(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.jsonl")
	lines := `{"text": "A race condition in the scheduler allowed two workers to claim the same job.", "lang": "en", "cats": ["software-bug"], "role": "cause"}
{"text": "We will add an alert on consumer lag for every topic.", "lang": "en", "cats": [], "role": "action"}
{"text": "No customer data was lost.", "lang": "en", "cats": [], "role": "negated"}
`
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	ss, err := LoadSentences(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	r, err := EvaluateSentences(context.Background(), mustDefault(t), ss)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Recall(); got != 1 {
		t.Errorf("recall: got %.2f, want 1", got)
	}
	if got := r.NegativeFalseRate(); got != 0 {
		t.Errorf("negatives voted: got %.2f, want 0", got)
	}
	var buf bytes.Buffer
	if err := r.Fprint(&buf, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "software-bug") {
		t.Errorf("report lacks the category:\n%s", buf.String())
	}
}

// TestConcat pools two labelled sets: documents read from disk keep
// where they live.
func TestConcat(t *testing.T) {
	synth, err := LoadLabelsFrom(context.Background(), filepath.Join("..", "testdata", "synth", "posts-a.jsonl"), Sources{})
	if err != nil {
		t.Fatal(err)
	}
	cases := loadLabels(t, filepath.Join("..", "testdata", "labels.yaml"))
	all := Concat(synth, cases)
	if got, want := len(all.Docs), len(synth.Docs)+len(cases.Docs); got != want {
		t.Fatalf("got %d docs, want %d", got, want)
	}
	for _, d := range all.Docs {
		if _, err := all.Input(context.Background(), d); err != nil {
			t.Errorf("%s: %v", d.Path, err)
		}
	}
}
