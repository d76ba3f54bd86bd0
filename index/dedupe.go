package index

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/internal/parallel"
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

// dedupeKeys are the ways a record can meet its duplicate: the same
// company and day, the same company and title, the same URL slug. They are
// indexed as the record's dup_key terms, so finding the records that share
// one is a term lookup.
func dedupeKeys(co data.Companies, pm data.Postmortem) []string {
	var keys []string
	if s := slugKey(pm.URL); s != "" {
		keys = append(keys, "slug|"+s)
	}
	company := data.CompanyKey(co.Canonical(pm.Company))
	if company == "" {
		return keys
	}
	if t, ok := parseDay(pm.IncidentDate); ok {
		keys = append(keys, company+"|"+t.Format(time.DateOnly))
	}
	if t := titleKey(pm.Title); t != "" {
		keys = append(keys, company+"|"+t)
	}
	return keys
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
	dr, err := openDupReader(b)
	if err != nil {
		return dupPlan{}, err
	}
	defer dr.close()
	found, err := ix.allDupCandidates(ctx, dr, pms)
	if err != nil {
		return dupPlan{}, err
	}
	byKey := map[string][]string{} // dedupe key -> ids of primaries seen in this batch
	for i, pm := range pms {
		cands, ownDups := found[i].cands, found[i].ownDups
		me := add(pm)
		me.rec, me.dupOf = pm, ""
		for _, d := range ownDups {
			if !inBatch[d.ID] {
				add(d).dupOf = pm.ID
				me.dups = appendRecord(me.dups, d)
			}
		}
		primary, err := ix.findPrimary(ctx, dr, pm, plan, byKey, cands, inBatch, add)
		if err != nil {
			return dupPlan{}, err
		}
		best := me
		if primary != nil {
			best = regroup(plan, primary, me)
		}
		for _, k := range dedupeKeys(ix.companies, best.rec) {
			if k != "" && !slices.Contains(byKey[k], best.rec.ID) {
				byKey[k] = append(byKey[k], best.rec.ID)
			}
		}
	}
	return plan, nil
}

// dupLookup is what b holds about one record: the primaries it may
// duplicate and its own duplicates.
type dupLookup struct {
	cands, ownDups []data.Postmortem
}

// allDupCandidates looks every record of pms up in dr, on every core: the
// lookups are independent, and the index does not change while a batch is
// planned.
func (ix *Index) allDupCandidates(ctx context.Context, dr *dupReader, pms []data.Postmortem) ([]dupLookup, error) {
	out := make([]dupLookup, len(pms))
	if dr.empty() {
		return out, nil // a first load: nothing to meet
	}
	err := parallel.OnAllCores(len(pms), func(i int) error {
		c, o, err := ix.dupCandidates(ctx, dr, pms[i])
		out[i] = dupLookup{cands: c, ownDups: o}
		return err
	})
	return out, err
}

