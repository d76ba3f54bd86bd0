// Package dedupe decides which records tell one incident, and which stands for it.
//
// One incident often reaches pmkb through several URLs (a blog post and its
// status-page twin, a list entry pointing at a mirror). The same canonical
// URL already gives the same id, so a write replaces. Beyond that, two
// records are one incident when Same says so (the same post under two URLs,
// or the same company with the same title, or the same day and something
// in common). Of such a group one record is the primary: the one whose page
// was read (fetch ok or archived), then the one with more text, then the
// smallest id, so that the choice does not depend on the order records
// arrive in (an export imported elsewhere gives the same results). The
// others are duplicates: the index stores them (Get, Each and export return
// them) but searches, facets, similar incidents, random picks and stats
// skip them; their text, tags and sources are indexed on the primary, so
// whatever would find a duplicate finds the incident. A record changed so
// that it no longer matches its group leaves stale text on the old primary
// until a reindex, which recomputes all groups.
package dedupe

import (
	"context"
	"slices"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/internal/parallel"
)

// MaxCandidates bounds the stored records one record is compared with.
const MaxCandidates = 50

// Stored is what planning needs of the records already in the index. It
// must be safe for concurrent use: a plan looks records up on every core.
type Stored interface {
	// Candidates returns the stored primaries pm may duplicate (those
	// sharing one of its Keys) and the stored records marked as its
	// duplicates: at most MaxCandidates records, the first by id, so
	// that the outcome does not depend on record numbering.
	Candidates(ctx context.Context, pm data.Postmortem) (cands, own []data.Postmortem, err error)
	// Empty reports whether no record is stored.
	Empty() bool
}

// Plan says which records a batch writes, including stored records whose
// role changes, and each one's role.
type Plan struct {
	Order []string         // ids to write: the batch's first, then others
	Roles map[string]*Role // by id
}

// Role is a record's place in its group: a duplicate of DupOf, or a
// primary with duplicates Dups.
type Role struct {
	Rec   data.Postmortem
	DupOf string
	Dups  []data.Postmortem
}

// planner builds one Plan.
type planner struct {
	co      data.Companies
	stored  Stored
	plan    Plan
	inBatch map[string]bool
	byKey   map[string][]string // dedupe key -> ids of the primaries seen in the batch
}

// NewPlan groups each record of pms with the incident it belongs to, among
// the stored primaries and those of the batch, and picks each group's
// primary.
func NewPlan(ctx context.Context, co data.Companies, stored Stored, pms []data.Postmortem) (Plan, error) {
	p := &planner{co: co, stored: stored, plan: Plan{Roles: make(map[string]*Role, len(pms))},
		inBatch: map[string]bool{}, byKey: map[string][]string{}}
	for _, pm := range pms {
		p.inBatch[pm.ID] = true
	}
	found, err := p.lookUp(ctx, pms)
	if err != nil {
		return Plan{}, err
	}
	for i, pm := range pms {
		me := p.add(pm)
		me.Rec, me.DupOf = pm, ""
		for _, d := range found[i].own {
			if !p.inBatch[d.ID] {
				p.add(d).DupOf = pm.ID
				me.Dups = appendRecord(me.Dups, d)
			}
		}
		primary, err := p.findPrimary(ctx, pm, found[i].cands)
		if err != nil {
			return Plan{}, err
		}
		best := me
		if primary != nil {
			best = p.regroup(primary, me)
		}
		for _, k := range Keys(co, best.Rec) {
			if k != "" && !slices.Contains(p.byKey[k], best.Rec.ID) {
				p.byKey[k] = append(p.byKey[k], best.Rec.ID)
			}
		}
	}
	return p.plan, nil
}

// add returns r's role, putting r in the plan when it is not yet.
func (p *planner) add(r data.Postmortem) *Role {
	if ro, ok := p.plan.Roles[r.ID]; ok {
		return ro
	}
	ro := &Role{Rec: r}
	p.plan.Roles[r.ID] = ro
	p.plan.Order = append(p.plan.Order, r.ID)
	return ro
}

// lookup is what is stored about one record of a batch.
type lookup struct {
	cands, own []data.Postmortem
}

// lookUp looks every record of pms up, on every core: the lookups are
// independent, and the index does not change while a batch is planned.
func (p *planner) lookUp(ctx context.Context, pms []data.Postmortem) ([]lookup, error) {
	out := make([]lookup, len(pms))
	if p.stored.Empty() {
		return out, nil // a first load: nothing to meet
	}
	err := parallel.OnAllCores(len(pms), func(i int) error {
		c, o, err := p.stored.Candidates(ctx, pms[i])
		out[i] = lookup{cands: c, own: o}
		return err
	})
	return out, err
}

// findPrimary returns the primary of the incident pm belongs to: one seen
// earlier in the batch, else a stored one among cands (added to the plan
// with its duplicates), else nil.
func (p *planner) findPrimary(ctx context.Context, pm data.Postmortem, cands []data.Postmortem) (*Role, error) {
	for _, k := range Keys(p.co, pm) {
		for _, id := range p.byKey[k] {
			if r := p.plan.Roles[id]; id != pm.ID && r.DupOf == "" && Same(p.co, r.Rec, pm) {
				return r, nil
			}
		}
	}
	for _, c := range cands {
		if p.inBatch[c.ID] || !Same(p.co, c, pm) {
			continue
		}
		if r, ok := p.plan.Roles[c.ID]; ok {
			if r.DupOf != "" {
				r = p.plan.Roles[r.DupOf] // c lost its place in this batch
			}
			return r, nil
		}
		_, cDups, err := p.stored.Candidates(ctx, c)
		if err != nil {
			return nil, err
		}
		r := p.add(c)
		for _, d := range cDups {
			if !p.inBatch[d.ID] && d.ID != pm.ID {
				p.add(d).DupOf = c.ID
				r.Dups = appendRecord(r.Dups, d)
			}
		}
		return r, nil
	}
	return nil, nil
}

// regroup merges the groups of primary and me and makes the best record of
// the merged group its primary. It returns the new primary.
func (p *planner) regroup(primary, me *Role) *Role {
	members := []data.Postmortem{primary.Rec}
	members = append(members, primary.Dups...)
	members = appendRecord(members, me.Rec)
	for _, d := range me.Dups {
		members = appendRecord(members, d)
	}
	best := members[0]
	for _, m := range members[1:] {
		if betterPrimary(m, best) {
			best = m
		}
	}
	for _, m := range members {
		r := p.plan.Roles[m.ID]
		if m.ID == best.ID {
			r.DupOf, r.Dups = "", nil
			for _, o := range members {
				if o.ID != best.ID {
					r.Dups = append(r.Dups, o)
				}
			}
			continue
		}
		r.DupOf, r.Dups = best.ID, nil
	}
	return p.plan.Roles[best.ID]
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
