package dates

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/ahocorasick"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

// dateLabel opens a line that states when the post was written.
var dateLabel = regexp.MustCompile(`(?i)^\W*(date|published|posted|publi[ée]e?|written|r[ée]dig[ée]e?)(?:\W|$)`)

// putOnline opens a line that says when a French post was put online:
// "Mis en ligne le", "Article du" (cheaper than one more branch of
// dateLabel).
func putOnline(s string) bool {
	s = strings.TrimLeft(s, "*_# ")
	if len(s) < 10 {
		return false
	}
	for _, p := range [...]string{"mis en ligne", "mise en ligne", "article du", "billet du"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// Published finds the publication day in a byline ("June 22nd,
// 2020 by Travis", "Date: Mar 20, 2025", a "Date" heading) near the top,
// for pages whose metadata does not say. A line of the incident's facts
// ("Team · 09/10/2024 · Sev2") is no byline; a slashed date is day first
// unless the post is in English.
func Published(bs []page.Block, lang string) string {
	o := orders{bs: bs, lang: lang}
	for i, b := range bs[:min(len(bs), 8)] {
		text := b.Text
		if strings.Contains(text, "Date") || strings.Contains(text, "Sent") || strings.Contains(text, "Envoy") {
			if m := mailDateRE.FindStringIndex(text); m != nil {
				for _, d := range Find(text[m[0]:m[1]], 0, 0) {
					return d.day.Format("2006-01-02") // a forwarded e-mail's header
				}
			}
		}
		if d, ok := saidPublished(text, &o); ok {
			return d // "Équipe données · rédigé le 28/06/2024 · Sev2 · ..."
		}
		if b.Kind == page.KindHeading && strings.EqualFold(strings.TrimSpace(text), "date") && i+1 < len(bs) {
			text = bs[i+1].Text
		} else if len(text) > 100 || !(dateLabel.MatchString(text) || bylineRE.MatchString(text) || putOnline(text) || i < 4 && len(text) <= 70 && dateLine(text)) {
			continue
		}
		if (fieldCount(text) >= 2 || factLine.MatchString(text)) && !publishedLine(text) {
			continue // "Date: ... · Severity: ...": the incident's facts, not a byline
		}
		ds := Find(text, 0, 0)
		first := o.dayFirst(ds)
		for _, d := range ds {
			if d.hasYear {
				if first {
					d = d.dayFirst()
				}
				return d.day.Format("2006-01-02")
			}
		}
	}
	return ""
}

// orders tells whether a post writes its slashed dates day first, from
// the line at hand (see dayFirst) or, when it says nothing, from the whole
// page: a byline's "Date: 03/10/2021" over a timeline of "29-09-2021"
// rows is 3 October. The page is read once, and only when needed.
type orders struct {
	bs    []page.Block
	lang  string
	page  int // the page's order (see pageOrder), once read
	known bool
}

// dayFirst is dayFirst for ds, the page's order in place of the
// language's guess.
func (o *orders) dayFirst(ds []Mention) bool {
	for _, m := range ds {
		if m.order != 0 {
			return m.order > 0
		}
	}
	if !o.known {
		o.page, o.known = pageOrder(o.bs), true
	}
	if o.page != 0 {
		return o.page > 0
	}
	return dayFirst(nil, o.lang)
}

// pageOrder is 1 when the page's first numeric date that tells its order
// puts the day first (29-09-2021, 13/02/2025), -1 when it puts the month
// first (02/13/2025), 0 when none tells.
func pageOrder(bs []page.Block) int {
	for _, b := range bs {
		if _, numeric := digitShapes(b.Text); !numeric {
			continue
		}
		for _, m := range numericRE.FindAllStringSubmatchIndex(b.Text, -1) {
			if dm, ok := numericMention(b.Text, m); ok && dm.order != 0 {
				return int(dm.order)
			}
		}
	}
	return 0
}

// dateLineRest is what may stand beside the date of a line that only
// dates the post: a weekday before it, a team or an author after a dash
// ("Jeudi 6 juin 2024 — L'équipe paiements", "Oct 15, 2019").
var dateLineRest = regexp.MustCompile(`(?i)^\W*(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s*(?:the\s+|le\s+)?)?\x00\W*(?:[—–|·-]\s*[^.:;!?]{0,40})?$`)

// dateLine reports whether a short line holds a full date and, besides it,
// at most a weekday and a signature: the day the post went up, written on
// its own under the title.
func dateLine(s string) bool {
	if len(s) > 70 || len(yearsIn(s)) == 0 {
		return false // a full date has its year
	}
	ds := find(s, 0)
	if len(ds) == 0 {
		return false
	}
	d := ds[0] // the line's first date is the one that must stand alone
	return d.hasYear && !d.hasTime && dateLineRest.MatchString(s[:d.start]+"\x00"+s[d.end:])
}

// pubWords find the words pubBefore needs, before it runs.
var pubWords = ahocorasick.New([]string{"published", "posted", "written", "publié", "rédigé", "en ligne"})

// pubBefore ends the text right before a date that says the post went up
// then: "rédigé le", "published on", "posted".
var pubBefore = regexp.MustCompile(`(?i)\b(?:published|posted|written|publiée?|rédigée?|mise? en ligne)(?:\s+(?:on|le|the))?\s*:?\s*$`)

// saidPublished returns the full date a short line says the post went up
// on, whatever else the line holds (a team, a severity).
func saidPublished(text string, o *orders) (string, bool) {
	if len(text) > 200 || !pubWords.ContainsFold(text) {
		return "", false
	}
	ds := Find(text, 0, 0)
	first := o.dayFirst(ds)
	for _, d := range ds {
		if d.hasYear && pubBefore.MatchString(text[max(0, d.start-25):d.start]) {
			if first {
				d = d.dayFirst()
			}
			return d.day.Format("2006-01-02"), true
		}
	}
	return "", false
}

// publishedLine reports whether a line of fields says when it was written.
func publishedLine(s string) bool {
	for _, d := range find(s, 0) {
		if k, ok := fieldKey(s, d.start); ok && publishedField.MatchString(k) {
			return true
		}
	}
	return false
}

// Candidate is a date the finder weighed, and what its sentence says it
// marks ("start,impact"), for the quality harness.
type Candidate struct {
	Mention Mention
	Roles   string
}

// Candidates returns the dates Incident weighs for d, their years found,
// in reading order.
func Candidates(d Doc) []Candidate {
	r := newReader(d)
	var out []Candidate
	for _, c := range r.candidates(d.URLDate) {
		out = append(out, Candidate{Mention: c.Mention, Roles: c.role.String()})
	}
	return out
}

// Pos is the index of the text a mention was found in: 0 for the title,
// then 1 for the first sentence.
func (m Mention) Pos() int { return m.pos }
