package index

import (
	"encoding/json"
	"errors"
	"fmt"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/segment"
)

// recordJSON is a stored record not yet decoded.
type recordJSON struct {
	id    string
	raw   []byte
	dupOf string // the primary's id when the record is a duplicate
}

var errNoRecord = errors.New("stored record missing")

// loadRecord reads the stored record of record number d, and the id of
// the record it duplicates.
func loadRecord(snap *segment.Snapshot, d uint32) (recordJSON, error) {
	id, err := snap.ID(d)
	if err != nil {
		return recordJSON{}, err
	}
	doc, err := snap.Reader().Document(id)
	if err != nil {
		return recordJSON{}, err
	}
	if doc == nil {
		return recordJSON{}, fmt.Errorf("record %s: %w", id, errNoRecord)
	}
	rec := recordJSON{id: id}
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fRecord:
			rec.raw = f.Value()
		case fDupOf:
			rec.dupOf = string(f.Value())
		}
	})
	if rec.raw == nil {
		return recordJSON{}, fmt.Errorf("record %s: %w", id, errNoRecord)
	}
	return rec, nil
}

// decodeRecord decodes a stored record's JSON.
func decodeRecord(id string, raw []byte) (data.Postmortem, error) {
	var pm data.Postmortem
	if err := json.Unmarshal(raw, &pm); err != nil {
		return data.Postmortem{}, fmt.Errorf("index: decode record %s: %w", id, err)
	}
	return pm, nil
}

// hitOf builds a Hit from a match's stored record.
func (ix *Index) hitOf(rec recordJSON, score float64, p *plan) (Hit, error) {
	pm, err := decodeRecord(rec.id, rec.raw)
	if err != nil {
		return Hit{}, err
	}
	return ix.hitOfRecord(pm, score, p), nil
}

// hitOfRecord builds a Hit from a record.
func (ix *Index) hitOfRecord(pm data.Postmortem, score float64, p *plan) Hit {
	rc := pm.RootCause
	if rc == "" {
		rc = pm.Sections.RootCause
	}
	return Hit{
		ID:           pm.ID,
		Title:        pm.Title,
		Company:      pm.Company,
		URL:          pm.URL,
		ArchiveURL:   pm.ArchiveURL,
		Language:     pm.Language,
		Collection:   pm.Collection,
		IncidentDate: pm.IncidentDate,
		Categories:   nonNil(pm.Categories),
		Technologies: nonNil(pm.Technologies),
		RootCause:    rc,
		Snippet:      ix.snippet(pm, p),
		Score:        score,
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
