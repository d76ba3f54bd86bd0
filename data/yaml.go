package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"go.yaml.in/yaml/v3"
)

// DecodeYAMLStrict decodes exactly one YAML document into v, refusing fields
// v does not have: the rule for every YAML file pmkb reads (the catalog here,
// the lists in crawler/lists).
func DecodeYAMLStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty document")
		}
		return err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return errors.New("more than one YAML document")
	}
	return nil
}

// YAMLEntryLines returns the line of each element of the document's
// top-level "entries" or "incidents" sequence, for error messages; nil when
// the document has no such sequence.
func YAMLEntryLines(b []byte) []int {
	var probe struct {
		Entries   yaml.Node `yaml:"entries"`
		Incidents yaml.Node `yaml:"incidents"`
	}
	if yaml.Unmarshal(b, &probe) != nil {
		return nil
	}
	seq := probe.Entries
	if seq.Kind != yaml.SequenceNode {
		seq = probe.Incidents
	}
	lines := make([]int, 0, len(seq.Content))
	for _, n := range seq.Content {
		lines = append(lines, n.Line)
	}
	return lines
}

// EntryName names entry i (0-based) of a YAML file for an error message: its
// number, its line when known (lines from YAMLEntryLines) and its company
// when it has one.
func EntryName(i int, lines []int, company string) string {
	s := fmt.Sprintf("entry %d", i+1)
	if i < len(lines) {
		s += fmt.Sprintf(" (line %d", lines[i])
		if company != "" {
			s += ", " + company
		}
		return s + ")"
	}
	if company != "" {
		s += " (" + company + ")"
	}
	return s
}

// isDay reports whether s is a real calendar day written YYYY-MM-DD.
func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
