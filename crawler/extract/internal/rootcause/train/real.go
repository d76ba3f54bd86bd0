package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/extract/evaluate"
	"github.com/pmkb/pmkb/crawler/extract/internal/rootcause"
)

// The real development posts (crawler/extract/testdata/real*: others'
// texts, not in the repository) reach training as the model reads them:
// per post, every sentence's features and rules score, and which sentences
// state its labelled root cause (realPost), one JSON line each, in
// realFile. Numbers, not sentences, so the weights are reproduced from the
// repository alone; -export-real rewrites the file from the posts laid out
// by fetch-real.sh, after any change to the features or the rules.

// realFile is where the real posts' sentences are kept, from the module
// root.
const realFile = "crawler/extract/internal/rootcause/train/testdata/real-sentences.jsonl"

// realPost is one line of the file: per sentence the model may pick, its
// nonzero features as index, value pairs and its rules score; pos lists the
// sentences that state the labelled cause.
type realPost struct {
	Set   string      `json:"set"`
	Post  string      `json:"post"`
	Pos   []int       `json:"pos"`
	Rules []float64   `json:"rules"`
	X     [][]float64 `json:"x"`
}

// exportReal reads the real development posts laid out under dir
// (dir/real3/docs...) and returns the file's bytes.
func exportReal(ctx context.Context, ex *extract.Extractor, dir string) ([]byte, error) {
	var b bytes.Buffer
	for _, s := range evaluate.RealDevSets {
		l, err := evaluate.LoadRealSet(ctx, s, filepath.Join("crawler", "extract", "testdata"), dir)
		if err != nil {
			return nil, err
		}
		for _, d := range l.Docs {
			e, ok, err := example(ctx, ex, l, d)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			line, err := json.Marshal(encode(s.Name, filepath.Base(d.Path), e))
			if err != nil {
				return nil, fmt.Errorf("train: %w", err)
			}
			b.Write(append(line, '\n'))
		}
	}
	return b.Bytes(), nil
}

// encode writes an example as a line of the file, its values rounded so
// that every machine writes the same bytes.
func encode(set, post string, e rootcause.Example) realPost {
	p := realPost{Set: set, Post: post, Pos: []int{}, Rules: make([]float64, len(e.X)), X: make([][]float64, len(e.X))}
	for i, x := range e.X {
		p.Rules[i] = round4(e.Rules[i])
		p.X[i] = []float64{}
		for k, v := range x {
			if v != 0 {
				p.X[i] = append(p.X[i], float64(k), round4(v))
			}
		}
		if e.Pos[i] {
			p.Pos = append(p.Pos, i)
		}
	}
	return p
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// readReal reads the file back into examples.
func readReal(path string) ([]rootcause.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("train: real sentences: %w", err)
	}
	defer f.Close()
	var out []rootcause.Example
	err = evaluate.EachJSONLine(f, path, func(line []byte) error {
		e, err := decode(line)
		if err == nil {
			out = append(out, e)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return out, nil
}

// decode reads one line of the file, checking what it says.
func decode(line []byte) (rootcause.Example, error) {
	var p realPost
	if err := json.Unmarshal(line, &p); err != nil {
		return rootcause.Example{}, err
	}
	if len(p.Rules) != len(p.X) || len(p.Pos) == 0 {
		return rootcause.Example{}, fmt.Errorf("%s: %d sentences, %d rules scores, %d causes", p.Post, len(p.X), len(p.Rules), len(p.Pos))
	}
	e := rootcause.Example{X: make([][rootcause.NumFeatures]float64, len(p.X)), Rules: p.Rules, Pos: make([]bool, len(p.X))}
	for i, pairs := range p.X {
		if len(pairs)%2 != 0 {
			return rootcause.Example{}, fmt.Errorf("%s: sentence %d: odd feature list", p.Post, i)
		}
		for j := 0; j < len(pairs); j += 2 {
			k := int(pairs[j])
			if k < 0 || k >= rootcause.NumFeatures {
				return rootcause.Example{}, fmt.Errorf("%s: sentence %d: no feature %d", p.Post, i, k)
			}
			e.X[i][k] = pairs[j+1]
		}
	}
	for _, i := range p.Pos {
		if i < 0 || i >= len(e.Pos) {
			return rootcause.Example{}, fmt.Errorf("%s: no sentence %d", p.Post, i)
		}
		e.Pos[i] = true
	}
	return e, nil
}
