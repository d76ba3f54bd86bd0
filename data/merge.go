package data

// fetchRank orders fetch statuses by how much a record with that status
// knows: a fetched page beats a list entry, which beats nothing.
var fetchRank = map[string]int{
	FetchOK:       4,
	FetchArchived: 4,
	FetchBlocked:  2,
	FetchFailed:   2,
	FetchSkipped:  1,
	"":            0,
}

// Merge combines two records for the same canonical URL: the one already
// stored (old) and a newly ingested one (next). Sources are unioned. The
// record whose page was actually read (fetch ok or archived) supplies the
// content; otherwise the old content stays, so a failed re-crawl or a
// list-only ingest never wipes a good record or a hand-written catalog entry.
// Empty fields are filled from the other side either way.
func Merge(old, next Postmortem) Postmortem {
	base, other := old, next
	nr, or := fetchRank[next.Fetch.Status], fetchRank[old.Fetch.Status]
	// A newer attempt of the same kind replaces the old one, except between
	// two list-only records, where the first (possibly hand-written) stays.
	// A list entry naming the company also beats one that did not.
	if nr > or || (nr == or && nr > fetchRank[FetchSkipped]) ||
		(nr == or && old.Company == "" && next.Company != "") {
		base, other = next, old
	}
	out := base
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&out.ArchiveURL, other.ArchiveURL)
	fill(&out.Title, other.Title)
	fill(&out.Company, other.Company)
	fill(&out.Product, other.Product)
	fill(&out.Language, other.Language)
	fill(&out.Published, other.Published)
	fill(&out.IncidentDate, other.IncidentDate)
	fill(&out.Summary, other.Summary)
	fill(&out.Body, other.Body)
	fill(&out.RootCause, other.RootCause)
	fill(&out.Collection, other.Collection)
	fill(&out.Path, other.Path)
	if out.Sections == (Sections{}) {
		out.Sections = other.Sections
	}
	if len(out.Categories) == 0 {
		out.Categories = other.Categories
		out.CategoryScores = other.CategoryScores
		out.CategoryEvidence = other.CategoryEvidence
	}
	if len(out.Technologies) == 0 {
		out.Technologies = other.Technologies
	}
	// Sources: the old record's first, so list order stays stable.
	out.Sources = nil
	for _, s := range old.Sources {
		out.AddSource(s)
	}
	for _, s := range next.Sources {
		out.AddSource(s)
	}
	return out
}
