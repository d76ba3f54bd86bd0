package api

import (
	"time"

	"github.com/pmkb/pmkb/data"
)

// Every list in a JSON answer is an array, never null, so clients need no
// null checks. The index fills a Hit's own lists; it may leave nil a
// record's lists, a page of no hits and a facet with no values, and these
// helpers are the one place api makes those arrays.

// array returns s, or an empty slice when s is nil.
func array[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// normalizeRecord makes the record's lists JSON arrays, and takes out of
// its fetch error any address a record stored before the crawler
// redacted them (data.RedactAddresses).
func normalizeRecord(pm data.Postmortem) data.Postmortem {
	pm.Fetch.Error = data.RedactAddresses(pm.Fetch.Error)
	pm.Categories = array(pm.Categories)
	pm.Technologies = array(pm.Technologies)
	pm.Sources = array(pm.Sources)
	pm.Collection = pm.CollectionName() // older records have none: they are public
	return pm
}

// millis is a duration in milliseconds with microsecond precision, the
// unit of took_ms. The index times its searches; api does not time them again.
func millis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
