package crawler

import (
	"github.com/pmkb/pmkb/crawler/lists"
)

// entryGroup is every list entry that names one canonical URL.
type entryGroup struct {
	URL     string
	Entries []lists.Entry
}

// groupEntries groups entries by canonical URL, keeping first-seen order.
func groupEntries(entries []lists.Entry) []entryGroup {
	idx := map[string]int{}
	var out []entryGroup
	for _, e := range entries {
		i, ok := idx[e.URL]
		if !ok {
			i = len(out)
			idx[e.URL] = i
			out = append(out, entryGroup{URL: e.URL})
		}
		out[i].Entries = append(out[i].Entries, e)
	}
	return out
}

// mergeInto folds the group's list data into st: empty fields are filled
// (the first list to name a company or date wins) and every source is added.
func (g entryGroup) mergeInto(st *urlState) bool {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	changed := false
	for _, e := range g.Entries {
		before := *st
		fill(&st.ArchiveURL, e.ArchiveURL)
		fill(&st.Company, e.Company)
		fill(&st.Blurb, e.Blurb)
		fill(&st.IncidentDate, e.IncidentDate)
		if st.addSources(e.Sources()) || before.ArchiveURL != st.ArchiveURL || before.Company != st.Company ||
			before.Blurb != st.Blurb || before.IncidentDate != st.IncidentDate {
			changed = true
		}
	}
	return changed
}
