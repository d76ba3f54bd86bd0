package classify

import (
	"fmt"
	"slices"
)

// knob names one tuning value and where it lives in a Classifier.
type knob struct {
	name string
	ptr  func(c *Classifier) *float64
}

// knobs are the tuning values SetKnob takes, in the order Knobs lists them.
var knobs = []knob{
	{"causalCue", func(c *Classifier) *float64 { return &c.tune.causalCue }},
	{"causalBoost", func(c *Classifier) *float64 { return &c.tune.causalBoost }},
	{"causalStrong", func(c *Classifier) *float64 { return &c.tune.causalStrong }},
	{"hypoFactor", func(c *Classifier) *float64 { return &c.tune.hypoFactor }},
	{"summary", func(c *Classifier) *float64 { return &c.tune.summary }},
	{"timeline", func(c *Classifier) *float64 { return &c.tune.timeline }},
	{"side", func(c *Classifier) *float64 { return &c.tune.side }},
	{"action", func(c *Classifier) *float64 { return &c.tune.action }},
	{"body", func(c *Classifier) *float64 { return &c.tune.body }},
	{"code", func(c *Classifier) *float64 { return &c.tune.code }},
	{"rcDecay", func(c *Classifier) *float64 { return &c.tune.rcDecay }},
	{"background", func(c *Classifier) *float64 { return &c.tune.background }},
	{"weakOnly", func(c *Classifier) *float64 { return &c.tune.weakOnly }},
	{"strongOnly", func(c *Classifier) *float64 { return &c.tune.strongOnly }},
	{"cutoff", func(c *Classifier) *float64 { return &c.relCutoff }},
}

// Knob is one of the classifier's tuning values.
type Knob struct {
	Name  string
	Value float64
}

// Knobs lists the classifier's tuning values, rcKeep (a count) last.
func (c *Classifier) Knobs() []Knob {
	out := make([]Knob, 0, len(knobs)+1)
	for _, k := range knobs {
		out = append(out, Knob{k.name, *k.ptr(c)})
	}
	return append(out, Knob{"rcKeep", float64(c.tune.rcKeep)})
}

// SetKnob sets one tuning value by the name Knobs gives it, for a sweep:
// a Classifier whose knobs are being set must not be in use.
func (c *Classifier) SetKnob(name string, v float64) error {
	if name == "rcKeep" {
		c.tune.rcKeep = int(v)
		return nil
	}
	i := slices.IndexFunc(knobs, func(k knob) bool { return k.name == name })
	if i < 0 {
		return fmt.Errorf("classify: no knob %q", name)
	}
	*knobs[i].ptr(c) = v
	return nil
}
