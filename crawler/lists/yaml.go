package lists

import (
	"fmt"
	"time"

	"github.com/pmkb/pmkb/data"
)

// parseYAML reads pmkb's own YAML list format with data.ParseList, which
// validates it strictly and names the entry and line of any error.
func parseYAML(name string, b []byte) ([]Entry, error) {
	l, err := data.ParseList(b)
	if err != nil {
		return nil, fmt.Errorf("lists: %s: %w", name, err)
	}
	out, err := FromList(l)
	if err != nil {
		return nil, fmt.Errorf("lists: %s: %w", name, err)
	}
	return out, nil
}

// FromList turns a list in pmkb's own format (such as the embedded
// data.DefaultTalkList) into crawl entries. A month-only incident date is
// dropped: a record's incident_date is a day.
func FromList(l data.List) ([]Entry, error) {
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
