package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/data"
)

// Dedupe: one incident often reaches pmkb through several URLs (a blog post
// and its status-page twin, a list entry pointing at a mirror). The same
// canonical URL already gives the same id, so Put replaces. Beyond that, two
// records of the same company are one incident when they have the same
// normalised title, or the same incident day and something in common (see
// sameIncident). Of such a group one record is the primary: the one whose
// page was read (fetch ok or archived), then the smallest id, so that the
// choice does not depend on the order records arrive in (an export imported
// elsewhere gives the same results). The others are duplicates: stored (Get,
// Each and export return them) but skipped by searches, facets, similar
// incidents, random picks and stats; their text, tags and sources are
// indexed on the primary, so whatever would find a duplicate finds the
// incident. A record changed so that it no longer matches its group leaves
// stale text on the old primary until Reindex, which recomputes all groups.

// dupPlan says which records a batch writes, including records already in
// the index whose role changes, and each one's role.
type dupPlan struct {
	order []string         // ids to write: the batch's first, then others
	roles map[string]*role // by id
}

// role is a record's place in its group: a duplicate of dupOf, or a
// primary with duplicates dups.
type role struct {
	rec   data.Postmortem
	dupOf string
	dups  []data.Postmortem
}

// dedupeKeys are the two ways a record can meet its duplicate.
func dedupeKeys(pm data.Postmortem) (day, title string) {
	company := strings.ToLower(strings.TrimSpace(pm.Company))
	if company == "" {
		return "", ""
	}
	if len(pm.IncidentDate) >= 10 {
		day = company + "|" + pm.IncidentDate[:10]
	}
	if t := titleKey(pm.Title); t != "" {
		title = company + "|" + t
	}
	return day, title
}

// planDuplicates groups each record of pms with the incident it belongs to,
// among the primaries of b and of the batch, and picks each group's primary.
func (ix *Index) planDuplicates(ctx context.Context, b bleve.Index, pms []data.Postmortem) (dupPlan, error) {
	plan := dupPlan{roles: make(map[string]*role, len(pms))}
	inBatch := map[string]bool{}
	for _, pm := range pms {
		inBatch[pm.ID] = true
	}
	add := func(r data.Postmortem) *role {
		if ro, ok := plan.roles[r.ID]; ok {
			return ro
		}
		ro := &role{rec: r}
		plan.roles[r.ID] = ro
		plan.order = append(plan.order, r.ID)
		return ro
	}
	byKey := map[string][]string{} // dedupe key -> ids of primaries seen in this batch
	for _, pm := range pms {
		cands, ownDups, err := ix.dupCandidates(ctx, b, pm)
		if err != nil {
			return dupPlan{}, err
		}
		me := add(pm)
		me.rec, me.dupOf = pm, ""
		for _, d := range ownDups {
			if !inBatch[d.ID] {
				add(d).dupOf = pm.ID
				me.dups = appendRecord(me.dups, d)
			}
		}
		primary, err := ix.findPrimary(ctx, b, pm, plan, byKey, cands, inBatch, add)
		if err != nil {
			return dupPlan{}, err
		}
		best := me
		if primary != nil {
			best = regroup(plan, primary, me)
		}
		day, title := dedupeKeys(best.rec)
		for _, k := range []string{day, title} {
			if k != "" && !slices.Contains(byKey[k], best.rec.ID) {
				byKey[k] = append(byKey[k], best.rec.ID)
			}
		}
	}
	return plan, nil
}

// findPrimary returns the primary of the incident pm belongs to: one seen
// earlier in the batch, else one in b (added to the plan with its
// duplicates), else nil.
func (ix *Index) findPrimary(ctx context.Context, b bleve.Index, pm data.Postmortem, plan dupPlan,
	byKey map[string][]string, cands []data.Postmortem, inBatch map[string]bool, add func(data.Postmortem) *role) (*role, error) {
	day, title := dedupeKeys(pm)
	for _, k := range []string{day, title} {
		for _, id := range byKey[k] {
			if r := plan.roles[id]; k != "" && id != pm.ID && r.dupOf == "" && sameIncident(r.rec, pm) {
				return r, nil
			}
		}
	}
	for _, c := range cands {
		if inBatch[c.ID] || !sameIncident(c, pm) {
			continue
		}
		if r, ok := plan.roles[c.ID]; ok {
			if r.dupOf != "" {
				r = plan.roles[r.dupOf] // c lost its place in this batch
			}
			return r, nil
		}
		_, cDups, err := ix.dupCandidates(ctx, b, c)
		if err != nil {
			return nil, err
		}
		r := add(c)
		for _, d := range cDups {
			if !inBatch[d.ID] && d.ID != pm.ID {
				add(d).dupOf = c.ID
				r.dups = appendRecord(r.dups, d)
			}
		}
		return r, nil
	}
	return nil, nil
}

