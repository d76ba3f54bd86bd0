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
// canonical URL already gives the same id, so Put replaces. Beyond that, a
// record is a duplicate of an earlier primary record when both name the same
// company and either the same incident day with close titles, or the same
// normalised title. A duplicate stays stored (Get, Each and export return
// it) but searches, facets, similar incidents, random picks and stats skip
// it; its sources are indexed on the primary, so a source filter still
// finds the incident. The first record seen stays primary; Reindex
// recomputes everything in id order.

// dupPlan says, for a batch of records, which are duplicates of which, and
// which primaries outside the batch must be rewritten to carry their new
// duplicates' sources.
type dupPlan struct {
	records   map[string]dupInfo
	primaries []data.Postmortem
}

type dupInfo struct {
	dupOf string
	dups  []data.Postmortem // the primary's duplicates
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

// planDuplicates decides, for each record of pms, whether it duplicates a
// primary already in b or earlier in the batch, and which sources each
// primary must carry.
func (ix *Index) planDuplicates(ctx context.Context, b bleve.Index, pms []data.Postmortem) (dupPlan, error) {
	plan := dupPlan{records: make(map[string]dupInfo, len(pms))}
	inBatch := map[string][]data.Postmortem{} // dedupe key -> primaries in this batch
	outside := map[string]data.Postmortem{}   // primaries in b gaining a duplicate
	batchIDs := map[string]bool{}
	for _, pm := range pms {
		batchIDs[pm.ID] = true
	}
	for _, pm := range pms {
		cands, ownDups, err := ix.dupCandidates(ctx, b, pm)
		if err != nil {
			return dupPlan{}, err
		}
		info := dupInfo{}
		info.dups = ownDups
		day, title := dedupeKeys(pm)
		var primary *data.Postmortem
		if len(ownDups) == 0 { // a primary with duplicates stays primary
			primary = firstSame(pm, inBatch[day], inBatch[title])
			for i := range cands {
				if primary == nil && !batchIDs[cands[i].ID] && sameIncident(cands[i], pm) {
					primary = &cands[i]
				}
			}
		}
		if primary == nil {
			for _, k := range []string{day, title} {
				if k != "" {
					inBatch[k] = append(inBatch[k], pm)
				}
			}
			plan.records[pm.ID] = mergeInfo(plan.records[pm.ID], info)
			continue
		}
		plan.records[pm.ID] = dupInfo{dupOf: primary.ID}
		pi := plan.records[primary.ID]
		pi.dups = append(slices.DeleteFunc(pi.dups, func(d data.Postmortem) bool { return d.ID == pm.ID }), pm)
		if _, known := outside[primary.ID]; !known && !batchIDs[primary.ID] {
			// The primary is rewritten with all its duplicates' sources.
			_, prevDups, err := ix.dupCandidates(ctx, b, *primary)
			if err != nil {
				return dupPlan{}, err
			}
			for _, d := range prevDups {
				if d.ID != pm.ID {
					pi.dups = append(pi.dups, d)
				}
			}
			outside[primary.ID] = *primary
			plan.primaries = append(plan.primaries, *primary)
		}
		plan.records[primary.ID] = pi
	}
	return plan, nil
}

// firstSame returns the first record of the lists that is the same incident
// as pm, or nil.
func firstSame(pm data.Postmortem, lists ...[]data.Postmortem) *data.Postmortem {
	for _, l := range lists {
		for i := range l {
			if l[i].ID != pm.ID && sameIncident(l[i], pm) {
				return &l[i]
			}
		}
	}
	return nil
}

func mergeInfo(a, b dupInfo) dupInfo {
	a.dups = append(a.dups, b.dups...)
	if b.dupOf != "" {
		a.dupOf = b.dupOf
	}
	return a
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
