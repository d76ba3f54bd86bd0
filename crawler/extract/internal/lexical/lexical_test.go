package lexical

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/data"
)

func TestCount(t *testing.T) {
	cases := map[string]map[string]int{
		"The split-brain: SPLIT brain!":        {"the": 1, "split": 2, "brain": 2},
		"Le réseau est tombé à 3h42, l'équipe": {"le": 1, "reseau": 1, "est": 1, "tombe": 1, "3h42": 1, "equipe": 1},
		"2021 10.0.0.1 x a1 port 5432":         {"a1": 1, "port": 1},
		"ÉCHEC DU DÉPLOIEMENT":                 {"echec": 1, "du": 1, "deploiement": 1},
		strings.Repeat("a", 31) + " ok":        {"ok": 1},
	}
	for in, want := range cases {
		got := map[string]int{}
		Count(got, in)
		if !maps.Equal(got, want) {
			t.Errorf("Count(%q) = %v, want %v", in, got, want)
		}
	}
}

// corpus is a toy set of posts: the dns ones say resolver and record, the
// disk ones volume and full, every one says outage.
func corpus() []Doc {
	var docs []Doc
	for i := range 12 {
		d := Doc{Counts: map[string]int{"outage": 1, fmt.Sprintf("host%d", i): 1}}
		switch i % 3 {
		case 0:
			d.Counts["resolver"], d.Counts["record"] = 2, 1
			d.Labels = []string{"dns"}
		case 1:
			d.Counts["volume"], d.Counts["full"] = 1, 2
			d.Labels = []string{"storage"}
		default:
			d.Counts["deploy"] = 1
			d.Counts["record"] = 1
		}
		docs = append(docs, d)
	}
	return docs
}

func TestFitLearnsTheWords(t *testing.T) {
	slugs := []string{"dns", "storage", "time"}
	m, err := Fit(slugs, corpus(), FitOptions{MaxDF: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Categories["time"]; ok {
		t.Error("a category no post carries got a regression")
	}
	for _, rare := range []string{"host1", "host2"} {
		if _, ok := m.Categories["dns"].Weights[rare]; ok {
			t.Errorf("%q, in one post, is in the vocabulary", rare)
		}
	}
	if m.Shrink != 10 {
		t.Errorf("default shrink %v, want 10", m.Shrink)
	}
	m.Shrink = 0 // these posts have two or three terms: read them at full weight
	c, err := m.Compile(slugs)
	if err != nil {
		t.Fatal(err)
	}
	byIndex := c.NewTerms()
	c.Add(byIndex, "Outage: the resolver. Outage, outage.")
	if !slices.Equal(c.ProbsOf(byIndex), c.Probs(map[string]int{"resolver": 1, "outage": 3})) {
		t.Error("ProbsOf of the words Add counted differs from Probs of the same counts")
	}
	p := c.Probs(map[string]int{"resolver": 1, "outage": 3})
	if p[0] < 0.7 || p[1] > 0.3 || p[2] != 0 {
		t.Errorf("a post about a resolver: probabilities %v, want dns high, storage low, time 0", p)
	}
	p = c.Probs(map[string]int{"volume": 2, "full": 1})
	if p[1] < 0.7 || p[0] > 0.3 {
		t.Errorf("a post about a full volume: probabilities %v, want storage high, dns low", p)
	}
	if c.Weigh(0, "The resolver answered nothing.") <= c.Weigh(0, "The volume was full.") {
		t.Error("a sentence about a resolver does not weigh more for dns than one about a volume")
	}
}

// TestShortTextsSpeakWeakly checks Shrink: the fewer terms a post has, the
// nearer its probabilities stay to the category's bias.
func TestShortTextsSpeakWeakly(t *testing.T) {
	slugs := []string{"dns", "storage"}
	m, err := Fit(slugs, corpus(), FitOptions{MaxDF: 1, Shrink: 2})
	if err != nil {
		t.Fatal(err)
	}
	shrunk, err := m.Compile(slugs)
	if err != nil {
		t.Fatal(err)
	}
	m.Shrink = 0
	full, _ := m.Compile(slugs)
	prior := sigmoid(m.Categories["dns"].Bias)
	short := map[string]int{"resolver": 1, "record": 1}
	ps, pf := shrunk.Probs(short)[0], full.Probs(short)[0]
	if want := sigmoid(m.Categories["dns"].Bias + (logit(pf)-logit(prior))/2); !(ps < pf && ps > prior) || ps-want > 1e-9 || want-ps > 1e-9 {
		t.Errorf("two terms with shrink 2: dns %v, want %v (half the way from the bias %v to %v)", ps, want, prior, pf)
	}
	m.Shrink = -1
	if _, err := m.Compile(slugs); err == nil {
		t.Error("a negative shrink compiled")
	}
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

func TestFitIsReproducible(t *testing.T) {
	slugs := []string{"dns", "storage"}
	a, err := Fit(slugs, corpus(), FitOptions{MaxDF: 1, Keep: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Fit(slugs, corpus(), FitOptions{MaxDF: 1, Keep: 2})
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("two fits of the same posts differ")
	}
	if n := len(a.Categories["dns"].Weights); n != 2 {
		t.Errorf("Keep 2 kept %d weights", n)
	}
}

func TestFitRejectsNothingToLearn(t *testing.T) {
	if _, err := Fit([]string{"dns"}, nil, FitOptions{}); err == nil {
		t.Error("no posts: no error")
	}
	if _, err := Fit([]string{"dns"}, []Doc{{Counts: map[string]int{"a": 1}}}, FitOptions{}); err == nil {
		t.Error("no term in enough posts: no error")
	}
}

func TestParseRejectsBadModels(t *testing.T) {
	bad := map[string]string{
		"not JSON":          `{"terms": [`,
		"idf missing":       `{"terms": ["dns"], "idf": [], "categories": {}}`,
		"term twice":        `{"terms": ["dns", "dns"], "idf": [1, 1], "categories": {}}`,
		"unknown category":  `{"terms": ["dns"], "idf": [1], "categories": {"weather": {"bias": 0, "weights": {}}}}`,
		"weight of no term": `{"terms": ["dns"], "idf": [1], "categories": {"dns": {"bias": 0, "weights": {"zone": 1}}}}`,
	}
	for name, b := range bad {
		if _, err := Parse([]byte(b), []string{"dns"}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Parse([]byte(`{"terms": ["dns"], "idf": [1], "categories": {"dns": {"bias": -1, "weights": {"dns": 2}}}}`), []string{"dns"}); err != nil {
		t.Errorf("a good model: %v", err)
	}
}

// BenchmarkProbs measures reading a post with the embedded word model:
// counting the words it knows, then the probabilities.
func BenchmarkProbs(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("..", "classify", "words.json"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := Parse(raw, data.Slugs)
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("the resolver returned stale records while the volume filled up and the deploy of version 4.2 stalled; nobody was paged. ", 200)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		t := c.NewTerms()
		c.Add(t, text)
		c.ProbsOf(t)
	}
}
