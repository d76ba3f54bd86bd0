package lists

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlList is pmkb's own list format (data/talk.yaml uses it):
//
//	name: talk
//	entries:
//	  - company: GitLab
//	    incident_date: 2017-01-31
//	    url: https://...
//	    subject: one line in our words
//	    section: optional heading
type yamlList struct {
	Name    string      `yaml:"name"`
	Entries []yaml.Node `yaml:"entries"`
}

type yamlEntry struct {
	Company      string `yaml:"company"`
	IncidentDate string `yaml:"incident_date"`
	URL          string `yaml:"url"`
	Subject      string `yaml:"subject"`
	Section      string `yaml:"section"`
}

// parseYAML reads a YAML list. Each entry needs a URL; errors name the
// entry's line.
func parseYAML(name string, b []byte) ([]Entry, error) {
	var l yamlList
	if err := yaml.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("lists: %s: %w", name, err)
	}
	if l.Name == "" {
		l.Name = listName(name)
	}
	out := make([]Entry, 0, len(l.Entries))
	for i := range l.Entries {
		n := &l.Entries[i]
		var y yamlEntry
		if err := n.Decode(&y); err != nil {
			return nil, &LineError{Name: name, Line: n.Line, Msg: err.Error()}
		}
		if strings.TrimSpace(y.URL) == "" {
			return nil, &LineError{Name: name, Line: n.Line, Msg: "entry without url"}
		}
		e := Entry{
			Company:      strings.TrimSpace(y.Company),
			Blurb:        strings.TrimSpace(y.Subject),
			List:         l.Name,
			Section:      strings.TrimSpace(y.Section),
			IncidentDate: strings.TrimSpace(y.IncidentDate),
		}
		if err := canonical(&e, y.URL); err != nil {
			return nil, &LineError{Name: name, Line: n.Line, Msg: err.Error()}
		}
		if e.IncidentDate != "" && !isDate(e.IncidentDate) {
			return nil, &LineError{Name: name, Line: n.Line,
				Msg: fmt.Sprintf("incident_date %q is not YYYY-MM-DD", e.IncidentDate)}
		}
		out = append(out, e)
	}
	return out, nil
}

// isDate reports whether s looks like YYYY-MM-DD.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
