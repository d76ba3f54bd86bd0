package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/evaluate"
	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
)

// The real development posts (crawler/extract/testdata/real*: others'
// texts, not in the repository) reach training as what the rules read of
// them: per post, its labels, the features of every category a pattern
// voted for and how often it uses each word that at least realMinDF of
// the posts use (realPost), one JSON line each, in realFeaturesFile.
// Numbers and a vocabulary, not sentences, so the models are reproduced
// from the repository alone; -export-real rewrites the file from the posts
// laid out by fetch-real.sh, after any change to the patterns, the
// features or how words are counted.

// realFeaturesFile is where the real posts' features are kept, from the
// module root.
const realFeaturesFile = "crawler/extract/internal/classify/train/testdata/real-features.jsonl"

// realMinDF is how many of the real posts must use a word for the file to
// keep it: the word model needs more anyway (lexical.FitOptions.MinDF),
// and a word one post alone uses may be a name.
const realMinDF = 2

// realPost is one line of the features file.
type realPost struct {
	Set      string               `json:"set"`
	Post     string               `json:"post"`
	Labels   []string             `json:"labels"`
	Features map[string][]float64 `json:"features"`
	Terms    map[string]int       `json:"terms"`
}

// exportReal extracts the real development posts laid out under dir
// (dir/real3/docs, dir/real3/manifest.tsv...) and returns the features
// file's bytes.
func exportReal(ctx context.Context, dir string) ([]byte, error) {
	ex, err := rulesOnly()
	if err != nil {
		return nil, err
	}
	var posts []realPost
	for _, s := range evaluate.RealDevSets {
		l, err := evaluate.LoadRealSet(ctx, s, filepath.Join("crawler", "extract", "testdata"), dir)
		if err != nil {
			return nil, err
		}
		var exs []classify.Example
		if _, err := examples(ctx, ex, l, 1, nil, &exs); err != nil {
			return nil, err
		}
		for _, e := range exs {
			for _, f := range e.Features {
				for k, v := range f {
					f[k] = math.Round(v*1e4) / 1e4 // the same on every machine
				}
			}
			posts = append(posts, realPost{Set: s.Name, Post: filepath.Base(e.Name), Labels: e.Labels, Features: e.Features, Terms: e.Terms})
		}
	}
	df := map[string]int{}
	for _, p := range posts {
		for t := range p.Terms {
			df[t]++
		}
	}
	var b bytes.Buffer
	for _, p := range posts {
		for t := range p.Terms {
			if df[t] < realMinDF {
				delete(p.Terms, t)
			}
		}
		line, err := json.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		b.Write(append(line, '\n'))
	}
	return b.Bytes(), nil
}

// readReal reads the features file into examples counted weight times.
func readReal(path string, weight float64) ([]classify.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("train: real features: %w", err)
	}
	defer f.Close()
	var out []classify.Example
	err = evaluate.EachJSONLine(f, path, func(line []byte) error {
		var p realPost
		if err := json.Unmarshal(line, &p); err != nil {
			return err
		}
		org, _, _ := strings.Cut(p.Post, "-") // slugs open with the organisation
		out = append(out, classify.Example{Name: p.Set + "/" + p.Post, Features: p.Features, Labels: p.Labels, Weight: weight, Terms: p.Terms, Group: org, Real: true})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return out, nil
}

// rulesOnly is the extractor whose votes the layer learns from: the rules
// alone, without the layer being trained.
func rulesOnly() (*extract.Extractor, error) {
	opts, err := extract.DefaultOptions()
	if err != nil {
		return nil, err
	}
	opts.Model, opts.Words = nil, nil
	return extract.New(opts)
}
