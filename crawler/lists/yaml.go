package lists

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pmkb/pmkb/data"
)

// YAMLList is pmkb's own list format: a named set of post-mortem links, each
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
//	  - path: ./postmortems               # a local file or folder, relative to the list
//	  - statuspage: https://status.example.com
//	  - feed: https://example.com/engineering/feed.xml
type YAMLList struct {
	Name    string      `yaml:"name"`
	Title   string      `yaml:"title,omitempty"`
	Entries []YAMLEntry `yaml:"entries"`
}

// YAMLEntry is one post-mortem of a YAMLList. URL is kept as written; the
// record's id comes from its canonical form. IncidentDate is YYYY-MM-DD,
// YYYY-MM or empty.
type YAMLEntry struct {
	Company      string `yaml:"company"`
	IncidentDate string `yaml:"incident_date,omitempty"`
	URL          string `yaml:"url"`
	Subject      string `yaml:"subject,omitempty"`
	Section      string `yaml:"section,omitempty"`
	// An entry names a page (URL), or else one of these: a local file or
	// folder, an Atlassian Statuspage status page or an Atom/RSS feed.
	Path       string `yaml:"path,omitempty"`
	Statuspage string `yaml:"statuspage,omitempty"`
	Feed       string `yaml:"feed,omitempty"`
}

// kind returns what the entry names and its source, "" for a page.
func (e YAMLEntry) kind() (kind, source string) {
	switch {
	case e.Path != "":
		return KindPath, e.Path
	case e.Statuspage != "":
		return KindStatuspage, e.Statuspage
	case e.Feed != "":
		return KindFeed, e.Feed
	}
	return KindPage, ""
}

// Talk returns the crawl entries of the embedded list of the talk's
// references (data.TalkList).
func Talk() ([]Entry, error) {
	l, err := ParseYAML(data.TalkList())
	if err != nil {
		return nil, err
	}
	return fromYAML(l)
}

// ParseYAML reads a list in pmkb's YAML format and validates it strictly:
// unknown fields, a missing name or company, a URL that is not an http(s)
// URL, a malformed date or the same canonical URL twice are errors that name
// the entry (its number, line and company).
func ParseYAML(b []byte) (YAMLList, error) {
	l, err := parseYAMLList(b)
	if err != nil {
		return YAMLList{}, fmt.Errorf("lists: %w", err)
	}
	return l, nil
}

// parseYAMLList is ParseYAML, its errors not yet prefixed.
func parseYAMLList(b []byte) (YAMLList, error) {
	var l YAMLList
	if err := data.DecodeYAMLStrict(b, &l); err != nil {
		return YAMLList{}, fmt.Errorf("parse list: %w", err)
	}
	if strings.TrimSpace(l.Name) == "" {
		return YAMLList{}, errors.New("parse list: name is required")
	}
	if len(l.Entries) == 0 {
		return YAMLList{}, fmt.Errorf("list %q: no entries", l.Name)
	}
	lines := data.YAMLEntryLines(b)
	seen := make(map[string]int, len(l.Entries))
	for i := range l.Entries {
		e := &l.Entries[i]
		e.trim()
		where := data.EntryName(i, lines, e.Company)
		canon, err := e.validate()
		if err != nil {
			return YAMLList{}, fmt.Errorf("list %q: %s: %w", l.Name, where, err)
		}
		if k, src := e.kind(); k != KindPage {
			canon = k + ": " + src
		}
		if first, dup := seen[canon]; dup {
			return YAMLList{}, fmt.Errorf("list %q: %s: url %s repeats entry %d", l.Name, where, canon, first+1)
		}
		seen[canon] = i
	}
	return l, nil
}

// looksLikeYAML reports whether b is plausibly a list in pmkb's YAML format
// (a mapping with an "entries" sequence), so Detect can choose a parser
// without trusting a file extension. It does not validate the list.
func looksLikeYAML(b []byte) bool {
	var probe struct {
		Entries yaml.Node `yaml:"entries"`
	}
	if err := yaml.Unmarshal(b, &probe); err != nil {
		return false
	}
	return probe.Entries.Kind == yaml.SequenceNode
}

// validate checks one entry and returns its canonical URL.
func (e YAMLEntry) validate() (string, error) {
	named := 0
	for _, s := range []string{e.URL, e.Path, e.Statuspage, e.Feed} {
		if s != "" {
			named++
		}
	}
	if named > 1 {
		return "", errors.New("give one of url, path, statuspage and feed")
	}
	if k, src := e.kind(); k != KindPage {
		_, _, err := sourceOf(k, src)
		return "", err
	}
	if e.Company == "" {
		return "", errors.New("company is required")
	}
	if e.URL == "" {
		return "", errors.New("url is required")
	}
	canon, _, err := data.CanonicalURL(e.URL)
	if err != nil {
		return "", err
	}
	if e.IncidentDate != "" && !isDay(e.IncidentDate) && !isMonth(e.IncidentDate) {
		return "", fmt.Errorf("incident_date %q: want YYYY-MM-DD or YYYY-MM", e.IncidentDate)
	}
	return canon, nil
}

func (e *YAMLEntry) trim() {
	for _, s := range []*string{&e.Company, &e.IncidentDate, &e.URL, &e.Subject, &e.Section, &e.Path, &e.Statuspage, &e.Feed} {
		*s = strings.TrimSpace(*s)
	}
}

// parseYAML reads pmkb's own YAML list format, validated strictly, with
// errors that name the entry and line.
func parseYAML(name string, b []byte) ([]Entry, error) {
	l, err := parseYAMLList(b)
	if err != nil {
		return nil, fmt.Errorf("lists: %s: %w", name, err)
	}
	out, err := fromYAML(l)
	if err != nil {
		return nil, fmt.Errorf("lists: %s: %w", name, err)
	}
	return out, nil
}

// fromYAML turns a list in pmkb's own format into crawl entries. A
// month-only incident date is dropped: a record's incident_date is a day.
func fromYAML(l YAMLList) ([]Entry, error) {
	out := make([]Entry, 0, len(l.Entries))
	for _, le := range l.Entries {
		e := Entry{
			Company: le.Company,
			Blurb:   le.Subject,
			List:    l.Name,
			Section: le.Section,
		}
		if isDay(le.IncidentDate) { // a month alone is not a day the record can hold
			e.IncidentDate = le.IncidentDate
		}
		if e.Kind, e.Source = le.kind(); e.Kind != KindPage {
			e.Source = strings.TrimPrefix(e.Source, "file://")
			out = append(out, e)
			continue
		}
		if err := canonical(&e, le.URL); err != nil {
			return nil, fmt.Errorf("lists: list %s: %w", l.Name, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// isDay reports whether s is a calendar day written YYYY-MM-DD.
func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// isMonth reports whether s is a month written YYYY-MM.
func isMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil && len(s) == 7
}
