// Command train fits the root-cause model on our synthetic post-mortems and writes its weights.
//
//	go run ./crawler/extract/internal/rootcause/train [-parts 2,3,4] [-out crawler/extract/internal/rootcause/weights.go]
//
// It reads crawler/extract/testdata/synth/posts-{a,b,c}.jsonl, keeps the
// parts of the development split (part 1 of 4 is held out: never train on
// it), marks in each post the sentences that state its labelled root
// cause, and fits rootcause.Train. The same files give the same weights
// (TestWeightsReproducible checks weights.go against them).
//
// -tune adds the real posts of the tuning set (tune-labels.tsv over
// ../shared/corpus; the corpus's later additions, the test set, are never
// read), counted -tune-weight times; -tune-skip I/N leaves part I of N out
// to measure on it. We tried it: cross-validated on the tuning set it did
// not beat the rules there, and it cost the synthetic posts, so the
// shipped weights are trained on the synthetic posts alone and the rules
// keep the real posts' cue phrases (extract/rootcause.go blends both).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/evaluate"
	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

func main() {
	dir := flag.String("synth", "crawler/extract/testdata/synth", "the directory of the synthetic posts-*.jsonl files")
	parts := flag.String("parts", "2,3,4", "the parts (of 4) to train on; part 1 is the held-out check")
	out := flag.String("out", "crawler/extract/internal/rootcause/weights.go", "where to write the weights")
	epochs := flag.Int("epochs", 400, "gradient steps")
	lambda := flag.Float64("lambda", 0.002, "L2 penalty")
	rules := flag.Float64("rules", 0, "the fixed weight of the rules' score (the shipped weights use 0: the rules are a feature)")
	tune := flag.String("tune", "", "also train on the real posts of this labels file (crawler/extract/testdata/tune-labels.tsv); the shipped weights use none")
	corpus := flag.String("corpus", "../shared/corpus", "the corpus the tuning labels name their documents from")
	tuneWeight := flag.Int("tune-weight", 3, "how many times a real post counts")
	tuneSkip := flag.String("tune-skip", "", "I/N: leave part I of N of the tuning set out")
	flag.Parse()
	ctx := context.Background()
	ex, err := extract.Default()
	if err != nil {
		log.Fatal(err)
	}
	exs, err := synthetic(ctx, ex, *dir, *parts)
	if err != nil {
		log.Fatal(err)
	}
	if *tune != "" {
		real, err := tuning(ctx, ex, *tune, *corpus, *tuneSkip)
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("train: %d real posts, each %d times", len(real), *tuneWeight)
		for range *tuneWeight {
			exs = append(exs, real...)
		}
	}
	m := rootcause.Train(exs, *rules, *epochs, *lambda)
	log.Printf("train: %d examples, loss %.3f, top-1 on a positive %.3f, top-3 %.3f", len(exs), rootcause.Loss(&m, exs), topK(&m, exs, 1), topK(&m, exs, 3))
	if err := write(*out, m); err != nil {
		log.Fatal(err)
	}
}

// tuning reads the real posts of the tuning set, less part skip ("I/N").
func tuning(ctx context.Context, ex *extract.Extractor, path, corpus, skip string) ([]rootcause.Example, error) {
	l, err := evaluate.LoadLabelsFrom(ctx, path, evaluate.Sources{Corpus: corpus})
	if err != nil {
		return nil, err
	}
	if skip != "" {
		var i, n int
		if _, err := fmt.Sscanf(skip, "%d/%d", &i, &n); err != nil {
			return nil, fmt.Errorf("train: -tune-skip %q: %w", skip, err)
		}
		kept := l
		kept.Docs = nil
		for k := 1; k <= n; k++ {
			if k == i {
				continue
			}
			p, err := l.Part(k-1, n)
			if err != nil {
				return nil, err
			}
			kept.Docs = append(kept.Docs, p.Docs...)
		}
		l = kept
	}
	return examples(ctx, ex, l, nil)
}

// examples appends the examples of l's labelled posts to exs.
func examples(ctx context.Context, ex *extract.Extractor, l evaluate.Labels, exs []rootcause.Example) ([]rootcause.Example, error) {
	for _, d := range l.Docs {
		e, ok, err := example(ctx, ex, l, d)
		if err != nil {
			return nil, err
		}
		if ok {
			exs = append(exs, e)
		}
	}
	return exs, nil
}

