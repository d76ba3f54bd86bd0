package crawler

import (
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/crawler/state"
)

// urlState is a URL's persisted state plus how this call came to it.
type urlState struct {
	state.URLState
	companyOverride bool // Company was given to Add: it replaces the record's
	relisted        bool // the run had finished it, and a list has since brought new data
}

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
func (g entryGroup) mergeInto(st *state.URLState) bool {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	changed := false
	// The latest lists say how the URL is written; a new spelling is no
	// news about the post, so it does not count as a change.
	if len(g.Entries) > 0 && g.Entries[0].Link != "" {
		st.Link = g.Entries[0].Link
	}
	for _, e := range g.Entries {
		before := *st
		fill(&st.ArchiveURL, e.ArchiveURL)
		fill(&st.Company, e.Company)
		fill(&st.Blurb, e.Blurb)
		fill(&st.IncidentDate, e.IncidentDate)
		if st.AddSources(e.Sources()) || before.ArchiveURL != st.ArchiveURL || before.Company != st.Company ||
			before.Blurb != st.Blurb || before.IncidentDate != st.IncidentDate {
			changed = true
		}
	}
	return changed
}

// enqueue puts the groups' URLs into run's frontier with what the lists say
// of them (state.Store.Enqueue); a URL the run had finished is relisted
// when the lists brought it new data. run "" queues nothing (Add).
func (c *Crawler) enqueue(run string, groups []entryGroup) ([]urlState, error) {
	urls := make([]string, len(groups))
	for i, g := range groups {
		urls[i] = g.URL
	}
	changed := make([]bool, len(groups))
	sts, err := c.state.Enqueue(run, urls, func(i int, st *state.URLState) { changed[i] = groups[i].mergeInto(st) })
	if err != nil {
		return nil, err
	}
	out := make([]urlState, len(sts))
	for i, st := range sts {
		out[i] = urlState{URLState: st, relisted: changed[i] && run != "" && st.DoneRun == run}
	}
	return out, nil
}