// findPrimary returns the primary of the incident pm belongs to: one seen
// earlier in the batch, else one in the index (added to the plan with its
// duplicates), else nil.
func (ix *Index) findPrimary(ctx context.Context, dr *dupReader, pm data.Postmortem, plan dupPlan,
	byKey map[string][]string, cands []data.Postmortem, inBatch map[string]bool, add func(data.Postmortem) *role) (*role, error) {
	for _, k := range dedupeKeys(ix.companies, pm) {
		for _, id := range byKey[k] {
			if r := plan.roles[id]; id != pm.ID && r.dupOf == "" && sameIncident(ix.companies, r.rec, pm) {
				return r, nil
			}
		}
	}
	for _, c := range cands {
		if inBatch[c.ID] || !sameIncident(ix.companies, c, pm) {
			continue
		}
		if r, ok := plan.roles[c.ID]; ok {
			if r.dupOf != "" {
				r = plan.roles[r.dupOf] // c lost its place in this batch
			}
			return r, nil
		}
		_, cDups, err := ix.dupCandidates(ctx, dr, c)
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
// than b: a page that was read beats a list entry, then the record with
// more text (a detailed post over a short statement), then the smaller id.
func betterPrimary(a, b data.Postmortem) bool {
	ra, rb := readPage(a), readPage(b)
	if ra != rb {
		return ra
	}
	if la, lb := contentLen(a), contentLen(b); la != lb {
		return la > lb
	}
	return a.ID < b.ID
}

// contentLen is how much a record says: its body, summary, root cause and
// sections.
func contentLen(pm data.Postmortem) int {
	s := pm.Sections
	n := len(pm.Body) + len(pm.Summary) + len(pm.RootCause)
	for _, t := range []string{s.Summary, s.Timeline, s.RootCause, s.Impact, s.Mitigation, s.ActionItems} {
		n += len(t)
	}
	return n
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

// maxDupCandidates bounds the records one record is compared with.
const maxDupCandidates = 50

// sameIncident reports whether two records describe the same incident.
// Records whose dates (incident days, else publication days, else dates in
// their URLs) are more than maxDupDays apart never are: a company reuses a
// title like "Security Incident Disclosure" for different incidents. Else
// two URLs on one host with the same long last path segment are one post
// (a blog that moved its posts under /blog/). Else, for the same company
// (compared through the company table): the same normalised title; or the
// same incident day and something in common besides the company (a title
// word, a category), or a title missing as on list-only records. Two posts
// about one outage often have quite different titles; two different
// incidents of one company on one day rarely share anything.
func sameIncident(co data.Companies, a, b data.Postmortem) bool {
	if datesApart(a, b) {
		return false
	}
	if sa := slugKey(a.URL); sa != "" && sa == slugKey(b.URL) {
		return true
	}
	ca := data.CompanyKey(co.Canonical(a.Company))
	if ca == "" || ca != data.CompanyKey(co.Canonical(b.Company)) {
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

// maxDupDays is how far apart two records' dates may be and still be one
// incident (a post often follows the outage by a few days).
const maxDupDays = 7

// datesApart reports whether a and b are dated more than maxDupDays apart,
// comparing the first kind of date both have: incident day, publication
// day, a /YYYY/MM/DD/ date in the URL.
func datesApart(a, b data.Postmortem) bool {
	pairs := [][2]string{{a.IncidentDate, b.IncidentDate}, {a.Published, b.Published}, {urlDate(a.URL), urlDate(b.URL)}}
	for _, p := range pairs {
		ta, oka := parseDay(p[0])
		tb, okb := parseDay(p[1])
		if oka && okb {
			d := ta.Sub(tb)
			return d > maxDupDays*24*time.Hour || d < -maxDupDays*24*time.Hour
		}
	}
	return false
}

// urlDatePath finds a /YYYY/MM/DD/ date in a URL path.
var urlDatePath = regexp.MustCompile(`/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)`)

// urlDate returns the YYYY-MM-DD date in a URL's path, or "".
func urlDate(raw string) string {
	m := urlDatePath.FindStringSubmatch(raw)
	if m == nil {
		return ""
	}
	return m[1] + "-" + m[2] + "-" + m[3]
}

// minSlugLen is the length a URL's last path segment needs to identify a
// post on its host ("outage" or "index.html" do not).
const minSlugLen = 20

// slugKey returns "host|slug" for a URL whose last path segment is long
// and has a word separator, or "". The host loses a leading "www.".
func slugKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	slug := strings.ToLower(p[strings.LastIndexByte(p, '/')+1:])
	slug = strings.TrimSuffix(strings.TrimSuffix(slug, ".html"), ".htm")
	if len(slug) < minSlugLen || !strings.ContainsAny(slug, "-_") {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") + "|" + slug
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

// Duplicates returns the ids of the records folded into the record id
// (other posts or URLs of the same incident), sorted; none when id is a
// duplicate itself or has none.
func (ix *Index) Duplicates(ctx context.Context, id string) ([]string, error) {
	req := bleve.NewSearchRequestOptions(termQ(fDupOf, id), 100, 0, false)
	req.Score = "none"
	sr, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: duplicates of %s: %w", id, err)
	}
	ids := make([]string, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids, nil
}
