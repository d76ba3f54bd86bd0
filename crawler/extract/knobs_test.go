package extract_test

import (
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

func TestKnobs(t *testing.T) {
	opts, err := extract.DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]float64{}
	for _, k := range mustDefault(t).Knobs() {
		defaults[k.Name] = k.Value
	}
	if defaults["cutoff"] != 0.3 || defaults["rcKeep"] != 8 || defaults["body"] != 0.6 {
		t.Errorf("got knobs %v, want cutoff 0.3, rcKeep 8, body 0.6", defaults)
	}
	opts.Knobs = map[string]float64{"cutoff": 0.1, "rcKeep": 3}
	ex, err := extract.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ex.Knobs() {
		want := defaults[k.Name]
		switch k.Name {
		case "cutoff":
			want = 0.1
		case "rcKeep":
			want = 3
		}
		if k.Value != want {
			t.Errorf("knob %s: got %g, want %g", k.Name, k.Value, want)
		}
	}
	opts.Knobs = map[string]float64{"nope": 1}
	if _, err := extract.New(opts); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown knob: got %v, want an error naming it", err)
	}
}
