package ui

import (
	"net/url"
	"strconv"

	"github.com/pmkb/pmkb/index"
)

// The stats page's chart: incidents per year, each bar stacked by
// category, drawn as SVG on the server (no script, no library). An
// incident with two categories counts in both, so a bar's segments may
// add up to more than its incidents; the bar's label gives the incidents.

// Chart geometry, in SVG user units.
const (
	chartBarW    = 16  // one year's column
	chartBarGap  = 4   // between columns
	chartHeight  = 200 // the tallest bar
	chartLeft    = 36  // room for the axis labels
	chartTop     = 12  // room for the top label
	chartRight   = 24  // room for the last year's label
	chartBottom  = 30  // room for the year labels
	chartStacked = 6   // categories drawn in their own colour; the rest are "other"
)

// yearChart is the chart's data, ready for the template.
type yearChart struct {
	Width, Height int
	Top, Base     int // the y of the tallest bar's top and of every bar's foot
	YearY         int // the y of the year labels
	Bars          []yearBar
	Legend        []chartKey
	Ticks         []chartTick
}

type yearBar struct {
	Year      string
	Incidents int
	URL       string // the year's search
	Label     string // "2017: 5 incidents"
	X, LabelX int
	Segments  []chartSegment
	ShowYear  bool // years are labelled every fifth year and at the ends
}

type chartSegment struct {
	Y, Height int
	Class     string // the colour: c0 ... c5, other
	Title     string // "Database: 3"
}

type chartKey struct {
	Label, Class string
}

type chartTick struct {
	Y     int
	Label string
}

// newYearChart lays the bars out: every year from the first to the last,
// those without incidents too.
func (h *Handler) newYearChart(l localizer, years, cats []index.FacetValue, byCat map[string]map[string]int) *yearChart {
	first, last, ok := yearSpan(years)
	if !ok {
		return nil
	}
	incidents := map[string]int{}
	for _, y := range years {
		incidents[y.Value] = y.Count
	}
	stacked := cats[:min(len(cats), chartStacked)]
	top := 1
	tags := map[string]int{}
	for y := first; y <= last; y++ {
		ys := strconv.Itoa(y)
		for _, c := range cats {
			tags[ys] += byCat[c.Value][ys]
		}
		top = max(top, tags[ys])
	}
	ch := &yearChart{Width: chartLeft + (last-first+1)*(chartBarW+chartBarGap) + chartRight,
		Height: chartTop + chartHeight + chartBottom, Top: chartTop, Base: chartTop + chartHeight}
	ch.YearY = ch.Base + 16
	for i, c := range stacked {
		ch.Legend = append(ch.Legend, chartKey{Label: h.categoryName(l, c.Value), Class: "c" + strconv.Itoa(i)})
	}
	if len(cats) > len(stacked) {
		ch.Legend = append(ch.Legend, chartKey{Label: l.T("Other categories"), Class: "other"})
	}
	for _, t := range []int{0, top / 2, top} {
		ch.Ticks = append(ch.Ticks, chartTick{Y: ch.Base - t*chartHeight/top, Label: strconv.Itoa(t)})
	}
	for y := first; y <= last; y++ {
		ys := strconv.Itoa(y)
		b := yearBar{Year: ys, Incidents: incidents[ys], URL: pathWithQuery("/", url.Values{index.FacetYear: {ys}}),
			X: chartLeft + (y-first)*(chartBarW+chartBarGap), ShowYear: y == first || y == last || y%5 == 0}
		b.LabelX = b.X + chartBarW/2
		b.Label = l.T("%s: %s", ys, l.N(b.Incidents, "%d incident", "%d incidents"))
		base := ch.Base
		other := tags[ys]
		for i, c := range stacked {
			n := byCat[c.Value][ys]
			other -= n
			base = b.addSegment(l, base, n, top, "c"+strconv.Itoa(i), h.categoryName(l, c.Value))
		}
		b.addSegment(l, base, other, top, "other", l.T("Other categories"))
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

// addSegment stacks n on the bar from base up and returns the new base.
func (b *yearBar) addSegment(l localizer, base, n, top int, class, name string) int {
	if n <= 0 {
		return base
	}
	hgt := max(1, n*chartHeight/top)
	b.Segments = append(b.Segments, chartSegment{Y: base - hgt, Height: hgt, Class: class, Title: l.T("%s: %d", name, n)})
	return base - hgt
}

// yearSpan returns the first and last year of years.
func yearSpan(years []index.FacetValue) (first, last int, ok bool) {
	for _, y := range years {
		n, err := strconv.Atoi(y.Value)
		if err != nil {
			continue
		}
		if !ok || n < first {
			first = n
		}
		if !ok || n > last {
			last = n
		}
		ok = true
	}
	return first, last, ok
}
