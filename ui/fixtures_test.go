package ui_test

import (
	"testing"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
	"github.com/pmkb/pmkb/index/indextest"
)

// The shared test records live in index/indextest.
const xssMarker = indextest.XSSMarker

func fixtures() []data.Postmortem       { return indextest.Fixtures() }
func synthetic(n int) []data.Postmortem { return indextest.Synthetic(n) }
func record(url, title, company, date, rootCause, body string, cats, techs []string) data.Postmortem {
	return indextest.Record(url, title, company, date, rootCause, body, cats, techs)
}

func indexOf(tb testing.TB, pms []data.Postmortem) *index.Index {
	tb.Helper()
	return indextest.Open(tb, pms)
}

// newIndex builds a real in-memory index holding the fixtures.
func newIndex(t *testing.T) *index.Index {
	t.Helper()
	return indextest.Open(t, fixtures())
}
