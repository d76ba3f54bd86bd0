package data

import (
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed technologies.yaml
var technologiesYAML []byte

// Gazetteer is the list of technologies extraction recognises in a
// post-mortem. It lives in technologies.yaml so that a user can extend it.
type Gazetteer struct {
	Technologies []Technology `yaml:"technologies"`
}

// Technology is one named technology and the other spellings that mean it.
// Kind groups it (database, queue, coordination, orchestrator, cloud, cdn,
// protocol, runtime, storage, ...). CaseSensitive is for names that are also
// ordinary words: "Consul" is the product, "consul" is not.
type Technology struct {
	Name          string   `yaml:"name"`
	Aliases       []string `yaml:"aliases,omitempty"`
	Kind          string   `yaml:"kind"`
	CaseSensitive bool     `yaml:"case_sensitive,omitempty"`
	// SkipName is for a name too common as a word to look for ("Go"): only
	// the aliases are matched.
	SkipName bool `yaml:"skip_name,omitempty"`
	// Signatures are what only this technology prints in errors and logs
	// ("remaining connection slots are reserved" is PostgreSQL's): pasted
	// alert text names the technology by them. Extraction does not look
	// for them (a post quoting another system's error is not about it).
	Signatures []string `yaml:"signatures,omitempty"`
}

// Terms returns every spelling to look for: the name (unless SkipName)
// followed by the aliases.
func (t Technology) Terms() []string {
	if t.SkipName {
		return append([]string(nil), t.Aliases...)
	}
	return append([]string{t.Name}, t.Aliases...)
}

// BySignature returns the gazetteer whose technologies are named by their
// signatures alone, for a TechSpotter of pasted alert text.
func (g Gazetteer) BySignature() Gazetteer {
	var out Gazetteer
	for _, t := range g.Technologies {
		if len(t.Signatures) > 0 {
			out.Technologies = append(out.Technologies, Technology{Name: t.Name, Kind: t.Kind, Aliases: t.Signatures, SkipName: true})
		}
	}
	return out
}

// DefaultGazetteer returns the embedded technology gazetteer.
func DefaultGazetteer() (Gazetteer, error) {
	return ParseGazetteer(technologiesYAML)
}

// ParseGazetteer reads a gazetteer from YAML and checks that every entry has
// a name and a kind and that no name appears twice.
func ParseGazetteer(b []byte) (Gazetteer, error) {
	var g Gazetteer
	if err := yaml.Unmarshal(b, &g); err != nil {
		return Gazetteer{}, fmt.Errorf("data: parse gazetteer: %w", err)
	}
	seen := make(map[string]bool, len(g.Technologies))
	for i, t := range g.Technologies {
		if strings.TrimSpace(t.Name) == "" {
			return Gazetteer{}, fmt.Errorf("data: gazetteer: entry %d has no name", i+1)
		}
		if t.Kind == "" {
			return Gazetteer{}, fmt.Errorf("data: gazetteer: %q has no kind", t.Name)
		}
		key := strings.ToLower(t.Name)
		if seen[key] {
			return Gazetteer{}, fmt.Errorf("data: gazetteer: duplicate name %q", t.Name)
		}
		seen[key] = true
	}
	return g, nil
}
