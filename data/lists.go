package data

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed talk.yaml
var talkYAML []byte

// TalkListName is the name of the embedded list of the talk's references.
const TalkListName = "talk-references"

// List is pmkb's own list format: a named set of post-mortem links, each
// with the few facts a list knows. The embedded talk list uses it and so can
// users (`pmkb crawl --list my.yaml`):
//
//	name: my-list
//	title: Incidents we study
//	entries:
//	  - company: AWS
//	    incident_date: 2012-12-24
//	    url: https://aws.amazon.com/message/680587/
//	    subject: one line, in our words
//	    section: optional heading
type List struct {
	Name    string      `yaml:"name"`
	Title   string      `yaml:"title,omitempty"`
	Entries []ListEntry `yaml:"entries"`
}

// ListEntry is one post-mortem of a List. URL is kept as written; the
// record's id comes from its canonical form. IncidentDate is YYYY-MM-DD,
// YYYY-MM or empty.
type ListEntry struct {
	Company      string `yaml:"company"`
	IncidentDate string `yaml:"incident_date,omitempty"`
	URL          string `yaml:"url"`
	Subject      string `yaml:"subject,omitempty"`
	Section      string `yaml:"section,omitempty"`
}

// DefaultTalkList returns the embedded list of incidents the talk behind
// pmkb tells (data/talk.yaml).
func DefaultTalkList() (List, error) {
	return ParseList(talkYAML)
}

// ParseList reads a list in pmkb's YAML format and validates it strictly:
// unknown fields, a missing name or company, a URL that is not an http(s)
// URL, a malformed date or the same canonical URL twice are errors that name
// the entry (its number, line and company).
func ParseList(b []byte) (List, error) {
	var l List
	if err := decodeStrict(b, &l); err != nil {
		return List{}, fmt.Errorf("data: parse list: %w", err)
	}
	if strings.TrimSpace(l.Name) == "" {
		return List{}, errors.New("data: parse list: name is required")
	}
	if len(l.Entries) == 0 {
		return List{}, fmt.Errorf("data: list %q: no entries", l.Name)
	}
	lines := entryLines(b)
	seen := make(map[string]int, len(l.Entries))
	for i := range l.Entries {
		e := &l.Entries[i]
		trimEntry(e)
		where := entryName(i, lines, e.Company)
		canon, err := e.validate()
		if err != nil {
			return List{}, fmt.Errorf("data: list %q: %s: %w", l.Name, where, err)
		}
		if first, dup := seen[canon]; dup {
			return List{}, fmt.Errorf("data: list %q: %s: url %s repeats entry %d", l.Name, where, canon, first+1)
		}
		seen[canon] = i
	}
	return l, nil
}

// LooksLikeYAMLList reports whether b is plausibly a list in pmkb's YAML
// format (a mapping with an "entries" sequence), so a caller can choose a
// parser without trusting a file extension. It does not validate the list.
func LooksLikeYAMLList(b []byte) bool {
	var probe struct {
		Entries yaml.Node `yaml:"entries"`
	}
	if err := yaml.Unmarshal(b, &probe); err != nil {
		return false
	}
	return probe.Entries.Kind == yaml.SequenceNode
}

// Postmortem returns the record a list entry stands for before its page is
// read: canonical URL and id, the Wayback URL when the entry gave one, the
// company, a full incident date, the subject as title and summary, and list
// as its source.
func (e ListEntry) Postmortem(list string) (Postmortem, error) {
	canon, archive, err := CanonicalURL(e.URL)
	if err != nil {
		return Postmortem{}, err
	}
	pm := Postmortem{
		ID:           IDFor(canon),
		URL:          canon,
		ArchiveURL:   archive,
		Title:        e.Subject,
		Company:      e.Company,
		Summary:      e.Subject,
		Categories:   []string{},
		Technologies: []string{},
		Sources:      []Source{{List: list, Section: e.Section}},
		Fetch:        Fetch{Status: FetchSkipped},
	}
	if isDay(e.IncidentDate) {
		pm.IncidentDate = e.IncidentDate
	}
	return pm, nil
}

// validate checks one entry and returns its canonical URL.
func (e ListEntry) validate() (string, error) {
	if e.Company == "" {
		return "", errors.New("company is required")
	}
	if e.URL == "" {
		return "", errors.New("url is required")
	}
	canon, _, err := CanonicalURL(e.URL)
	if err != nil {
		return "", err
	}
	if e.IncidentDate != "" && !isDay(e.IncidentDate) && !isMonth(e.IncidentDate) {
		return "", fmt.Errorf("incident_date %q: want YYYY-MM-DD or YYYY-MM", e.IncidentDate)
	}
	return canon, nil
}

func trimEntry(e *ListEntry) {
	for _, s := range []*string{&e.Company, &e.IncidentDate, &e.URL, &e.Subject, &e.Section} {
		*s = strings.TrimSpace(*s)
	}
}

// decodeStrict decodes exactly one YAML document into v, refusing fields v
// does not have.
func decodeStrict(b []byte, v any) error {
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

// entryLines returns the line of each element of the document's top-level
// "entries" or "incidents" sequence, for error messages; nil when the
// document has no such sequence.
func entryLines(b []byte) []int {
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

// entryName names entry i (0-based) for an error message: its number, its
// line when known and its company when it has one.
func entryName(i int, lines []int, company string) string {
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

// isMonth reports whether s is a month written YYYY-MM.
func isMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil && len(s) == 7
}
