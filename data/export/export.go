// Package export writes a selection of incidents (a talk basket) as a
// file: a Markdown table like a talk's reference slide, CSV, JSON or
// BibTeX. The API's /api/v1/export and `pmkb export --ids` both use it, so
// the two give the same bytes.
package export

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"
)

// Formats a selection can be written in.
const (
	Markdown = "md"
	CSV      = "csv"
	JSON     = "json"
	BibTeX   = "bibtex"
)

// Formats lists every format, in the order people are offered them.
var Formats = []string{Markdown, CSV, JSON, BibTeX}

// MaxIDs caps a selection: a talk cites dozens of incidents, not
// thousands, and each id costs a lookup.
const MaxIDs = 200

// ErrFormat is an unknown format.
var ErrFormat = errors.New("export: format must be md, csv, json or bibtex")

// ContentType is what a format is served as.
func ContentType(format string) string {
	switch format {
	case Markdown:
		return "text/markdown; charset=utf-8"
	case CSV:
		return "text/csv; charset=utf-8"
	case JSON:
		return "application/json; charset=utf-8"
	case BibTeX:
		return "application/x-bibtex; charset=utf-8"
	}
	return "application/octet-stream"
}

// Store is what a selection is read from; *index.Index satisfies it.
type Store interface {
	Get(ctx context.Context, id string) (data.Postmortem, error)
	Primary(ctx context.Context, id string) (string, error)
}

// ParseIDs reads "ID,ID,..." (spaces allowed), keeping the order and
// dropping repeats; valid says what an id may look like. It fails on an
// empty list, a bad id or more than MaxIDs.
func ParseIDs(s string, valid func(string) bool) ([]string, error) {
	var ids []string
	for _, id := range strings.Split(s, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !valid(id) {
			return nil, fmt.Errorf("export: %q is not an incident id", id)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("export: no incident ids (give ids=ID,ID,…)")
	}
	if len(ids) > MaxIDs {
		return nil, fmt.Errorf("export: %d incidents; a selection holds at most %d", len(ids), MaxIDs)
	}
	return ids, nil
}

// Resolve reads the records of ids in order, each incident once: a
// record merged into another (a duplicate post of the same incident)
// stands for its primary, and a primary already listed is skipped.
func Resolve(ctx context.Context, st Store, ids []string) ([]data.Postmortem, error) {
	var seen []string
	out := make([]data.Postmortem, 0, len(ids))
	for _, id := range ids {
		p, err := st.Primary(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("export: incident %s: %w", id, err)
		}
		if slices.Contains(seen, p) {
			continue
		}
		seen = append(seen, p)
		pm, err := st.Get(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("export: incident %s: %w", p, err)
		}
		out = append(out, pm)
	}
	return out, nil
}

// Entry is one incident as a reference: what every format writes.
type Entry struct {
	ID         string   `json:"id"`
	Company    string   `json:"company"`
	Incident   string   `json:"incident"`
	Date       string   `json:"date,omitempty"` // YYYY-MM-DD: the incident's, else the publication's
	Link       string   `json:"link"`           // the archived copy when the original is dead, else the original
	URL        string   `json:"url"`
	ArchiveURL string   `json:"archive_url,omitempty"`
	Categories []string `json:"categories"`
	Accessed   string   `json:"accessed"` // YYYY-MM-DD, the day of the export
}

// NewEntry makes pm a reference, accessed on the day of at.
func NewEntry(pm data.Postmortem, at time.Time) Entry {
	e := Entry{
		ID: pm.ID, Company: pm.Company, Incident: pm.Title, URL: pm.URL, ArchiveURL: pm.ArchiveURL,
		Categories: slices.Clone(pm.Categories), Accessed: at.UTC().Format(time.DateOnly), Link: pm.URL,
	}
	if e.Categories == nil {
		e.Categories = []string{}
	}
	for _, d := range []string{pm.IncidentDate, pm.Published} {
		if d != "" {
			e.Date = d
			break
		}
	}
	if Dead(pm) && pm.ArchiveURL != "" {
		e.Link = pm.ArchiveURL
	}
	return e
}

// Dead reports whether pm's original page is gone: it was read from the
// archive, or it could not be fetched.
func Dead(pm data.Postmortem) bool {
	return pm.Fetch.Status == data.FetchArchived || pm.Fetch.Status == data.FetchFailed
}
