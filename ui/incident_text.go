package ui

import (
	"strings"
	"unicode"

	"github.com/pmkb/pmkb/data"
)

// textPart is a run of a paragraph, marked when it is the root cause.
type textPart struct {
	Text  string
	Cause bool
}

// incidentText is the prose of a record's page with every piece of text
// shown once: the summary, the root cause, then the sections that add
// something. Extracted records repeat themselves (the summary is cut from
// the summary section, the root cause is often a sentence of the summary),
// so each piece is compared with what is already shown, ignoring case,
// spacing and punctuation.
type incidentText struct {
	Summary   [][]textPart // paragraphs; the root cause is marked in them when it is there
	RootCause string       // empty when the summary shows it marked
	Sections  []sectionView
	shown     []shownText
}

// shownText is a piece of text on the page, the heading it sits under and
// the id of its section.
type shownText struct{ heading, id, text string }

func newIncidentText(pm data.Postmortem) incidentText {
	var out incidentText
	sum := strings.TrimSpace(pm.Summary)
	if sec := strings.TrimSpace(pm.Sections.Summary); sum == "" || containsText(sec, sum) {
		sum = sec // the summary section says the same or more
	}
	rc := strings.TrimSpace(pm.RootCause)
	if sum != "" && !containsText(rc, sum) {
		out.Summary = markCause(paragraphs(sum), rc)
		out.shown = append(out.shown, shownText{msg("Summary"), "sum", sum})
	}
	if rc != "" {
		// Where the page shows the cause: marked in the summary, or in its
		// own section; evidence quoting it names that place.
		where := shownText{msg("Summary"), "sum", rc}
		if !hasCause(out.Summary) {
			out.RootCause, where = rc, shownText{msg("Root cause"), "rc", rc}
		}
		out.shown = append(out.shown, where)
	}
	s := pm.Sections
	for _, sec := range []struct {
		heading, text string
		list          bool
	}{
		{msg("Summary"), s.Summary, false}, {msg("Impact"), s.Impact, false}, {msg("Detection"), s.Detection, false},
		{msg("Timeline"), s.Timeline, true}, {msg("Root cause"), s.RootCause, false},
		{msg("Mitigation"), s.Mitigation, false}, {msg("Action items"), s.ActionItems, true},
	} {
		t := strings.TrimSpace(sec.text)
		if t == "" || out.shownUnder(t) != nil {
			continue
		}
		if sec.heading == "Summary" && out.Summary != nil {
			sec.heading = msg("Overview") // a second, different summary; one "Summary" heading per page
		}
		v := sectionView{Heading: sec.heading, ID: "sec-" + strings.ToLower(strings.ReplaceAll(sec.heading, " ", "-"))}
		switch {
		case sec.heading == "Timeline":
			v.Rows = parseTimeline(t)
		case sec.list:
			for _, r := range parseTimeline(t) {
				v.Items = append(v.Items, strings.TrimSpace(strings.TrimPrefix(r.When+": "+r.What, ": ")))
			}
		default:
			v.Paragraphs = paragraphs(t)
		}
		out.Sections = append(out.Sections, v)
		out.shown = append(out.shown, shownText{sec.heading, v.ID, t})
	}
	return out
}

// markCause splits the paragraph that holds the root cause around it, so
// the page highlights the cause in place instead of repeating it. It marks
// nothing when the cause is not in one paragraph word for word.
func markCause(paras []string, cause string) [][]textPart {
	out := make([][]textPart, len(paras))
	cause = collapseSpace(cause)
	found := cause == ""
	for i, p := range paras {
		p = collapseSpace(p)
		j := -1
		if !found {
			j = strings.Index(p, cause)
		}
		if j < 0 {
			out[i] = []textPart{{Text: p}}
			continue
		}
		found = true
		for _, part := range []textPart{{Text: p[:j]}, {Text: cause, Cause: true}, {Text: p[j+len(cause):]}} {
			if part.Text != "" {
				out[i] = append(out[i], part)
			}
		}
	}
	return out
}

func hasCause(paras [][]textPart) bool {
	for _, p := range paras {
		for _, part := range p {
			if part.Cause {
				return true
			}
		}
	}
	return false
}

// shownUnder returns the first piece on the page that contains text, or
// nil when text is not on the page yet.
func (t incidentText) shownUnder(text string) *shownText {
	for i, s := range t.shown {
		if containsText(s.text, text) {
			return &t.shown[i]
		}
	}
	return nil
}

// containsText reports whether small's words appear in big in the same
// order, ignoring case, spacing and punctuation. Empty text is in nothing.
func containsText(big, small string) bool {
	s := wordKey(small)
	return s != "" && strings.Contains(wordKey(big), s)
}

// wordKey lower-cases text and keeps its letters and digits as
// space-separated words, padded so that matches fall on word boundaries;
// text without a word gives "".
func wordKey(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return ""
	}
	return " " + strings.Join(words, " ") + " "
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