// regroup merges the groups of primary and me and makes the best record of
// the merged group its primary. It returns the new primary.
func regroup(plan dupPlan, primary, me *role) *role {
	members := []data.Postmortem{primary.rec}
	members = append(members, primary.dups...)
	members = appendRecord(members, me.rec)
	for _, d := range me.dups {
		members = appendRecord(members, d)
	}
	best := members[0]
	for _, m := range members[1:] {
		if betterPrimary(m, best) {
			best = m
		}
	}
	for _, m := range members {
		r := plan.roles[m.ID]
		if m.ID == best.ID {
			r.dupOf, r.dups = "", nil
			for _, o := range members {
				if o.ID != best.ID {
					r.dups = append(r.dups, o)
				}
			}
			continue
		}
		r.dupOf, r.dups = best.ID, nil
	}
	return plan.roles[best.ID]
}

// betterPrimary reports whether a should stand for its incident rather
// than b: a page that was read beats a list entry, then the smaller id wins.
func betterPrimary(a, b data.Postmortem) bool {
	ra, rb := readPage(a), readPage(b)
	if ra != rb {
		return ra
	}
	return a.ID < b.ID
}

func readPage(pm data.Postmortem) bool {
	return pm.Fetch.Status == data.FetchOK || pm.Fetch.Status == data.FetchArchived
}

// appendRecord appends r to rs, replacing a record with the same id.
func appendRecord(rs []data.Postmortem, r data.Postmortem) []data.Postmortem {
	for i := range rs {
		if rs[i].ID == r.ID {
			rs[i] = r
			return rs
		}
	}
	return append(rs, r)
}

// dupCandidates returns the primaries in b that pm could duplicate (same
// company and day, or same company and title) and the records already
// marked as duplicates of pm.
func (ix *Index) dupCandidates(ctx context.Context, b bleve.Index, pm data.Postmortem) (cands, ownDups []data.Postmortem, err error) {
	should := []bq.Query{termQ(fDupOf, pm.ID)}
	company := strings.ToLower(strings.TrimSpace(pm.Company))
	if company != "" {
		if t, ok := parseDay(pm.IncidentDate); ok {
			day := termQ(fDay, t.Format(time.DateOnly))
			should = append(should, bq.NewConjunctionQuery([]bq.Query{termQ(fCompanyKey, company), day}))
		}
		if k := titleKey(pm.Title); k != "" {
			should = append(should, bq.NewConjunctionQuery([]bq.Query{termQ(fCompanyKey, company), termQ(fTitleKey, k)}))
		}
	}
	req := bleve.NewSearchRequestOptions(bq.NewDisjunctionQuery(should), 50, 0, false)
	req.Fields = []string{fRecord, fDupOf}
	req.SortBy([]string{"_id"})
	sr, err := b.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, fmt.Errorf("index: dedupe %s: %w", pm.ID, err)
	}
	for _, h := range sr.Hits {
		if h.ID == pm.ID {
			continue
		}
		rec, err := recordOf(h)
		if err != nil {
			return nil, nil, err
		}
		switch dupOf, _ := h.Fields[fDupOf].(string); dupOf {
		case pm.ID:
			ownDups = append(ownDups, rec)
		case "":
			cands = append(cands, rec)
		}
	}
	return cands, ownDups, nil
}

// sameIncident reports whether two records of the same company describe the
// same incident: the same normalised title; or the same incident day and
// something in common besides the company (a title word, a category), or a
// title missing as on list-only records. Two posts about one outage often
// have quite different titles; two different incidents of one company on
// one day rarely share anything.
func sameIncident(a, b data.Postmortem) bool {
	if !strings.EqualFold(strings.TrimSpace(a.Company), strings.TrimSpace(b.Company)) {
		return false
	}
	ka, kb := titleKey(a.Title), titleKey(b.Title)
	if ka != "" && ka == kb {
		return true
	}
	if len(a.IncidentDate) < 10 || len(b.IncidentDate) < 10 || a.IncidentDate[:10] != b.IncidentDate[:10] {
		return false
	}
	if ka == "" || kb == "" {
		return true
	}
	company := setOf(strings.Fields(titleKey(a.Company))...)
	words := map[string]bool{}
	for _, w := range strings.Fields(ka) {
		words[w] = !company[w]
	}
	for _, w := range strings.Fields(kb) {
		if words[w] {
			return true
		}
	}
	for _, c := range a.Categories {
		if slices.Contains(b.Categories, c) {
			return true
		}
	}
	return false
}

// titleWords that carry no meaning in an incident title.
var titleStopWords = setOf("a", "an", "the", "of", "on", "in", "for", "and", "to", "at", "from", "with", "our", "we",
	"postmortem", "post", "mortem", "incident", "report", "review", "summary", "analysis", "rca", "outage", "update")

// titleKey normalises a title for comparison: lower-case words without
// punctuation or filler words, in their original order.
func titleKey(title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if !titleStopWords[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
