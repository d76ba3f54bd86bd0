package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/pmkb/pmkb/data"
)

// drillView is one incident as a drill, up to the step being shown. Step
// 0 is the scenario (what responders see, the first timeline row, the
// questions); each further timeline row is a step; then a hint (the
// technologies and categories), the root cause, the mitigation and
// action items, and last who and when. The facilitator view shows all
// steps and the whole timeline at once.
type drillView struct {
	ID          string
	Lang        string // the record's language
	Step        int
	Last        int
	Facilitator bool

	Scenario  []string
	Rows      []timelineRow // shown so far
	Questions []string

	// Each shown from its step on.
	ShowHint, ShowCause, ShowFix, ShowWho bool
	Categories                            []labelLink
	Technologies                          []labelLink
	RootCause                             string
	Mitigation                            string
	ActionItems                           []string
	Timeline                              []timelineRow // the whole timeline, unredacted
	Title, Company, When, URL             string

	NextURL, NextLabel   string // the next step; "" at the end
	PermaURL, FacilURL   string
	AgainURL, PlayersURL string

	rows                        []timelineRow // every safe row
	hintAt, causeAt, fixAt, who int
	link                        func(step int, facilitator bool) string
}

// drillQuestions are the prompts for the on-call player; ours, generic on
// purpose so they fit any incident.
var drillQuestions = []string{
	msg("You have just been paged. What do you look at first, and why?"),
	msg("Who else do you bring in, and what do you tell your users right now?"),
	msg("Which recent change would you suspect, and how would you confirm it?"),
	msg("What is the fastest safe way to stop the bleeding?"),
	msg("What would have caught this before users did?"),
}

func (h *Handler) newDrillView(l localizer, pm data.Postmortem, f wheelFilters) drillView {
	script := newDrillScript(pm, h.companies.Names(pm.Company))
	d := drillView{
		ID: pm.ID, Lang: pm.Language, Scenario: script.Scenario, rows: script.Rows,
		Categories: h.categoryLinks(l, pm.Categories), Technologies: techLinks(pm.Technologies),
		RootCause: firstNonEmpty(pm.RootCause, pm.Sections.RootCause), Mitigation: pm.Sections.Mitigation,
		Timeline: script.Held, Title: orUntitled(l, pm.Title), Company: pm.Company,
		When: l.Date(firstNonEmpty(pm.IncidentDate, pm.Published)), URL: safeURL(pm.URL),
	}
	for _, q := range drillQuestions {
		d.Questions = append(d.Questions, l.T(q))
	}
	for _, r := range parseTimeline(pm.Sections.ActionItems) {
		d.ActionItems = append(d.ActionItems, strings.TrimPrefix(r.When+": "+r.What, ": "))
	}
	d.hintAt = max(len(d.rows), 1)
	d.causeAt, d.fixAt, d.who = d.hintAt+1, d.hintAt+2, d.hintAt+3
	d.Last = d.who
	base := f.values()
	base.Set("id", pm.ID)
	d.link = func(step int, facilitator bool) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		if facilitator {
			v.Set("view", "facilitator")
		} else if step > 0 {
			v.Set("step", strconv.Itoa(step))
		}
		return pathWithQuery("/wheel", v)
	}
	d.PermaURL, d.FacilURL, d.PlayersURL = d.link(0, false), d.link(0, true), d.link(0, false)
	d.AgainURL = pathWithQuery("/wheel", f.values())
	return d
}

// setStep shows the drill up to step (a number from 0 to d.Last; empty
// is 0), or everything when view is "facilitator".
func (d *drillView) setStep(step, view string) error {
	switch view {
	case "", "players":
	case "facilitator":
		d.Facilitator = true
		step = strconv.Itoa(d.Last)
	default:
		return inputErr("Unknown view %q: use facilitator, or leave it out.", view)
	}
	if step = strings.TrimSpace(step); step != "" {
		n, err := strconv.Atoi(step)
		if err != nil || n < 0 || n > d.Last {
			return inputErr("Step %q does not exist: this drill has steps 0 to %d.", step, d.Last)
		}
		d.Step = n
	}
	d.Rows = d.rows[:min(len(d.rows), d.Step+1)]
	d.ShowHint, d.ShowCause = d.Step >= d.hintAt, d.Step >= d.causeAt
	d.ShowFix, d.ShowWho = d.Step >= d.fixAt, d.Step >= d.who
	if d.Step < d.Last {
		d.NextURL = d.link(d.Step+1, false) + "#next-step"
		if d.Step+1 == d.who {
			d.NextURL = d.link(d.Step+1, false) + "#who"
		}
		switch next := d.Step + 1; {
		case next < d.hintAt:
			d.NextLabel = msg("Next timeline row")
		case next == d.hintAt:
			d.NextLabel = msg("Give a hint")
		case next == d.causeAt:
			d.NextLabel = msg("Reveal the root cause")
		case next == d.fixAt:
			d.NextLabel = msg("Reveal the mitigation and action items")
		default:
			d.NextLabel = msg("Reveal who and when")
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
