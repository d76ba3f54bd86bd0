// Command train fits the category classifier's learned layer and the word
// model it reads, and writes them where the classifier embeds them. Run it
// from the module root:
//
//	go run ./crawler/extract/internal/classify/train
//
// It reads our synthetic post-mortems (crawler/extract/testdata/synth, all
// but part 1/4, which stays out as the check set) and the tuning half of the
// shared corpus (tune-labels.tsv over ../shared/corpus), runs the extractor
// with the rules alone on each post, and fits the word model on the posts'
// words and a logistic regression on how the rules voted and what a word
// model that had not read the post gives it (see classify.FitLayers). Same
// data, same bytes. With -check it writes nothing and fails when a
// committed model differs from what training gives. -tune-weight sets how
// much a tuning post counts in the layer (2): more lifted cross-validated
// F1 on the tuning posts but lowered both the synthetic and the test posts'
// F1, so 2 stays; -tune="" leaves the tuning posts out, to measure on them
// with pmkb eval extract --model --words.
//
// It also reads what the rules voted on the real development posts
// (real2 part 2/2, real3, real6 to real12, real14, real15, real17 to
// real20 and real22 of crawler/extract/testdata) and the words they use, counted like
// tuning posts: -real names that file (real.go says why it holds numbers, not
// posts; "" leaves them out). Trained with them, the layer's category
// micro-F1 on the held-out real posts went 0.638 -> 0.648 (real2 part 1/2
// and real4) and 0.538 -> 0.569 (real5); the word model then lifted them
// again (see the commit that added it). After a change to the patterns,
// the features or how words are counted, lay the sets out with
// fetch-real.sh under one DIR (DIR/real3...) and rewrite the file first:
//
//	go run ./crawler/extract/internal/classify/train -export-real DIR
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// config is what the flags say.
type config struct {
	data       options
	out        string
	wordsOut   string
	check      bool
	dump       string // TSV of every example's features, for experiments
	dumpUnits  string // JSON lines of every voted sentence, for experiments
	exportReal string // rewrite -real from the real posts laid out under this directory, and stop
}

func main() {
	var c config
	flag.StringVar(&c.data.synth, "synth", "crawler/extract/testdata/synth", "the `DIR` of the synthetic posts (posts-*.jsonl)")
	flag.StringVar(&c.data.tune, "tune", "crawler/extract/testdata/tune-labels.tsv", "the tuning labels `FILE` (TSV over --corpus); empty: none")
	flag.StringVar(&c.data.corpus, "corpus", "../shared/corpus", "the shared corpus `DIR` the tuning labels name their posts from")
	flag.Float64Var(&c.data.tuneWeight, "tune-weight", defaultTuneWeight, "how much a real post (tuning or development) counts against a synthetic one")
	flag.StringVar(&c.data.real, "real", realFeaturesFile, "the real development posts' features `FILE` (JSON lines); empty: none")
	flag.StringVar(&c.exportReal, "export-real", "", "rewrite -real from the real sets fetch-real.sh laid out under `DIR` (DIR/real3/docs...), then stop")
	flag.StringVar(&c.out, "out", "crawler/extract/internal/classify/model.json", "where to write the learned layer `FILE`")
	flag.StringVar(&c.wordsOut, "words-out", "crawler/extract/internal/classify/words.json", "where to write the word model `FILE`")
	flag.BoolVar(&c.check, "check", false, "write nothing; fail when --out differs from what training gives")
	flag.StringVar(&c.dump, "dump", "", "also write every example's features to `FILE` (TSV), for experiments")
	flag.StringVar(&c.dumpUnits, "dump-units", "", "also write every post's voted sentences to `FILE` (JSON lines), for experiments")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		slog.Error("train", "err", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config) (err error) {
	for _, d := range []struct {
		path string
		to   *io.Writer
	}{{c.dump, &c.data.dump}, {c.dumpUnits, &c.data.dumpUnits}} {
		if d.path == "" {
			continue
		}
		f, err := os.Create(d.path)
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		*d.to = f
	}
	if c.exportReal != "" {
		b, err := exportReal(ctx, c.exportReal)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(c.data.real), 0o755); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		if err := os.WriteFile(c.data.real, b, 0o644); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s\n", c.data.real)
		return nil
	}
	t, st, err := train(ctx, c.data)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "trained on %d posts (%d synthetic, %d tuning, %d real); %d words; threshold %.2f\n", st.posts, st.synth, st.tune, st.real, st.terms, st.threshold)
	for _, f := range []struct {
		path string
		b    []byte
	}{{c.out, t.layer}, {c.wordsOut, t.words}} {
		if c.check {
			have, err := os.ReadFile(f.path)
			if err != nil {
				return fmt.Errorf("train: %w", err)
			}
			if !bytes.Equal(have, f.b) {
				return fmt.Errorf("train: %s differs from what training gives: run go run ./crawler/extract/internal/classify/train", f.path)
			}
			continue
		}
		if err := os.WriteFile(f.path, f.b, 0o644); err != nil {
			return fmt.Errorf("train: %w", err)
		}
	}
	return nil
}