// synthetic reads the given parts of our synthetic posts.
func synthetic(ctx context.Context, ex *extract.Extractor, dir, parts string) ([]rootcause.Example, error) {
	var ps []int
	for _, p := range strings.Split(parts, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("train: part %q: %w", p, err)
		}
		if i == 1 {
			return nil, fmt.Errorf("train: part 1 is the held-out check: never train on it")
		}
		ps = append(ps, i)
	}
	var exs []rootcause.Example
	for _, name := range []string{"posts-a.jsonl", "posts-b.jsonl", "posts-c.jsonl"} {
		all, err := evaluate.LoadLabelsFrom(ctx, filepath.Join(dir, name), evaluate.Sources{})
		if err != nil {
			return nil, err
		}
		for _, i := range ps {
			l, err := all.Part(i-1, 4)
			if err != nil {
				return nil, err
			}
			if exs, err = examples(ctx, ex, l, exs); err != nil {
				return nil, err
			}
		}
	}
	return exs, nil
}

// example reads one labelled post into the model's features, marking the
// sentences of its labelled root cause.
func example(ctx context.Context, ex *extract.Extractor, l evaluate.Labels, d evaluate.Label) (rootcause.Example, bool, error) {
	in, err := l.Input(ctx, d)
	if err != nil {
		return rootcause.Example{}, false, err
	}
	sents, rc, err := ex.RootCauseSentences(in)
	if err != nil {
		return rootcause.Example{}, false, nil // an unreadable post teaches nothing
	}
	fs, eligible := rootcause.Features(sents, rc)
	label := norm(d.RootCause)
	var e rootcause.Example
	pos := false
	for i := range sents {
		if !eligible[i] {
			continue
		}
		p := partOf(sents[i], label) || evaluate.RootCauseHit(sents[i].Text, d)
		e.X = append(e.X, fs[i])
		e.Rules = append(e.Rules, rc.Rules[i])
		e.Pos = append(e.Pos, p)
		pos = pos || p
	}
	return e, pos && len(e.X) > 1, nil
}

// partOf reports whether a sentence is part of the labelled root cause:
// the label holds it, or nearly all its words.
func partOf(s page.Sentence, label string) bool {
	t := norm(s.Text)
	if len(t) >= 20 && strings.Contains(label, t) {
		return true
	}
	words := strings.Fields(t)
	if len(words) < 5 {
		return false
	}
	have := map[string]bool{}
	for _, w := range strings.Fields(label) {
		have[w] = true
	}
	n := 0
	for _, w := range words {
		if have[w] {
			n++
		}
	}
	return float64(n) >= 0.85*float64(len(words))
}

func norm(s string) string { return strings.Join(prose.Words(s), " ") }

// topK is the share of posts where a positive sentence is among the k
// best scored.
func topK(m *rootcause.Model, exs []rootcause.Example, k int) float64 {
	hit := 0
	for _, e := range exs {
		idx := make([]int, len(e.X))
		scores := make([]float64, len(e.X))
		for i := range e.X {
			idx[i], scores[i] = i, m.Score(&e.X[i])+m.Rules*e.Rules[i]
		}
		sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
		for _, i := range idx[:min(k, len(idx))] {
			if e.Pos[i] {
				hit++
				break
			}
		}
	}
	return float64(hit) / float64(len(exs))
}

// write renders the weights as Go source.
func write(path string, m rootcause.Model) error {
	var b bytes.Buffer
	b.WriteString("// Code generated by go run ./crawler/extract/internal/rootcause/train; DO NOT EDIT.\n\npackage rootcause\n\n")
	fmt.Fprintf(&b, "var trained = Model{Rules: %g, Weights: [numFeatures]float64{\n", m.Rules)
	for i, w := range m.Weights {
		fmt.Fprintf(&b, "\t%s: %.4f,\n", featureConst(i), w)
	}
	b.WriteString("}}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("train: format weights: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

// featureConst spells feature i as its constant in the rootcause package
// ("sec_root_cause" is fSecRootCause).
func featureConst(i int) string {
	var b strings.Builder
	b.WriteString("f")
	for _, part := range strings.Split(rootcause.Names[i], "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
