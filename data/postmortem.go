// Package data holds pmkb's domain records and the embedded default data:
// the taxonomy, the technology gazetteer, the talk's reference list and the
// default catalog. It imports nothing else from pmkb.
package data

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Fetch statuses, as the contract names them.
const (
	FetchOK       = "ok"
	FetchArchived = "archived"
	FetchFailed   = "failed"
	FetchSkipped  = "skipped"
	FetchBlocked  = "blocked"
)

// Section names of a post-mortem's anatomy.
const (
	SectionSummary     = "summary"
	SectionTimeline    = "timeline"
	SectionRootCause   = "root_cause"
	SectionImpact      = "impact"
	SectionDetection   = "detection"
	SectionMitigation  = "mitigation"
	SectionActionItems = "action_items"
)

// Postmortem is one incident report: the record the crawler emits, the index
// stores and the API returns. JSON names are part of the outside contract.
type Postmortem struct {
	ID               string             `json:"id"`
	URL              string             `json:"url"`
	ArchiveURL       string             `json:"archive_url,omitempty"`
	Title            string             `json:"title"`
	Company          string             `json:"company"`
	Product          string             `json:"product,omitempty"`
	Language         string             `json:"language,omitempty"`
	Published        string             `json:"published,omitempty"`     // YYYY-MM-DD
	IncidentDate     string             `json:"incident_date,omitempty"` // YYYY-MM-DD
	Start            string             `json:"start,omitempty"`         // RFC 3339
	End              string             `json:"end,omitempty"`           // RFC 3339
	DurationMinutes  int                `json:"duration_minutes,omitempty"`
	Summary          string             `json:"summary,omitempty"`
	Body             string             `json:"body,omitempty"`
	RootCause        string             `json:"root_cause,omitempty"`
	Sections         Sections           `json:"sections"`
	Categories       []string           `json:"categories"`
	CategoryScores   map[string]float64 `json:"category_confidence,omitempty"`
	CategoryEvidence map[string]string  `json:"category_evidence,omitempty"`
	Technologies     []string           `json:"technologies"`
	Sources          []Source           `json:"sources"`
	// Collection is "public" or the collection a local source was added
	// to (issue 13); empty until ingestion sets it.
	Collection string `json:"collection,omitempty"`
	Fetch      Fetch  `json:"fetch"`
	// Path is the file a local record was read from, as given to
	// `pmkb add` (made absolute); empty for pages read from the web.
	Path string `json:"path,omitempty"`
}

// Sections is the anatomy of a post-mortem; a field is empty when the post
// has no such part.
type Sections struct {
	Summary     string `json:"summary"`
	Timeline    string `json:"timeline"`
	RootCause   string `json:"root_cause"`
	Impact      string `json:"impact"`
	Detection   string `json:"detection,omitempty"` // how the incident was noticed
	Mitigation  string `json:"mitigation"`
	ActionItems string `json:"action_items"`
}

// Source says which list mentioned a post-mortem, under which of that list's
// headings.
type Source struct {
	List    string `json:"list"`
	Section string `json:"section,omitempty"`
}

// Fetch records how the post-mortem's page was obtained.
type Fetch struct {
	Status     string    `json:"status"`
	HTTPStatus int       `json:"http_status,omitempty"`
	FetchedAt  time.Time `json:"fetched_at,omitzero"`
	Error      string    `json:"error,omitempty"`
	// FinalURL is the URL that answered, after redirects (a Wayback
	// capture's when the page came from the archive); empty when nothing
	// answered.
	FinalURL string `json:"final_url,omitempty"`
}

// PublicCollection is the collection of what comes from public lists and
// URLs; a record read with no collection (older data dirs, the embedded
// catalog) belongs to it.
const PublicCollection = "public"

// CollectionName returns the record's collection: PublicCollection when
// it has none.
func (p *Postmortem) CollectionName() string {
	if p.Collection == "" {
		return PublicCollection
	}
	return p.Collection
}

// IDFor derives the stable record id from a canonical URL: the first 16 hex
// digits of its SHA-256, short enough for a URL path and stable across runs.
func IDFor(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:8])
}

// AddSource records that list mentioned the post-mortem under section, once.
func (p *Postmortem) AddSource(s Source) {
	for _, have := range p.Sources {
		if have == s {
			return
		}
	}
	p.Sources = append(p.Sources, s)
}

// Year returns the incident's year ("2017"), falling back to the published
// date, or "" when neither is known.
func (p *Postmortem) Year() string {
	for _, d := range []string{p.IncidentDate, p.Published} {
		if len(d) >= 4 {
			return d[:4]
		}
	}
	return ""
}
