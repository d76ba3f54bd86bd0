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
			return nil, fmt.Errorf("lists: %s: %w", name, err) // ParseList already checked; kept for safety
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
