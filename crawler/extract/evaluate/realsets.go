package evaluate

import (
	"context"
	"path/filepath"
)

// RealSet is one set of real post-mortems from outside the shared corpus
// (crawler/extract/testdata/NAME-labels.tsv; the posts are fetched, not
// committed: fetch-real.sh lays them out as DIR/NAME/docs and
// DIR/NAME/manifest.tsv) and, when Of > 0, the part Part of Of of its
// posts (1-based, as pmkb eval extract --part says it).
type RealSet struct {
	Name     string
	Part, Of int
}

// RealDevSets are the real sets, or parts of them, that are for
// development: their misses are read and the learned models train on
// them. The held-out ones (real2 part 1/2, real4, real5, real13, real16) are never here,
// nor real21, read for development but left out of training: a third of
// its posts are in languages the rules do not read (German, Chinese,
// Czech) and most of the rest are notices of a sentence or two, and
// training on it lowered the layer's cross-validated F1 on the other
// development posts (0.620/0.651 -> 0.612/0.647) and the tuning posts'
// held out of training (0.795 -> 0.779); nor real23, four French posts,
// too few to move the models.
var RealDevSets = []RealSet{
	{Name: "real2", Part: 2, Of: 2},
	{Name: "real3"},
	{Name: "real6"},
	{Name: "real7"},
	{Name: "real8"},
	{Name: "real9"},
	{Name: "real10"},
	{Name: "real11"},
	{Name: "real12"},
	{Name: "real14"},
	{Name: "real15"},
	{Name: "real17"},
	{Name: "real18"},
	{Name: "real19"},
	{Name: "real20"},
	{Name: "real22"},
}

// LoadRealSet reads set s's labels from testdata (the directory of the
// labels files) over its posts laid out under dir.
func LoadRealSet(ctx context.Context, s RealSet, testdata, dir string) (Labels, error) {
	l, err := LoadLabelsFrom(ctx, filepath.Join(testdata, s.Name+"-labels.tsv"), Sources{Corpus: filepath.Join(dir, s.Name)})
	if err != nil || s.Of == 0 {
		return l, err
	}
	return l.Part(s.Part-1, s.Of)
}
