package index

import (
	"errors"
	"time"

	"github.com/pmkb/pmkb/index/segment"
)

// ErrNotFound is returned when no record has the requested id.
var ErrNotFound = errors.New("index: not found")

// ErrReadOnly is returned by writes to an index opened with
// Options.ReadOnly.
var ErrReadOnly = errors.New("index: opened read-only")

// ErrWriteFailed wraps a write the storage engine failed (a full disk, an
// I/O error): the index refuses further writes until it is reopened, and
// what was written before stays.
var ErrWriteFailed = segment.ErrWriteFailed

// ErrNoIndex is returned by a read-only Open where no index exists yet.
var ErrNoIndex = errors.New("index: no index here yet")

// Facet names, as the contract and the API name them. The source facet
// counts both each list's name ("danluu/post-mortems") and each of its
// headings as "list: section" ("danluu/post-mortems: Config Errors", see
// SourceValue), so it shows lists and their sections at once; a source
// filter takes either form. Filters compare without case.
const (
	FacetCategory   = "category"
	FacetCompany    = "company"
	FacetTechnology = "technology"
	FacetYear       = "year"
	FacetSource     = "source"
	FacetLanguage   = "language"
	// FacetCollection counts records by collection: "public" for those
	// from public lists and URLs (and records with none), else the name
	// a local source or status page was added under (issue 13).
	FacetCollection = "collection"
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// Query is a search request. Filters are OR within a facet and AND across
// facets.
type Query struct {
	Text         string
	Categories   []string
	Companies    []string
	Technologies []string
	Years        []string
	Sources      []string
	Languages    []string
	Collections  []string
	Sort         string // relevance (default), newest, oldest
	From         int
	Size         int // 0 means the default (10)
}

// Results is one page of hits plus the facet counts for the whole result set.
type Results struct {
	Total      uint64                  `json:"total"`
	Took       time.Duration           `json:"-"`
	Hits       []Hit                   `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets"`
	FacetOther map[string]int          `json:"facet_other,omitempty"` // per facet, the count of values carried by hits beyond those listed (company lists the top 20)
	DidYouMean string                  `json:"did_you_mean,omitempty"`
	allWords   uint64                  // how many records hold every word typed
}

// Hit is one search result.
type Hit struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Company      string   `json:"company"`
	URL          string   `json:"url"`
	ArchiveURL   string   `json:"archive_url,omitempty"` // a Wayback copy, when one was used or is known
	Language     string   `json:"language,omitempty"`
	Collection   string   `json:"collection,omitempty"`
	IncidentDate string   `json:"incident_date,omitempty"`
	Categories   []string `json:"categories"`
	Technologies []string `json:"technologies"`
	RootCause    string   `json:"root_cause,omitempty"`
	Snippet      string   `json:"snippet,omitempty"` // HTML: escaped text with <mark> around matched terms
	Score        float64  `json:"score"`
	Why          *Why     `json:"why,omitempty"` // set by similar-incident searches
}

// Why says what a similar incident shares with the one it was found for.
type Why struct {
	Categories   []string `json:"categories,omitempty"`
	Technologies []string `json:"technologies,omitempty"`
	Terms        []string `json:"terms,omitempty"`
}

// FacetValue is one value of a facet and how many hits carry it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}
