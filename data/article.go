package data

// Article is what extraction makes of one fetched page: everything in a
// Postmortem that comes from the page itself rather than from a list or the
// fetch.
type Article struct {
	Title            string
	Company          string
	Product          string
	Language         string
	Published        string // YYYY-MM-DD
	IncidentDate     string // YYYY-MM-DD
	Start            string // RFC 3339
	End              string // RFC 3339
	DurationMinutes  int
	Summary          string
	Body             string
	RootCause        string
	Sections         Sections
	Categories       []string
	CategoryScores   map[string]float64
	CategoryEvidence map[string]string
	Technologies     []string
}

// Apply copies what the article knows into the record. Fields the article
// leaves empty keep the record's value, so list data (company, blurb) survives
// a thin page.
func (p *Postmortem) Apply(a Article) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&p.Title, a.Title)
	if p.Company == "" {
		p.Company = a.Company
	}
	set(&p.Product, a.Product)
	set(&p.Language, a.Language)
	set(&p.Published, a.Published)
	set(&p.IncidentDate, a.IncidentDate)
	set(&p.Start, a.Start)
	set(&p.End, a.End)
	if a.DurationMinutes > 0 {
		p.DurationMinutes = a.DurationMinutes
	}
	set(&p.Summary, a.Summary)
	set(&p.Body, a.Body)
	set(&p.RootCause, a.RootCause)
	if a.Sections != (Sections{}) {
		p.Sections = a.Sections
	}
	if len(a.Categories) > 0 {
		p.Categories = a.Categories
		p.CategoryScores = a.CategoryScores
		p.CategoryEvidence = a.CategoryEvidence
	}
	if len(a.Technologies) > 0 {
		p.Technologies = a.Technologies
	}
}
